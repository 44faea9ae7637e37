module cooprun

go 1.26
