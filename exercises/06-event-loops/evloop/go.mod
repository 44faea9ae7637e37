module evloop

go 1.26
