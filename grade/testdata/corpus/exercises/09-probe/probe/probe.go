// Package probe is the exercise the adversarial corpus attacks. Its
// grading.json allows os, os/exec, net and syscall so that the attacks
// reach the sandbox and the verdict logic instead of stopping at the gate.
package probe

// Answer returns the answer.
func Answer() int { return 0 }

// Secret returns what only the hidden test knows.
func Secret() string { return "" }
