package measure

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

func TestParseSweep(t *testing.T) {
	tests := []struct {
		in   string
		ncpu int
		want Sweep
	}{
		{"GOMAXPROCS=1,2,4,8", 2, Sweep{"GOMAXPROCS", []int{1, 2, 4, 8}}},
		{"workers=1,2,ncpu", 8, Sweep{"workers", []int{1, 2, 8}}},
		{"workers=1,2,ncpu", 2, Sweep{"workers", []int{1, 2}}},           // dedup after expansion
		{"workers=ncpu,1", 4, Sweep{"workers", []int{4, 1}}},             // order as written
		{"workers=1,ncpu", 0, Sweep{"workers", []int{1}}},                // unknown ncpu counts as 1
		{" GOGC = 50 , 100,200 ", 2, Sweep{"GOGC", []int{50, 100, 200}}}, // spaces
		{"n=3", 2, Sweep{"n", []int{3}}},
		{"_x1=4096", 2, Sweep{"_x1", []int{4096}}},
	}
	for _, tt := range tests {
		got, err := ParseSweep(tt.in, tt.ncpu)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseSweep(%q, %d) = %+v, %v; want %+v", tt.in, tt.ncpu, got, err, tt.want)
		}
	}
}

func TestParseSweepErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `column 1: want NAME=v1,v2,..., found ""`},
		{"GOMAXPROCS", `column 1: want NAME=v1,v2,..., found "GOMAXPROCS"`},
		{"=1,2", `column 1: bad sweep variable ""`},
		{"  1x=1", `column 3: bad sweep variable "1x"`},
		{"a-b=1", `column 1: bad sweep variable "a-b"`},
		{"GOMAXPROCS=1,2,,4", `column 16: empty sweep value`},
		{"GOMAXPROCS=1,2,", `column 16: empty sweep value`},
		{"GOMAXPROCS=", `column 12: empty sweep value`},
		{"GOMAXPROCS=1, 0", `column 15: sweep value 0 must be at least 1`},
		{"GOMAXPROCS=1,-2", `column 14: sweep value -2 must be at least 1`},
		{"workers=1,two", `column 11: sweep value "two" is not an integer or ncpu`},
		{"workers=NCPU", `column 9: sweep value "NCPU" is not an integer or ncpu`},
		{"workers=1.5", `column 9: sweep value "1.5" is not an integer or ncpu`},
		{"workers=4097", `column 9: sweep value 4097 is above 4096`},
		{"workers=99999999999999999999", `column 9: sweep value "99999999999999999999" is not an integer or ncpu`},
	}
	for _, tt := range tests {
		_, err := ParseSweep(tt.in, 2)
		if err == nil {
			t.Errorf("ParseSweep(%q): no error, want %q", tt.in, tt.want)
			continue
		}
		got := err.Error()
		if len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
			t.Errorf("ParseSweep(%q) error = %q, want prefix %q", tt.in, got, tt.want)
		}
		var ae *AttrError
		if !errors.As(err, &ae) {
			t.Errorf("ParseSweep(%q) error is %T, want *AttrError", tt.in, err)
		}
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		sweep Sweep
		v     int
		env   []string
	}{
		{Sweep{Var: "GOMAXPROCS"}, 4, []string{"GOMAXPROCS=4"}},
		{Sweep{Var: "gomaxprocs"}, 2, []string{"GOMAXPROCS=2"}},
		{Sweep{Var: "workers"}, 8, []string{"WORKERS=8"}},
		{Sweep{Var: "GOGC"}, 50, []string{"GOGC=50"}},
	}
	for _, tt := range tests {
		env, args := tt.sweep.Apply(tt.v)
		if !reflect.DeepEqual(env, tt.env) || args != nil {
			t.Errorf("%s.Apply(%d) = %q, %q; want %q, nil", tt.sweep.Var, tt.v, env, args, tt.env)
		}
	}
}

func TestParallel(t *testing.T) {
	for v, want := range map[string]bool{"GOMAXPROCS": true, "gomaxprocs": true, "workers": true, "WORKERS": true, "GOGC": false, "size": false} {
		if got := (Sweep{Var: v}).Parallel(); got != want {
			t.Errorf("Sweep{%s}.Parallel() = %v, want %v", v, got, want)
		}
	}
}

// wall is Stats with only a median wall time, in milliseconds.
func wall(msec float64) Stats {
	return Stats{N: 5, Median: time.Duration(msec * float64(ms))}
}

func TestTable(t *testing.T) {
	s := Sweep{Var: "GOMAXPROCS", Values: []int{1, 2, 4, 8}}
	got := Table(s, []Stats{wall(800), wall(400), wall(250), wall(0)})
	want := []struct {
		value        int
		speedup, eff float64
	}{
		{1, 1, 1},
		{2, 2, 1},
		{4, 3.2, 0.8},
		{8, 0, 0}, // no median: speed-up undefined
	}
	if len(got) != len(want) {
		t.Fatalf("Table has %d points, want %d", len(got), len(want))
	}
	for i, w := range want {
		p := got[i]
		if p.Value != w.value || math.Abs(p.Speedup-w.speedup) > 1e-12 || math.Abs(p.Efficiency-w.eff) > 1e-12 {
			t.Errorf("point %d = {%d S=%v E=%v}, want {%d S=%v E=%v}", i, p.Value, p.Speedup, p.Efficiency, w.value, w.speedup, w.eff)
		}
	}
	if got[1].Median != 400*ms || got[1].N != 5 {
		t.Errorf("point 1 stats = %+v, want the stats given", got[1].Stats)
	}
}

func TestTableRelativeToFirstValue(t *testing.T) {
	// A sweep that starts at 2: efficiency counts workers relative to 2.
	got := Table(Sweep{Var: "workers", Values: []int{2, 4, 8}}, []Stats{wall(600), wall(400), wall(200)})
	if e := got[2].Efficiency; math.Abs(e-0.75) > 1e-12 { // S = 3 at 4 times the workers
		t.Errorf("efficiency at 8 = %v, want 0.75", e)
	}
}

func TestTableMismatchedLengths(t *testing.T) {
	s := Sweep{Var: "workers", Values: []int{1, 2, 4}}
	if got := Table(s, []Stats{wall(10), wall(5)}); len(got) != 2 {
		t.Errorf("Table with 2 stats for 3 values has %d points, want 2", len(got))
	}
	if got := Table(s, nil); got != nil {
		t.Errorf("Table without stats = %v, want nil", got)
	}
}

func TestSpeedup(t *testing.T) {
	tests := []struct {
		base, x Stats
		want    float64
	}{
		{wall(1000), wall(250), 4},
		{wall(100), wall(200), 0.5},
		{wall(0), wall(200), 0},
		{wall(100), wall(0), 0},
	}
	for _, tt := range tests {
		if got := Speedup(tt.base, tt.x); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Speedup(%v, %v) = %v, want %v", tt.base.Median, tt.x.Median, got, tt.want)
		}
	}
}

func TestAt(t *testing.T) {
	pts := []Point{{Value: 1}, {Value: 4, Speedup: 3}}
	if p, ok := At(pts, 4); !ok || p.Speedup != 3 {
		t.Errorf("At(4) = %+v, %v", p, ok)
	}
	if _, ok := At(pts, 2); ok {
		t.Error("At(2) found a point that is not there")
	}
}
