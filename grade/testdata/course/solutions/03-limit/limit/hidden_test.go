package limit

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestBounded runs 10 one-second tasks with n = 5 on synctest's fake
// clock: never more than 5 at once, and all done after exactly 2s.
func TestBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		running, peak := 0, 0
		var tasks []func()
		for i := 0; i < 10; i++ {
			tasks = append(tasks, func() {
				mu.Lock()
				running++
				peak = max(peak, running)
				mu.Unlock()
				time.Sleep(time.Second)
				mu.Lock()
				running--
				mu.Unlock()
			})
		}
		start := time.Now()
		Run(5, tasks)
		if peak > 5 {
			t.Errorf("%d tasks ran at once, want at most 5", peak)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("10 one-second tasks, 5 at a time, took %v, want 2s", d)
		}
	})
}

// TestSpeed is graded by the timing criterion: the grader compares its wall
// time with the reference solution's, measured in the same job.
func TestSpeed(t *testing.T) {
	var tasks []func()
	for i := 0; i < 8; i++ {
		tasks = append(tasks, func() { time.Sleep(50 * time.Millisecond) })
	}
	Run(4, tasks)
}
