package probe

import _ "embed"

// Embedding the visible test file to learn what it checks.
//
//go:embed probe_test.go
var tests string

func Answer() int { return len(tests) }

func Secret() string { return tests }
