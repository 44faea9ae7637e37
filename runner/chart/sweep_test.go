package chart

import (
	"math"
	"strings"
	"testing"
)

// amdahl is the curve S(N) = 1 / ((1-p) + p/N) from N = 1 to n.
func amdahl(p float64, n int) []Point {
	var pts []Point
	for x := 1.0; x <= float64(n); x += 0.5 {
		pts = append(pts, Point{x, 1 / ((1 - p) + p/x)})
	}
	return pts
}

// sampleSweep is a CPU-bound sweep on a 2-core machine.
func sampleSweep() SweepChart {
	return SweepChart{
		Title:  "Speed-up against GOMAXPROCS",
		XLabel: "GOMAXPROCS",
		Points: []SweepPoint{
			{N: 1, Speedup: 1, Low: 0.97, High: 1.02},
			{N: 2, Speedup: 1.86, Low: 1.79, High: 1.9},
			{N: 4, Speedup: 1.93, Low: 1.85, High: 1.98},
			{N: 8, Speedup: 1.95, Low: 1.9, High: 2.01},
		},
		Amdahl:      amdahl(0.93, 8),
		AmdahlLabel: "Amdahl fit, P = 0.93",
	}
}

func TestSweepGolden(t *testing.T) {
	b := Sweep(sampleSweep())
	d := wellFormed(t, b)
	golden(t, "sweep.svg", b)
	for _, want := range []string{"GOMAXPROCS=2: 1.86×", "Ideal: S = N", "Amdahl fit, P = 0.93: from 1.00× at GOMAXPROCS=1"} {
		if !strings.Contains(d.desc, want) {
			t.Errorf("desc %q lacks %q", d.desc, want)
		}
	}
	for _, class := range []string{`class="ideal"`, `class="fit"`, `class="measured"`} {
		if !strings.Contains(string(b), class) {
			t.Errorf("no %s line", class)
		}
	}
}

func TestSweepEscapes(t *testing.T) {
	c := sampleSweep()
	c.Title, c.XLabel, c.AmdahlLabel = hostile, hostile, hostile
	b := Sweep(c)
	checkEscaped(t, b, wellFormed(t, b))
}

func TestSweepOddInput(t *testing.T) {
	for name, c := range map[string]SweepChart{
		"empty":    {},
		"one":      {Points: []SweepPoint{{N: 1, Speedup: 1}}},
		"nan":      {Points: []SweepPoint{{N: 1, Speedup: math.NaN()}, {N: 2, Speedup: math.Inf(1)}}, Amdahl: []Point{{1, math.NaN()}}},
		"unsorted": {Points: []SweepPoint{{N: 4, Speedup: 3}, {N: 1, Speedup: 1}, {N: 2, Speedup: 2}}},
		"many":     {Points: manyPoints(40)},
	} {
		t.Run(name, func(t *testing.T) {
			b := Sweep(c)
			wellFormed(t, b)
			if strings.Contains(string(b), "NaN") || strings.Contains(string(b), "Inf") {
				t.Errorf("non-finite number in the output:\n%s", b)
			}
		})
	}
}

func manyPoints(n int) []SweepPoint {
	var pts []SweepPoint
	for i := 1; i <= n; i++ {
		pts = append(pts, SweepPoint{N: float64(i), Speedup: math.Min(float64(i), 2)})
	}
	return pts
}
