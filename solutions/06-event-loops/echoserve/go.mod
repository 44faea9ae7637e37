module echoserve

go 1.26
