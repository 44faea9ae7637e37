// Package scaling measures how a kernel's speed changes with the number of
// workers that share its work, and names the shape of the curve.
package scaling

import "time"

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
//
// This version calls the workers' kernels one after the other on the
// calling goroutine, which is not a run with w workers at all, and leaves
// Speedup and Efficiency at zero.
func Measure(counts []int, kernel func(worker, workers int)) []Point {
	var points []Point
	for _, w := range counts {
		w = max(w, 1)
		start := time.Now()
		for i := range w {
			kernel(i, w)
		}
		points = append(points, Point{Workers: w, Elapsed: time.Since(start)})
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
	// TODO
	return "", 0
}
