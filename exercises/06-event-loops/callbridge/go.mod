module callbridge

go 1.26
