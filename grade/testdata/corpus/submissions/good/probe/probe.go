// Package probe is the exercise the adversarial corpus attacks.
package probe

// Answer returns the answer.
func Answer() int { return 42 }

// Secret returns what only the hidden test knows.
func Secret() string { return "xyzzy-hidden-7f3a" }
