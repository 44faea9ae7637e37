package scaling_test

import (
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"scaling"
)

// The fake kernels below share 24 units of work of 10 ms among the
// workers, on synctest's fake clock. They differ in what the units share.

// coresKernel: every unit needs one of two "cores" (a semaphore), like
// CPU-bound work on a two-core machine.
func coresKernel() func(worker, workers int) {
	cores := make(chan struct{}, 2)
	return func(worker, workers int) {
		for u := worker; u < 24; u += workers {
			cores <- struct{}{}
			time.Sleep(10 * time.Millisecond)
			<-cores
		}
	}
}

// lockedKernel: every unit holds one lock, so the units run one at a time.
func lockedKernel() func(worker, workers int) {
	lock := make(chan struct{}, 1)
	return func(worker, workers int) {
		for u := worker; u < 24; u += workers {
			lock <- struct{}{}
			time.Sleep(10 * time.Millisecond)
			<-lock
		}
	}
}

// contendedKernel: like lockedKernel, but each unit takes 5 ms longer for
// every other worker fighting over the lock, like a cache line that
// travels between cores.
func contendedKernel() func(worker, workers int) {
	lock := make(chan struct{}, 1)
	return func(worker, workers int) {
		for u := worker; u < 24; u += workers {
			lock <- struct{}{}
			time.Sleep(10*time.Millisecond + time.Duration(workers-1)*5*time.Millisecond)
			<-lock
		}
	}
}

// TestShapes measures the fake kernels and classifies them. (Each kernel
// is made inside its bubble: a channel made outside would not be on the
// fake clock.)
func TestShapes(t *testing.T) {
	ms := time.Millisecond
	io := func() func(worker, workers int) { return ioKernel }
	cases := []struct {
		name    string
		kernel  func() func(worker, workers int)
		elapsed []time.Duration
		shape   scaling.Shape
		best    int
	}{
		{"io", io, []time.Duration{240 * ms, 120 * ms, 60 * ms, 30 * ms}, scaling.Linear, 8},
		{"two cores", coresKernel, []time.Duration{240 * ms, 120 * ms, 120 * ms, 120 * ms}, scaling.Saturating, 2},
		{"one lock", lockedKernel, []time.Duration{240 * ms, 240 * ms, 240 * ms, 240 * ms}, scaling.Flat, 1},
		{"contended", contendedKernel, []time.Duration{240 * ms, 360 * ms, 600 * ms, 1080 * ms}, scaling.Slower, 1},
	}
	for _, c := range cases {
		synctest.Test(t, func(t *testing.T) {
			points := scaling.Measure([]int{1, 2, 4, 8}, c.kernel())
			if len(points) != 4 {
				t.Fatalf("%s: Measure returned %d points, want 4", c.name, len(points))
			}
			for i, p := range points {
				if p.Elapsed != c.elapsed[i] {
					t.Errorf("%s: %d workers took %v, want %v", c.name, p.Workers, p.Elapsed, c.elapsed[i])
				}
			}
			shape, best := scaling.Classify(points)
			if shape != c.shape || best != c.best {
				t.Errorf("%s: Classify = %q, %d, want %q, %d", c.name, shape, best, c.shape, c.best)
			}
		})
	}
}

// TestRunsDoNotOverlap: a run starts only after the previous one has
// ended, and every run has exactly its workers in progress at once.
func TestRunsDoNotOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		active := map[int]int{} // workers of a run -> calls in progress
		peak := map[int]int{}
		kernel := func(worker, workers int) {
			mu.Lock()
			for w, n := range active {
				if w != workers && n > 0 {
					t.Errorf("a run with %d workers started while one with %d was in progress", workers, w)
				}
			}
			active[workers]++
			peak[workers] = max(peak[workers], active[workers])
			mu.Unlock()
			time.Sleep(time.Duration(1+worker) * time.Second) // the last worker ends last
			mu.Lock()
			active[workers]--
			mu.Unlock()
		}
		points := scaling.Measure([]int{2, 5, 3, 1}, kernel)
		for _, w := range []int{2, 5, 3, 1} {
			if peak[w] != w {
				t.Errorf("the run with %d workers had %d in progress at once, want %d", w, peak[w], w)
			}
		}
		for i, want := range []int{2, 5, 3, 1} {
			if i < len(points) && points[i].Elapsed != time.Duration(want)*time.Second {
				t.Errorf("the run with %d workers took %v, want %ds (until its last worker returned)", want, points[i].Elapsed, want)
			}
		}
	})
}

