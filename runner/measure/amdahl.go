package measure

import (
	"errors"
	"fmt"
	"math"
)

// Amdahl is the speed-up that n workers give a program whose parallel part
// is the fraction p of its sequential run time (Amdahl, "Validity of the
// single processor approach to achieving large scale computing
// capabilities", AFIPS 1967):
//
//	S(n) = 1 / ((1 − p) + p/n)
//
// S(1) = 1 whatever p, and S approaches 1/(1 − p) as n grows, never passing
// it: with p = 0.8, S(2) ≈ 1.667, S(4) = 2.5, S(8) ≈ 3.333 and S(320) ≈
// 4.94, below the limit 5. n ≤ 0 has no meaning and gives 0.
func Amdahl(p, n float64) float64 {
	if n <= 0 {
		return 0
	}
	return 1 / ((1 - p) + p/n)
}

// Fit is Amdahl's law fitted to a sweep's measured speed-ups.
type Fit struct {
	// P is the parallel fraction in [0, 1] that minimises the squared
	// differences between measured and predicted speed-ups.
	P float64 `json:"p"`
	// RMSE is the root mean square of those differences, in units of
	// speed-up: how well the law describes the measurement.
	RMSE float64 `json:"rmse"`
	// N holds each point's worker count relative to the sweep's first
	// value (Value / first), and Predicted the law's speed-up there.
	N         []float64 `json:"n"`
	Predicted []float64 `json:"predicted"`
}

// Speedup is the fitted law's speed-up at relative worker count n.
func (f Fit) Speedup(n float64) float64 { return Amdahl(f.P, n) }

// curveSegments is how finely Curve samples the law: 64 segments keep the
// polyline within a fraction of a pixel of the true curve on a chart a few
// hundred pixels wide, since S(n) bends only near n = 1.
const curveSegments = 64

// Curve samples the fitted law from n = 1 to nmax for drawing: {n, S(n)}
// pairs at geometrically spaced n (dense where the curve bends), first and
// last exactly 1 and nmax. nmax ≤ 1 gives the single point {1, 1}.
func (f Fit) Curve(nmax float64) [][2]float64 {
	if !(nmax > 1) || math.IsInf(nmax, 1) {
		return [][2]float64{{1, 1}}
	}
	pts := make([][2]float64, curveSegments+1)
	for i := range pts {
		n := math.Pow(nmax, float64(i)/curveSegments)
		if i == curveSegments {
			n = nmax
		}
		pts[i] = [2]float64{n, Amdahl(f.P, n)}
	}
	return pts
}

// FitAmdahl fits Amdahl's law to the speed-ups of a sweep table (see
// Table), taking n = Value / first value, by least squares on the
// speed-ups themselves (the "fit P by least squares to S(N)"), with
// P confined to [0, 1]: no speed-up at all fits P = 0, and super-linear
// speed-ups (caches warming, less GC per worker) fit P = 1, the law's
// edge, rather than an impossible fraction. It needs two points at
// different values with positive speed-ups.
func FitAmdahl(points []Point) (Fit, error) {
	if len(points) < 2 {
		return Fit{}, fmt.Errorf("amdahl fit: need at least 2 sweep points, have %d", len(points))
	}
	first := float64(points[0].Value)
	if first <= 0 {
		return Fit{}, fmt.Errorf("amdahl fit: first sweep value %d is not positive", points[0].Value)
	}
	ns := make([]float64, len(points))
	ss := make([]float64, len(points))
	distinct := false
	for i, p := range points {
		if !(p.Speedup > 0) || math.IsInf(p.Speedup, 0) {
			return Fit{}, fmt.Errorf("amdahl fit: no speed-up at value %d (median wall time 0?)", p.Value)
		}
		ns[i], ss[i] = float64(p.Value)/first, p.Speedup
		distinct = distinct || ns[i] != ns[0]
	}
	if !distinct {
		return Fit{}, errors.New("amdahl fit: need two different sweep values")
	}
	sse := func(p float64) float64 {
		var sum float64
		for i, n := range ns {
			d := ss[i] - Amdahl(p, n)
			sum += d * d
		}
		return sum
	}
	p := minimize(sse)
	f := Fit{P: p, N: ns, Predicted: make([]float64, len(ns))}
	for i, n := range ns {
		f.Predicted[i] = Amdahl(p, n)
	}
	f.RMSE = math.Sqrt(sse(p) / float64(len(ns)))
	return f, nil
}

// Search parameters of minimize. The grid step (1/100) is far narrower
// than any dip of a sum of squares of Amdahl curves, which are smooth and
// monotone in p; the tolerance (1e-9) is far below what a measurement can
// resolve.
const (
	gridSteps = 100
	tolerance = 1e-9
)

// invPhi is 1/φ = (√5 − 1)/2, the golden ratio's inverse, by which
// golden-section search shrinks its bracket each step.
const invPhi = 0.6180339887498949

// minimize returns the p in [0, 1] at which f is least: a grid scan finds
// the best cell, golden-section search refines within its neighbours, and
// the ends 0 and 1 are compared exactly so that a minimum on the boundary
// is returned as the boundary itself.
func minimize(f func(float64) float64) float64 {
	best := 0
	for i := 1; i <= gridSteps; i++ {
		if f(float64(i)/gridSteps) < f(float64(best)/gridSteps) {
			best = i
		}
	}
	a := float64(max(best-1, 0)) / gridSteps
	b := float64(min(best+1, gridSteps)) / gridSteps
	c, d := b-invPhi*(b-a), a+invPhi*(b-a)
	for b-a > tolerance {
		if f(c) < f(d) {
			b, d = d, c
			c = b - invPhi*(b-a)
		} else {
			a, c = c, d
			d = a + invPhi*(b-a)
		}
	}
	p := (a + b) / 2
	for _, edge := range []float64{0, 1} {
		if f(edge) <= f(p) {
			p = edge
		}
	}
	return p
}
