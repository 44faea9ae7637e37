package probe

import "evil.example/answer"

// Uses a module its own go.mod would replace with a local copy.
func Answer() int { return answer.Answer() }

func Secret() string { return answer.Secret() }
