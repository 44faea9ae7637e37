module parmap

go 1.26
