package loadgen_test

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"loadgen"
)

// TestPercentiles: op(i) takes i+1 ms, so the latencies are 1, 2, ...,
// 100 ms whatever the callers do: the median is 50 ms, the 99th
// percentile 99 ms, the mean 50.5 ms.
func TestPercentiles(t *testing.T) {
	for _, callers := range []int{1, 7, 100} {
		synctest.Test(t, func(t *testing.T) {
			r := loadgen.Run(100, callers, func(i int) { time.Sleep(time.Duration(i+1) * time.Millisecond) })
			ms := time.Millisecond
			if r.P50 != 50*ms || r.P99 != 99*ms || r.Max != 100*ms || r.Mean != 50500*time.Microsecond {
				t.Errorf("callers=%d: P50, P99, Max, Mean = %v, %v, %v, %v, want 50ms, 99ms, 100ms, 50.5ms",
					callers, r.P50, r.P99, r.Max, r.Mean)
			}
		})
	}
}

// TestNearestRank: the p-th percentile of n values is the value of rank
// ceil(p/100 × n) in ascending order.
func TestNearestRank(t *testing.T) {
	cases := []struct {
		n             int
		p50, p99, max time.Duration
	}{
		{1, 1, 1, 1},
		{2, 1, 2, 2},
		{3, 2, 3, 3},
		{4, 2, 4, 4},
		{200, 100, 198, 200},
	}
	for _, c := range cases {
		synctest.Test(t, func(t *testing.T) {
			// Hand the latencies out in a scrambled order.
			r := loadgen.Run(c.n, 3, func(i int) { time.Sleep(time.Duration((i*7)%c.n+1) * time.Second) })
			if r.P50 != c.p50*time.Second || r.P99 != c.p99*time.Second || r.Max != c.max*time.Second {
				t.Errorf("n=%d: P50, P99, Max = %v, %v, %v, want %vs, %vs, %vs",
					c.n, r.P50, r.P99, r.Max, int64(c.p50), int64(c.p99), int64(c.max))
			}
		})
	}
}

// TestBoundedCallers counts the operations in progress at once: never
// more than the callers, and all of them while work remains.
func TestBoundedCallers(t *testing.T) {
	cases := []struct{ n, callers, peak, callersUsed int }{
		{10, 3, 3, 3},
		{5, 20, 5, 5}, // no more callers than operations
		{4, 0, 1, 1},  // callers below 1 counts as 1
		{4, -2, 1, 1},
		{12, 4, 4, 4},
	}
	for _, c := range cases {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			running, peak := 0, 0
			r := loadgen.Run(c.n, c.callers, func(int) {
				mu.Lock()
				running++
				peak = max(peak, running)
				mu.Unlock()
				time.Sleep(time.Second)
				mu.Lock()
				running--
				mu.Unlock()
			})
			if peak != c.peak {
				t.Errorf("Run(%d, %d): %d operations at once, want %d", c.n, c.callers, peak, c.peak)
			}
			if r.Callers != c.callersUsed {
				t.Errorf("Run(%d, %d): Callers = %d, want %d", c.n, c.callers, r.Callers, c.callersUsed)
			}
			rounds := (c.n + c.peak - 1) / c.peak
			if r.Elapsed != time.Duration(rounds)*time.Second {
				t.Errorf("Run(%d, %d) of one-second ops took %v, want %ds", c.n, c.callers, r.Elapsed, rounds)
			}
		})
	}
}

// TestFreeCallerTakesNext: op(0) takes 1 s and the ten others 100 ms. With
// two callers, one spends the second on op(0) while the other does the
// rest, so the run takes 1 s. Splitting the indices between the callers in
// advance would take 1.5 s.
func TestFreeCallerTakesNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := loadgen.Run(11, 2, func(i int) {
			if i == 0 {
				time.Sleep(time.Second)
			} else {
				time.Sleep(100 * time.Millisecond)
			}
		})
		if r.Elapsed != time.Second {
			t.Errorf("took %v, want 1s: a caller that is free must take the next index", r.Elapsed)
		}
	})
}

// TestConcurrentRuns: several load generators at once, from different
// goroutines, under the race detector.
func TestConcurrentRuns(t *testing.T) {
	const runs = 8
	reports := make([]loadgen.Report, runs)
	var wg sync.WaitGroup
	for k := range runs {
		wg.Go(func() {
			sum := make([]int, 300)
			reports[k] = loadgen.Run(len(sum), 1+k, func(i int) {
				for j := range 100 {
					sum[i] += j
				}
			})
			for i, s := range sum {
				if s != 4950 {
					t.Errorf("run %d: op(%d) left %d, want 4950", k, i, s)
					return
				}
			}
		})
	}
	wg.Wait()
	for k, r := range reports {
		if r.Ops != 300 || r.Callers != 1+k {
			t.Errorf("run %d: Ops, Callers = %d, %d, want 300, %d", k, r.Ops, r.Callers, 1+k)
		}
		if r.Max < r.P99 || r.P99 < r.P50 || r.Elapsed < r.Max {
			t.Errorf("run %d: want P50 ≤ P99 ≤ Max ≤ Elapsed, got %v, %v, %v, %v", k, r.P50, r.P99, r.Max, r.Elapsed)
		}
	}
}

// TestNothingToDo: no operations, or operations that take no time.
func TestNothingToDo(t *testing.T) {
	for _, n := range []int{0, -1} {
		if r := loadgen.Run(n, 4, func(int) { t.Error("op called") }); r != (loadgen.Report{}) {
			t.Errorf("Run(%d, 4) = %+v, want the zero Report", n, r)
		}
	}
	synctest.Test(t, func(t *testing.T) {
		r := loadgen.Run(5, 2, func(int) {}) // no time passes on the fake clock
		if r.Elapsed != 0 || r.Throughput != 0 || r.Mean != 0 || r.Max != 0 {
			t.Errorf("instant ops: %+v, want zero times and Throughput 0", r)
		}
		if r.Ops != 5 || r.Callers != 2 {
			t.Errorf("instant ops: Ops, Callers = %d, %d, want 5, 2", r.Ops, r.Callers)
		}
	})
}
