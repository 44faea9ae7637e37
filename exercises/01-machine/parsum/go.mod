module parsum

go 1.26
