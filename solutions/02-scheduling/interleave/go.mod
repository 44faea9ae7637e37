module interleave

go 1.26
