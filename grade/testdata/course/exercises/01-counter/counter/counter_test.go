package counter

import "testing"

func TestSequential(t *testing.T) {
	var c Counter
	for i := 0; i < 100; i++ {
		c.Inc()
	}
	if got := c.Value(); got != 100 {
		t.Errorf("Value() = %d after 100 Inc, want 100", got)
	}
}
