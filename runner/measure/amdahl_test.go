package measure

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAmdahl(t *testing.T) {
	tests := []struct{ p, n, want float64 }{
		// p = 0.8: the limit is 1/(1-0.8) = 5.
		{0.8, 1, 1},
		{0.8, 2, 1 / 0.6},      // ≈ 1.667
		{0.8, 4, 2.5},          // 1 / (0.2 + 0.2)
		{0.8, 8, 1 / 0.3},      // ≈ 3.333
		{0.8, 320, 1 / 0.2025}, // ≈ 4.938
		{0, 8, 1},
		{1, 8, 8},
		{0.5, 0, 0},
	}
	for _, tt := range tests {
		if got := Amdahl(tt.p, tt.n); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Amdahl(%v, %v) = %v, want %v", tt.p, tt.n, got, tt.want)
		}
	}
	// The rounded values the issue and the book quote.
	for _, q := range []struct{ n, want, tol float64 }{{2, 1.667, 5e-4}, {8, 3.333, 5e-4}, {320, 4.94, 5e-3}} {
		if got := Amdahl(0.8, q.n); math.Abs(got-q.want) > q.tol {
			t.Errorf("Amdahl(0.8, %v) = %v, want ≈ %v", q.n, got, q.want)
		}
	}
}

func TestAmdahlNeverPassesItsLimit(t *testing.T) {
	prev := 0.0
	for n := 1.0; n <= 1<<20; n *= 2 {
		s := Amdahl(0.8, n)
		if s >= 5 || s <= prev {
			t.Fatalf("Amdahl(0.8, %v) = %v: want increasing and below 5 (previous %v)", n, s, prev)
		}
		prev = s
	}
}

// synthetic builds a sweep table whose speed-ups follow Amdahl's law with
// parallel fraction p, each multiplied by 1 + noise·u, u uniform in [-1, 1].
func synthetic(p float64, values []int, noise float64, rng *rand.Rand) []Point {
	pts := make([]Point, len(values))
	for i, v := range values {
		s := Amdahl(p, float64(v)/float64(values[0]))
		if i > 0 && noise > 0 {
			s *= 1 + noise*(2*rng.Float64()-1)
		}
		pts[i] = Point{Value: v, Speedup: s}
	}
	return pts
}

func TestFitAmdahlExact(t *testing.T) {
	for _, p := range []float64{0, 0.1, 0.5, 0.8, 0.95, 0.999, 1} {
		for _, values := range [][]int{{1, 2}, {1, 2, 4, 8}, {2, 4, 8, 16}, {1, 3, 5, 7, 9}} {
			fit, err := FitAmdahl(synthetic(p, values, 0, nil))
			if err != nil {
				t.Fatalf("p=%v %v: %v", p, values, err)
			}
			if math.Abs(fit.P-p) > 1e-6 || fit.RMSE > 1e-6 {
				t.Errorf("p=%v %v: fitted P=%v RMSE=%v", p, values, fit.P, fit.RMSE)
			}
		}
	}
}

func TestFitAmdahlNoisy(t *testing.T) {
	// ±3% multiplicative noise on every speed-up, more than the run-to-run
	// spread of a quiet machine; P must come back within 0.02.
	values := []int{1, 2, 4, 8, 16}
	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 3))
		for _, p := range []float64{0.3, 0.6, 0.8, 0.9, 0.97} {
			fit, err := FitAmdahl(synthetic(p, values, 0.03, rng))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(fit.P-p) > 0.02 {
				t.Errorf("seed %d p=%v: fitted P=%v", seed, p, fit.P)
			}
		}
	}
}

