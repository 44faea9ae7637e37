package scaling_test

import (
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"scaling"
)

// ioKernel shares 24 waits of 10 ms among the workers: worker i waits for
// units i, i+workers, i+2×workers, ... On synctest's fake clock the waits
// take no real time and every duration is exact.
func ioKernel(worker, workers int) {
	for u := worker; u < 24; u += workers {
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMeasureIO: waiting work scales perfectly: 240, 120, 60 and 30 ms.
func TestMeasureIO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := scaling.Measure([]int{1, 2, 4, 8}, ioKernel)
		ms := time.Millisecond
		want := []scaling.Point{
			{Workers: 1, Elapsed: 240 * ms, Speedup: 1, Efficiency: 1},
			{Workers: 2, Elapsed: 120 * ms, Speedup: 2, Efficiency: 1},
			{Workers: 4, Elapsed: 60 * ms, Speedup: 4, Efficiency: 1},
			{Workers: 8, Elapsed: 30 * ms, Speedup: 8, Efficiency: 1},
		}
		if len(got) != len(want) {
			t.Fatalf("Measure returned %d points, want %d", len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Workers != w.Workers || g.Elapsed != w.Elapsed ||
				math.Abs(g.Speedup-w.Speedup) > 1e-9 || math.Abs(g.Efficiency-w.Efficiency) > 1e-9 {
				t.Errorf("point %d = %+v, want %+v", i, g, w)
			}
		}
	})
}

// TestClassify names the shapes of hand-made sweeps.
func TestClassify(t *testing.T) {
	sweep := func(workers []int, speedups ...float64) []scaling.Point {
		var ps []scaling.Point
		for i, s := range speedups {
			ps = append(ps, scaling.Point{
				Workers: workers[i], Speedup: s,
				Efficiency: s / (float64(workers[i]) / float64(workers[0])),
			})
		}
		return ps
	}
	w := []int{1, 2, 4, 8}
	cases := []struct {
		name   string
		points []scaling.Point
		shape  scaling.Shape
		best   int
	}{
		{"io", sweep(w, 1, 2, 3.9, 7.5), scaling.Linear, 8},
		{"cpu on two cores", sweep(w, 1, 1.95, 1.97, 1.96), scaling.Saturating, 2},
		{"memory bandwidth", sweep(w, 1, 1.7, 2.6, 2.7), scaling.Saturating, 4},
		{"one lock", sweep(w, 1, 1.02, 0.98, 1.01), scaling.Flat, 1},
		{"one cache line", sweep(w, 1, 0.6, 0.45, 0.4), scaling.Slower, 1},
		{"up, then down", sweep(w, 1, 1.8, 1.2, 0.85), scaling.Slower, 2},
	}
	for _, c := range cases {
		shape, best := scaling.Classify(c.points)
		if shape != c.shape || best != c.best {
			t.Errorf("%s: Classify = %q, %d, want %q, %d", c.name, shape, best, c.shape, c.best)
		}
	}
}

// TestWorkersRunTogether: the kernel is a barrier that lets no worker
// return before all of a run's workers have arrived. A "run with w
// workers" that calls them one at a time never gets past the first, and
// synctest reports the deadlock.
func TestWorkersRunTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		arrived := map[int]int{}
		gates := map[int]chan struct{}{}
		barrier := func(worker, workers int) {
			mu.Lock()
			if gates[workers] == nil {
				gates[workers] = make(chan struct{})
			}
			gate := gates[workers]
			arrived[workers]++
			if arrived[workers] == workers {
				close(gate)
			}
			mu.Unlock()
			<-gate
		}
		points := scaling.Measure([]int{1, 3, 5}, barrier)
		if len(points) != 3 {
			t.Fatalf("Measure returned %d points, want 3", len(points))
		}
	})
}
