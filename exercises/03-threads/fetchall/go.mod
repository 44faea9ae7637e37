module fetchall

go 1.26
