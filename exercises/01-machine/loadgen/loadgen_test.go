package loadgen_test

import (
	"math"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"loadgen"
)

// near reports whether a and b agree to within one part in a billion.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// TestOneCaller: ten operations of 10 ms each, one caller, on synctest's
// fake clock, where every duration is exact.
func TestOneCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := loadgen.Run(10, 1, func(int) { time.Sleep(10 * time.Millisecond) })
		want := loadgen.Report{
			Ops: 10, Callers: 1, Elapsed: 100 * time.Millisecond, Throughput: 100,
			Mean: 10 * time.Millisecond, P50: 10 * time.Millisecond,
			P99: 10 * time.Millisecond, Max: 10 * time.Millisecond,
		}
		if !near(r.Throughput, want.Throughput) {
			t.Errorf("Throughput = %v, want %v", r.Throughput, want.Throughput)
		}
		r.Throughput = want.Throughput
		if r != want {
			t.Errorf("Run(10, 1, 10ms op) =\n%+v, want\n%+v", r, want)
		}
	})
}

// TestLittlesLaw: with four callers keeping four 10 ms operations in
// flight, throughput is callers / latency = 400 per second, and the
// latency of each operation is unchanged.
func TestLittlesLaw(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := loadgen.Run(40, 4, func(int) { time.Sleep(10 * time.Millisecond) })
		if r.Ops != 40 || r.Callers != 4 {
			t.Errorf("Ops, Callers = %d, %d, want 40, 4", r.Ops, r.Callers)
		}
		if r.Elapsed != 100*time.Millisecond {
			t.Errorf("40 ops of 10 ms with 4 callers took %v, want 100ms", r.Elapsed)
		}
		if !near(r.Throughput, 400) {
			t.Errorf("Throughput = %v, want 400 (callers / latency)", r.Throughput)
		}
		if r.Mean != 10*time.Millisecond || r.P99 != 10*time.Millisecond {
			t.Errorf("Mean, P99 = %v, %v, want 10ms, 10ms", r.Mean, r.P99)
		}
	})
}

// TestEachOpOnce: every index is passed to op exactly once.
func TestEachOpOnce(t *testing.T) {
	const n = 5000
	calls := make([]atomic.Int32, n)
	r := loadgen.Run(n, 8, func(i int) { calls[i].Add(1) })
	if r.Ops != n {
		t.Errorf("Ops = %d, want %d", r.Ops, n)
	}
	for i := range calls {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("op(%d) was called %d times, want once", i, c)
		}
	}
}
