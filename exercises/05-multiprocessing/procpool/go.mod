module procpool

go 1.26
