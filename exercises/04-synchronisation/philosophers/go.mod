module philosophers

go 1.26