func TestFitAmdahlEdges(t *testing.T) {
	tests := []struct {
		name   string
		points []Point
		want   float64
	}{
		{"no speed-up", []Point{{Value: 1, Speedup: 1}, {Value: 2, Speedup: 1}, {Value: 4, Speedup: 1}}, 0},
		{"slow-down clamps to 0", []Point{{Value: 1, Speedup: 1}, {Value: 2, Speedup: 0.8}, {Value: 4, Speedup: 0.6}}, 0},
		{"linear", []Point{{Value: 1, Speedup: 1}, {Value: 2, Speedup: 2}, {Value: 4, Speedup: 4}}, 1},
		{"super-linear clamps to 1", []Point{{Value: 1, Speedup: 1}, {Value: 2, Speedup: 2.5}, {Value: 4, Speedup: 6}}, 1},
	}
	for _, tt := range tests {
		fit, err := FitAmdahl(tt.points)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if fit.P != tt.want {
			t.Errorf("%s: P = %v, want exactly %v", tt.name, fit.P, tt.want)
		}
	}
}

func TestFitAmdahlPredicted(t *testing.T) {
	pts := []Point{{Value: 2, Speedup: 1}, {Value: 4, Speedup: 1.7}, {Value: 8, Speedup: 2.4}}
	fit, err := FitAmdahl(pts)
	if err != nil {
		t.Fatal(err)
	}
	var sse float64
	for i, n := range []float64{1, 2, 4} {
		if fit.N[i] != n {
			t.Errorf("N[%d] = %v, want %v (value / first value)", i, fit.N[i], n)
		}
		if want := Amdahl(fit.P, n); fit.Predicted[i] != want {
			t.Errorf("Predicted[%d] = %v, want %v", i, fit.Predicted[i], want)
		}
		d := pts[i].Speedup - fit.Predicted[i]
		sse += d * d
	}
	if rmse := math.Sqrt(sse / 3); math.Abs(fit.RMSE-rmse) > 1e-12 {
		t.Errorf("RMSE = %v, want %v", fit.RMSE, rmse)
	}
	// Least squares: nudging P either way fits worse.
	for _, dp := range []float64{-1e-4, 1e-4} {
		var other float64
		for i, n := range fit.N {
			d := pts[i].Speedup - Amdahl(fit.P+dp, n)
			other += d * d
		}
		if other < sse {
			t.Errorf("P%+v fits better (%v < %v): not the least-squares P", dp, other, sse)
		}
	}
}

func TestFitAmdahlErrors(t *testing.T) {
	tests := []struct {
		name   string
		points []Point
		want   string
	}{
		{"none", nil, "need at least 2 sweep points, have 0"},
		{"one", []Point{{Value: 1, Speedup: 1}}, "need at least 2 sweep points, have 1"},
		{"same values", []Point{{Value: 2, Speedup: 1}, {Value: 2, Speedup: 1}}, "need two different sweep values"},
		{"zero speed-up", []Point{{Value: 1, Speedup: 1}, {Value: 2, Speedup: 0}}, "no speed-up at value 2"},
		{"bad first", []Point{{Value: 0, Speedup: 1}, {Value: 2, Speedup: 1}}, "first sweep value 0 is not positive"},
	}
	for _, tt := range tests {
		_, err := FitAmdahl(tt.points)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestCurve(t *testing.T) {
	f := Fit{P: 0.8}
	c := f.Curve(8)
	if len(c) != curveSegments+1 {
		t.Fatalf("Curve(8) has %d points, want %d", len(c), curveSegments+1)
	}
	if c[0] != [2]float64{1, 1} || c[len(c)-1][0] != 8 || math.Abs(c[len(c)-1][1]-1/0.3) > 1e-12 {
		t.Errorf("Curve(8) runs from %v to %v, want {1 1} to {8 3.333…}", c[0], c[len(c)-1])
	}
	for i := 1; i < len(c); i++ {
		if c[i][0] <= c[i-1][0] || c[i][1] <= c[i-1][1] {
			t.Fatalf("Curve not increasing at %d: %v then %v", i, c[i-1], c[i])
		}
	}
	for _, nmax := range []float64{1, 0.5, -1, math.NaN(), math.Inf(1)} {
		if c := f.Curve(nmax); len(c) != 1 || c[0] != [2]float64{1, 1} {
			t.Errorf("Curve(%v) = %v, want the single point {1 1}", nmax, c)
		}
	}
}
