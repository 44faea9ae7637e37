// Package scaling measures how a kernel's speed changes with the number of
// workers that share its work, and names the shape of the curve.
package scaling

import (
	"sync"
	"time"
)

// Point is one run of a sweep.
type Point struct {
	Workers    int
	Elapsed    time.Duration
	Speedup    float64 // the first point's Elapsed / this point's Elapsed
	Efficiency float64 // Speedup / (Workers / the first point's Workers)
}

// Measure runs kernel once for each worker count in counts, in the order
// given, one run after the other (never two at once); a count below 1
// counts as 1. A run with w workers starts w goroutines at once, the i-th
// calling kernel(i, w), and ends when every one has returned. Elapsed is
// the time from the start of the run to its end. Speedup and Efficiency
// compare each point with the first; a zero Elapsed gives a Speedup of 1
// against a zero first Elapsed and 0 otherwise. Measure returns nil for no
// counts.
func Measure(counts []int, kernel func(worker, workers int)) []Point {
	var points []Point
	for _, w := range counts {
		w = max(w, 1)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range w {
			wg.Go(func() { kernel(i, w) })
		}
		wg.Wait()
		points = append(points, Point{Workers: w, Elapsed: time.Since(start)})
	}
	for i := range points {
		p, first := &points[i], points[0]
		switch {
		case p.Elapsed > 0:
			p.Speedup = float64(first.Elapsed) / float64(p.Elapsed)
		case first.Elapsed == 0:
			p.Speedup = 1
		}
		p.Efficiency = p.Speedup / (float64(p.Workers) / float64(first.Workers))
	}
	return points
}

// Shape is how a kernel scales.
type Shape string

const (
	Linear     Shape = "linear"     // every point's efficiency is at least 0.8
	Saturating Shape = "saturating" // it gains, then stops gaining
	Flat       Shape = "flat"       // no point reaches a speed-up of 1.25
	Slower     Shape = "slower"     // the last point's speed-up is below 0.9
)

// Classify names the shape of a sweep, testing the rules in this order:
// Slower, Flat, Linear, and Saturating when none of them holds. best is
// the smallest worker count whose speed-up is at least 0.9 times the
// largest speed-up measured. Classify of no points is ("", 0).
func Classify(points []Point) (shape Shape, best int) {
	if len(points) == 0 {
		return "", 0
	}
	top, allFlat, allEfficient := 0.0, true, true
	for _, p := range points {
		top = max(top, p.Speedup)
		allFlat = allFlat && p.Speedup < 1.25
		allEfficient = allEfficient && p.Efficiency >= 0.8
	}
	best = points[0].Workers
	found := false
	for _, p := range points {
		if p.Speedup >= 0.9*top && (!found || p.Workers < best) {
			best, found = p.Workers, true
		}
	}
	switch {
	case points[len(points)-1].Speedup < 0.9:
		shape = Slower
	case allFlat:
		shape = Flat
	case allEfficient:
		shape = Linear
	default:
		shape = Saturating
	}
	return shape, best
}
