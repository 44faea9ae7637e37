module roundrobin

go 1.26
