package probe

import "time"

// Right answers, and goroutines that panic after the test returned: one
// soon (within the grader's grace period), one much later.
func Answer() int {
	go func() {
		time.Sleep(100 * time.Millisecond)
		panic("late panic from a leftover goroutine")
	}()
	return 42
}

func Secret() string {
	go func() {
		time.Sleep(time.Hour)
		panic("much later")
	}()
	return "xyzzy-hidden-7f3a"
}
