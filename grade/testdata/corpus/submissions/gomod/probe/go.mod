module probe

go 1.99

toolchain go1.99.0

require evil.example/answer v0.0.0

replace evil.example/answer => ../answer
