module futures

go 1.26
