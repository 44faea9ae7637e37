module rpcmux

go 1.26
