package probe

import "time"

// Sleeping past the deadline, then the right answers.
func Answer() int {
	time.Sleep(time.Hour)
	return 42
}

func Secret() string {
	time.Sleep(time.Hour)
	return "xyzzy-hidden-7f3a"
}