// TestEveryWorkerOnce: each run calls kernel(i, w) once for every i in
// [0, w), and the points come in the order of counts.
func TestEveryWorkerOnce(t *testing.T) {
	var mu sync.Mutex
	calls := map[[2]int]int{}
	points := scaling.Measure([]int{3, 1, 5, 0, -2}, func(worker, workers int) {
		mu.Lock()
		calls[[2]int{worker, workers}]++
		mu.Unlock()
	})
	wantWorkers := []int{3, 1, 5, 1, 1} // counts below 1 count as 1
	if len(points) != len(wantWorkers) {
		t.Fatalf("Measure returned %d points, want %d", len(points), len(wantWorkers))
	}
	for i, w := range wantWorkers {
		if points[i].Workers != w {
			t.Errorf("point %d has Workers %d, want %d", i, points[i].Workers, w)
		}
	}
	want := map[[2]int]int{{0, 1}: 3}
	for _, w := range []int{3, 5} {
		for i := range w {
			want[[2]int{i, w}] = 1
		}
	}
	for k, n := range want {
		if calls[k] != n {
			t.Errorf("kernel(%d, %d) was called %d times, want %d", k[0], k[1], calls[k], n)
		}
	}
	if len(calls) != len(want) {
		t.Errorf("kernel was called with %d distinct arguments, want %d", len(calls), len(want))
	}
	if scaling.Measure(nil, func(int, int) { t.Error("kernel called") }) != nil {
		t.Error("Measure(nil) is not nil")
	}
}

// TestConcurrentMeasures: several sweeps at once, from several goroutines,
// under the race detector.
func TestConcurrentMeasures(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			sums := make([]int, 8)
			points := scaling.Measure([]int{1, 2, 4, 8}, func(worker, workers int) {
				for j := range 1000 {
					sums[worker] += j
				}
			})
			if len(points) != 4 || points[3].Workers != 8 {
				t.Errorf("Measure returned %+v, want 4 points ending with 8 workers", points)
			}
		})
	}
	wg.Wait()
}

// TestClassifyEdges: no points, one point, unsorted counts.
func TestClassifyEdges(t *testing.T) {
	if shape, best := scaling.Classify(nil); shape != "" || best != 0 {
		t.Errorf("Classify(nil) = %q, %d, want \"\", 0", shape, best)
	}
	one := []scaling.Point{{Workers: 3, Elapsed: time.Second, Speedup: 1, Efficiency: 1}}
	if shape, best := scaling.Classify(one); shape != scaling.Flat || best != 3 {
		t.Errorf("Classify(one point) = %q, %d, want %q, 3", shape, best, scaling.Flat)
	}
	unsorted := []scaling.Point{
		{Workers: 4, Speedup: 1, Efficiency: 1},
		{Workers: 1, Speedup: 0.98, Efficiency: 3.92},
		{Workers: 2, Speedup: 1.4, Efficiency: 2.8},
	}
	if shape, best := scaling.Classify(unsorted); shape != scaling.Linear || best != 2 {
		t.Errorf("Classify(unsorted) = %q, %d, want %q, 2", shape, best, scaling.Linear)
	}
}

// TestInstantKernel: runs that take no time on the fake clock.
func TestInstantKernel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		points := scaling.Measure([]int{2, 4}, func(int, int) {})
		if len(points) != 2 {
			t.Fatalf("Measure returned %d points, want 2", len(points))
		}
		for i, p := range points {
			if p.Elapsed != 0 || p.Speedup != 1 || math.Abs(p.Efficiency-2/float64(p.Workers)) > 1e-9 {
				t.Errorf("point %d = %+v, want Elapsed 0, Speedup 1, Efficiency %v", i, p, 2/float64(p.Workers))
			}
		}
	})
}
