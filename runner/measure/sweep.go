package measure

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Sweep is a snippet's sweep attribute: run the measurement once per value
// of one variable.
type Sweep struct {
	Var    string `json:"var"`    // as written: "GOMAXPROCS", "workers"
	Values []int  `json:"values"` // distinct, ≥ 1, in the order written, ncpu expanded
}

// maxSweepValue bounds a value so that a typo (workers=1000000) is an
// error rather than a million goroutines. It is our guard, not a runtime
// limit (Go 1.10's release notes removed GOMAXPROCS's former cap of 1024):
// 4096 is above the logical core count of any machine a reader runs the
// book on, and a worker count beyond it measures the scheduler, not the
// snippet.
const maxSweepValue = 4096

// ParseSweep parses a sweep attribute such as "GOMAXPROCS=1,2,4,8" or
// "workers=1,2,ncpu". ncpu (the lower-case word) stands for the ncpu
// argument, which the caller takes from runtime.NumCPU; values are
// deduplicated after that expansion and kept in the order written, so
// "1,2,ncpu" on a two-core machine is 1,2. Errors carry the 1-based column
// within s (see AttrError).
func ParseSweep(s string, ncpu int) (Sweep, error) {
	ncpu = max(ncpu, 1)
	name, list, ok := strings.Cut(s, "=")
	if !ok {
		return Sweep{}, &AttrError{Col: 1, Msg: fmt.Sprintf("want NAME=v1,v2,..., found %q", s)}
	}
	lead := len(name) - len(strings.TrimLeft(name, " \t"))
	name = strings.TrimSpace(name)
	if !validVarName(name) {
		return Sweep{}, &AttrError{Col: lead + 1, Msg: fmt.Sprintf("bad sweep variable %q: want a letter or '_' then letters, digits, '_'", name)}
	}
	sw := Sweep{Var: name}
	col := len(s) - len(list) + 1 // column of the first value
	for _, field := range strings.Split(list, ",") {
		v, err := sweepValue(field, ncpu)
		if err != nil {
			pad := len(field) - len(strings.TrimLeft(field, " \t"))
			return Sweep{}, &AttrError{Col: col + pad, Msg: err.Error()}
		}
		if !slices.Contains(sw.Values, v) {
			sw.Values = append(sw.Values, v)
		}
		col += len(field) + 1
	}
	return sw, nil
}

// sweepValue parses one value of a sweep list.
func sweepValue(field string, ncpu int) (int, error) {
	f := strings.TrimSpace(field)
	if f == "" {
		return 0, fmt.Errorf("empty sweep value")
	}
	if f == "ncpu" {
		return ncpu, nil
	}
	v, err := strconv.Atoi(f)
	switch {
	case err != nil:
		return 0, fmt.Errorf("sweep value %q is not an integer or ncpu", f)
	case v < 1:
		return 0, fmt.Errorf("sweep value %d must be at least 1", v)
	case v > maxSweepValue:
		return 0, fmt.Errorf("sweep value %d is above %d", v, maxSweepValue)
	}
	return v, nil
}

// validVarName reports whether name is [A-Za-z_][A-Za-z0-9_]*, a name every
// shell and os.Getenv accept.
func validVarName(name string) bool {
	for i, r := range name {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return name != ""
}

// EnvName is the environment variable that carries the sweep's value: Var
// in upper case (GOMAXPROCS, WORKERS).
func (s Sweep) EnvName() string { return strings.ToUpper(s.Var) }

// Parallel reports whether the swept variable counts parallelism
// (GOMAXPROCS or workers, in any case), so that a claim at value v needs
// v cores and speed-up against the value is a parallel speed-up. Any other
// variable (GOGC=50,100,200) is an ordinary parameter.
func (s Sweep) Parallel() bool {
	return strings.EqualFold(s.Var, "GOMAXPROCS") || strings.EqualFold(s.Var, "workers")
}

// Apply is how the run at value v receives it: the environment variable
// EnvName()=v, always, and no arguments. GOMAXPROCS=v is read by the
// runtime itself; any other name is read by the snippet
// (os.Getenv("WORKERS")), which keeps os.Args free for the snippet's own
// args attribute. args is always nil; it is in the signature so that a
// sweep that passes arguments can be added without changing callers.
func (s Sweep) Apply(v int) (env []string, args []string) {
	return []string{s.EnvName() + "=" + strconv.Itoa(v)}, nil
}

// Point is one row of a sweep table.
type Point struct {
	Value int `json:"value"`
	Stats
	// Speedup is the median wall time at the sweep's first value over
	// the median wall time at this one; 0 when either is 0.
	Speedup float64 `json:"speedup"`
	// Efficiency is Speedup / (Value / first value): 1 is perfect
	// scaling, 0.5 is half the added workers wasted.
	Efficiency float64 `json:"efficiency"`
}

// Table pairs the sweep's values with their statistics (stats[i] measured
// at s.Values[i]) and computes speed-up and efficiency against the first
// value. Values without statistics, or statistics without a value, are
// left out.
func Table(s Sweep, stats []Stats) []Point {
	n := min(len(s.Values), len(stats))
	if n == 0 {
		return nil
	}
	first := s.Values[0]
	points := make([]Point, n)
	for i := range n {
		p := Point{Value: s.Values[i], Stats: stats[i]}
		p.Speedup = Speedup(stats[0], stats[i])
		p.Efficiency = p.Speedup / (float64(p.Value) / float64(first))
		points[i] = p
	}
	return points
}

// Speedup is how many times faster x ran than base, on median wall time:
// base.Median / x.Median. It serves both the sweep table and baseline=ID
// comparisons. It is 0, meaning undefined, when either median is 0.
func Speedup(base, x Stats) float64 {
	if base.Median <= 0 || x.Median <= 0 {
		return 0
	}
	return float64(base.Median) / float64(x.Median)
}

// At returns the point of the table at value v.
func At(points []Point, v int) (Point, bool) {
	for _, p := range points {
		if p.Value == v {
			return p, true
		}
	}
	return Point{}, false
}
