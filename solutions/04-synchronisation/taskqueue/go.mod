module taskqueue

go 1.26
