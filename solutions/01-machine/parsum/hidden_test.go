package parsum_test

import (
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"parsum"
)

// TestAtMostWorkers runs one-second terms on synctest's fake clock and
// records how many calls of term were in progress at once: never more than
// workers, and all of them while chunks remain, so the total time is
// exactly rounds × chunk seconds.
func TestAtMostWorkers(t *testing.T) {
	cases := []struct {
		n, chunk, workers int
		peak              int
		took              time.Duration
	}{
		{12, 1, 3, 3, 4 * time.Second},
		{12, 2, 5, 5, 4 * time.Second},  // 6 chunks of 2 s: two rounds
		{5, 1, 0, 1, 5 * time.Second},   // workers below 1 counts as 1
		{3, 1, 8, 3, 1 * time.Second},   // more workers than chunks
		{7, 3, 2, 2, 4 * time.Second},   // chunks of 3, 3 and 1 s
		{6, 0, 6, 6, 1 * time.Second},   // chunk below 1 counts as 1
		{40, 4, 4, 4, 12 * time.Second}, // 10 chunks of 4 s: three rounds
	}
	for _, c := range cases {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			running, peak := 0, 0
			term := func(i int) float64 {
				mu.Lock()
				running++
				peak = max(peak, running)
				mu.Unlock()
				time.Sleep(time.Second)
				mu.Lock()
				running--
				mu.Unlock()
				return 1
			}
			start := time.Now()
			got := parsum.Sum(c.n, c.chunk, c.workers, term)
			took := time.Since(start)
			if got != float64(c.n) {
				t.Errorf("Sum(%d, %d, %d) = %v, want %d", c.n, c.chunk, c.workers, got, c.n)
			}
			if peak != c.peak {
				t.Errorf("Sum(%d, %d, %d): %d calls of term at once, want %d", c.n, c.chunk, c.workers, peak, c.peak)
			}
			if took != c.took {
				t.Errorf("Sum(%d, %d, %d) of one-second terms took %v, want %v", c.n, c.chunk, c.workers, took, c.took)
			}
		})
	}
}

// TestSameBitsAnyOrder adds floating-point terms whose sum depends on the
// order of addition. The first term of each chunk sleeps on synctest's
// fake clock so that the chunks finish in reverse order; the answer must
// still be the chunk-order sum, bit for bit, for every worker count.
func TestSameBitsAnyOrder(t *testing.T) {
	const chunk, chunks = 4, 8
	const n = chunk * chunks
	values := []float64{1e16, 1, -1e16, 1, 3, 1e16, 0.5, -1e16}
	value := func(i int) float64 { return values[(i/chunk+i)%len(values)] }

	want := 0.0
	for c := 0; c < chunks; c++ {
		s := 0.0
		for i := c * chunk; i < (c+1)*chunk; i++ {
			s += value(i)
		}
		want += s
	}
	reverse := 0.0
	for c := chunks - 1; c >= 0; c-- {
		s := 0.0
		for i := c * chunk; i < (c+1)*chunk; i++ {
			s += value(i)
		}
		reverse += s
	}
	if want == reverse {
		t.Fatal("bad test data: the order of the chunks does not matter")
	}

	for workers := 1; workers <= chunks+1; workers++ {
		synctest.Test(t, func(t *testing.T) {
			got := parsum.Sum(n, chunk, workers, func(i int) float64 {
				if i%chunk == 0 {
					time.Sleep(time.Duration(chunks-i/chunk) * time.Millisecond)
				}
				return value(i)
			})
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("workers=%d: Sum = %v, want %v (the partial sums added in chunk order)", workers, got, want)
			}
		})
	}
}

// TestConcurrentCallers calls Sum from many goroutines at once; under the
// race detector, the calls must not share anything unsynchronised.
func TestConcurrentCallers(t *testing.T) {
	const callers = 16
	got := make([]float64, callers)
	var wg sync.WaitGroup
	for k := range callers {
		wg.Go(func() {
			got[k] = parsum.Sum(2000+k, 1+k, 1+k%5, func(i int) float64 { return float64(i) })
		})
	}
	wg.Wait()
	for k, g := range got {
		n := 2000 + k
		if want := float64(n * (n - 1) / 2); g != want {
			t.Errorf("caller %d: Sum = %v, want %v", k, g, want)
		}
	}
}

// TestReturnsAfterEveryCall checks that Sum returns only once every call
// of term has returned: what the calls wrote must be visible, without a
// data race, when Sum returns, and no call may still be running.
func TestReturnsAfterEveryCall(t *testing.T) {
	const n = 1000
	out := make([]int, n)
	var done atomic.Int32
	parsum.Sum(n, 16, 4, func(i int) float64 {
		out[i] = i * i
		done.Add(1)
		return 0
	})
	if d := done.Load(); d != n {
		t.Fatalf("Sum returned after %d of %d calls of term", d, n)
	}
	for i, v := range out {
		if v != i*i {
			t.Fatalf("out[%d] = %d after Sum returned, want %d", i, v, i*i)
		}
	}

	synctest.Test(t, func(t *testing.T) {
		var finished atomic.Int32
		parsum.Sum(10, 1, 3, func(i int) float64 {
			time.Sleep(time.Duration(i) * time.Second) // the last call ends last
			finished.Add(1)
			return 0
		})
		if f := finished.Load(); f != 10 {
			t.Errorf("Sum returned when %d of 10 calls had finished", f)
		}
	})
}

// TestEdgeCases: nothing to add, and chunk or workers out of range.
func TestEdgeCases(t *testing.T) {
	called := false
	never := func(int) float64 { called = true; return 1 }
	for _, n := range []int{0, -3} {
		if got := parsum.Sum(n, 4, 4, never); got != 0 || called {
			t.Errorf("Sum(%d, ...) = %v (term called: %v), want 0 without calling term", n, got, called)
		}
	}
	one := func(int) float64 { return 1 }
	for _, c := range []struct{ n, chunk, workers int }{
		{5, 0, 2}, {5, -1, 2}, {5, 2, 0}, {5, 2, -4}, {5, 100, 3}, {1, 1, 1000},
	} {
		if got := parsum.Sum(c.n, c.chunk, c.workers, one); got != float64(c.n) {
			t.Errorf("Sum(%d, %d, %d) of ones = %v, want %d", c.n, c.chunk, c.workers, got, c.n)
		}
	}
}
