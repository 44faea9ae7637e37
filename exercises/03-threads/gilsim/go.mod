module gilsim

go 1.26
