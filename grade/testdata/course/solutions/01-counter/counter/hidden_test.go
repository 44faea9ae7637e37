package counter_test

import (
	"sync"
	"testing"

	"counter"
)

func TestConcurrent(t *testing.T) {
	var c counter.Counter
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				c.Inc()
			}
		}()
	}
	wg.Wait()
	if got := c.Value(); got != 8000 {
		t.Errorf("Value() = %d after 8×1000 concurrent Inc, want 8000", got)
	}
}
