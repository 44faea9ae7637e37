package measure

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Quantities that prose may cite but claims do not compare.
const (
	QWall    Quantity = "wall"     // median wall time
	QMaxRSS  Quantity = "max_rss"  // median peak resident set
	QAmdahlP Quantity = "amdahl_p" // the parallel fraction fitted to the sweep
)

// Figure is a measured quantity that prose cites, as in
// {{measured ID speedup(workers=4)}}: the claim grammar's quantity without
// a comparison, plus
//
//	wall [ "(" point ")" ]     the median wall time
//	max_rss [ "(" point ")" ]  the median peak resident set
//	amdahl_p                   P of Amdahl's law fitted to a parallel sweep
//
// so that no number in a chapter's prose is typed by hand.
type Figure struct {
	Claim // Op and Threshold unused
}

// ParseFigure parses the quantity of a prose reference. Errors are
// *AttrError values with a column in s.
func ParseFigure(s string) (Figure, error) {
	p := &claimParser{text: s, col: 1}
	p.space()
	f := Figure{Claim{Text: strings.TrimSpace(s), Col: 1 + p.pos}}
	start := p.pos
	word := p.take(func(b byte) bool { return isNameByte(rune(b)) })
	switch q := Quantity(word); q {
	case QAmdahlP:
		f.Quantity = q
	case QWall, QMaxRSS:
		f.Quantity = q
		p.space()
		if p.pos < len(s) && s[p.pos] == '(' {
			p.pos++
			ref, err := p.point()
			if err != nil {
				return Figure{}, err
			}
			f.At = &ref
			if err := p.expect(")", "')' to close "+word+"("); err != nil {
				return Figure{}, err
			}
		}
	case QSpeedup, QEfficiency, QCPUPerWall, QMetric:
		p.pos = start
		if err := p.quantity(&f.Claim); err != nil {
			return Figure{}, err
		}
	default:
		p.pos = start
		return Figure{}, p.errorf("want wall, max_rss, speedup, efficiency, cpu_per_wall, metric or amdahl_p, found %s", p.found())
	}
	p.space()
	if p.pos != len(s) {
		return Figure{}, p.errorf("unexpected %s after the quantity", p.found())
	}
	return f, nil
}

// Check reports, when the chapter is parsed, a figure that could never be
// had from the snippet's sweep and baseline.
func (f Figure) Check(sweep *Sweep, hasBaseline bool) error {
	if msg := f.problem(sweep, hasBaseline); msg != "" {
		return &AttrError{Col: f.Col, Msg: f.Text + ": " + msg}
	}
	return nil
}

func (f Figure) problem(sweep *Sweep, hasBaseline bool) string {
	switch f.Quantity {
	case QAmdahlP:
		if sweep == nil || !sweep.Parallel() {
			return "amdahl_p needs a sweep over GOMAXPROCS or workers"
		}
		return ""
	case QWall, QMaxRSS:
		// Checked like cpu_per_wall: a point where there is a sweep.
		c := f.Claim
		c.Quantity = QCPUPerWall
		return c.problem(sweep, hasBaseline)
	}
	return f.Claim.problem(sweep, hasBaseline)
}

// FigureEnv is what a figure is read from: a snippet's measurement, with
// the Amdahl fit of its sweep.
type FigureEnv struct {
	ClaimEnv
	Fit *Fit
}

// Value returns the figure's value and unit ("s", "B", "×", UnitFraction, a
// metric's own unit or ""). Unlike a claim, a figure at a point needs no
// cores: it reports what was measured, whatever the machine.
func (f Figure) Value(env FigureEnv) (float64, string, error) {
	if msg := f.problem(env.Sweep, env.Baseline != nil); msg != "" {
		return 0, "", errors.New(msg)
	}
	if f.Quantity == QAmdahlP {
		if env.Fit == nil {
			return 0, "", errors.New("no Amdahl fit (fewer than two sweep points measured)")
		}
		return env.Fit.P, "", nil
	}
	v := 0
	if f.At != nil {
		v = f.At.Value
		if f.At.NCPU {
			v = max(env.Cores, 1)
		}
	}
	switch f.Quantity {
	case QWall, QMaxRSS:
		st, err := f.stats(env, v)
		if err != nil {
			return 0, "", err
		}
		if f.Quantity == QWall {
			return st.Median.Seconds(), "s", nil
		}
		return float64(st.MaxRSS), "B", nil
	}
	value, err := f.measured(env.ClaimEnv, v)
	if err != nil {
		return 0, "", err
	}
	switch f.Quantity {
	case QSpeedup:
		return value, "×", nil
	case QEfficiency:
		return value, UnitFraction, nil
	case QMetric:
		st, _ := f.stats(env, v)
		return value, st.Metrics[f.Metric].Unit, nil
	}
	return value, "", nil
}

func (f Figure) stats(env FigureEnv, v int) (Stats, error) {
	if f.At != nil {
		p, ok := At(env.Points, v)
		if !ok {
			return Stats{}, fmt.Errorf("no measurement at %s=%d", f.At.Var, v)
		}
		return p.Stats, nil
	}
	if env.Stats == nil || env.Stats.N == 0 {
		return Stats{}, errors.New("no runs were measured")
	}
	return *env.Stats, nil
}

// UnitFraction is the unit of a fraction shown as a percentage
// (efficiency: 0.96 is "96%"). A metric's own unit "%" is already a
// percentage: 1.2 with unit % is "1.2%".
const UnitFraction = "fraction"

// FormatFigure prints a figure's value for prose with three significant
// digits, which is all a noisy machine supports: "312 ms", "1.93×", "96%",
// "12.4 MiB", "84.2 ns".
func FormatFigure(v float64, unit string) string {
	switch unit {
	case "s":
		return formatDuration(time.Duration(v * float64(time.Second)))
	case "B":
		return formatBytes(v)
	case "×":
		return sig3(v) + "×"
	case UnitFraction:
		return strconv.FormatFloat(math.Round(v*100), 'f', 0, 64) + "%"
	}
	// A count (or any whole number) prints in full: 1, not 1.00.
	n := sig3(v)
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		n = strconv.FormatFloat(v, 'f', 0, 64)
	}
	switch unit {
	case "":
		return n
	case "%":
		return n + "%"
	}
	return n + " " + unit
}

// sig3 prints v with three significant digits and no exponent.
func sig3(v float64) string {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := 2 - int(math.Floor(math.Log10(math.Abs(v))))
	if digits < 0 {
		p := math.Pow(10, float64(-digits))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

func formatDuration(d time.Duration) string {
	units := []struct {
		name string
		size time.Duration
	}{{"s", time.Second}, {"ms", time.Millisecond}, {"µs", time.Microsecond}}
	for _, u := range units {
		if d >= u.size {
			return sig3(float64(d)/float64(u.size)) + " " + u.name
		}
	}
	return strconv.FormatInt(int64(d), 10) + " ns"
}

func formatBytes(b float64) string {
	units := []string{"GiB", "MiB", "KiB"}
	for i, u := range units {
		if size := math.Pow(1024, float64(3-i)); b >= size {
			return sig3(b/size) + " " + u
		}
	}
	return strconv.FormatFloat(b, 'f', 0, 64) + " B"
}
