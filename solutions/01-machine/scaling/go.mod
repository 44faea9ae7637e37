module scaling

go 1.26
