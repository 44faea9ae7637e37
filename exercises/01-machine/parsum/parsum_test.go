package parsum_test

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"parsum"
)

// chunked is Sum's definition, computed serially.
func chunked(n, chunk int, term func(int) float64) float64 {
	chunk = max(chunk, 1)
	total := 0.0
	for lo := 0; lo < n; lo += chunk {
		s := 0.0
		for i := lo; i < min(lo+chunk, n); i++ {
			s += term(i)
		}
		total += s
	}
	return total
}

// TestMatchesSerial compares Sum with the serial definition for many
// lengths, chunk sizes and worker counts.
func TestMatchesSerial(t *testing.T) {
	term := func(i int) float64 { return float64(i%7) - 2.5 }
	for _, n := range []int{0, 1, 2, 10, 1000, 1001} {
		for _, chunk := range []int{1, 3, 64, 5000} {
			for _, workers := range []int{1, 2, 4, 16} {
				got := parsum.Sum(n, chunk, workers, term)
				if want := chunked(n, chunk, term); got != want {
					t.Errorf("Sum(%d, %d, %d) = %v, want %v", n, chunk, workers, got, want)
				}
			}
		}
	}
}

// TestEveryIndexOnce checks that term is called exactly once per index.
func TestEveryIndexOnce(t *testing.T) {
	const n = 10_000
	calls := make([]atomic.Int32, n)
	parsum.Sum(n, 37, 4, func(i int) float64 {
		calls[i].Add(1)
		return 1
	})
	for i := range calls {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("term(%d) was called %d times, want once", i, c)
		}
	}
}

// TestUsesWorkers runs four chunks of two one-second terms with four
// workers on synctest's fake clock: the four chunks run side by side, so
// the sum takes exactly two (fake) seconds. One after the other, it would
// take eight.
func TestUsesWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		got := parsum.Sum(8, 2, 4, func(i int) float64 {
			time.Sleep(time.Second)
			return float64(i)
		})
		if got != 28 {
			t.Errorf("Sum = %v, want 28", got)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("4 chunks of 2 s on 4 workers took %v, want 2s", d)
		}
	})
}
