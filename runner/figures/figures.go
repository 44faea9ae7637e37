// Package figures turns the runner's measurement and timeline events into
// the charts of package chart: a sweep's speed-up against N with the ideal
// line and the Amdahl fit, bars comparing a snippet with its baseline, and
// a traced run's timeline. The site and "workbook run --charts" both draw
// through it, so a figure looks the same wherever it is shown.
package figures

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"workbook/runner/chart"
	"workbook/runner/event"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

// Sweep is the speed-up chart of a swept measurement.
func Sweep(id string, m *event.Measurement) chart.SweepChart {
	c := chart.SweepChart{ID: id, XLabel: m.Sweep.Var,
		Title: fmt.Sprintf("Speed-up against %s (median of %d runs)", m.Sweep.Var, runsOf(m))}
	first := 0.0
	if len(m.Points) > 0 {
		first = float64(m.Points[0].Value)
	}
	for _, p := range m.Points {
		pt := chart.SweepPoint{N: float64(p.Value), Speedup: p.Speedup}
		if p.Max > 0 && p.Min > 0 && len(m.Points) > 0 {
			base := float64(m.Points[0].Median)
			pt.Low, pt.High = base/float64(p.Max), base/float64(p.Min)
		}
		c.Points = append(c.Points, pt)
	}
	if m.Fit != nil && first > 0 {
		last := float64(m.Points[len(m.Points)-1].Value) / first
		for _, xy := range m.Fit.Curve(last) {
			c.Amdahl = append(c.Amdahl, chart.Point{X: xy[0] * first, Y: xy[1]})
		}
		c.AmdahlLabel = fmt.Sprintf("Amdahl fit, P = %.2f", m.Fit.P)
	}
	return c
}

// Compare is the bar chart of a measurement against its baseline: one bar
// for the baseline and one for the snippet (a swept snippet has one per
// value).
func Compare(id, baselineID string, base measure.Stats, snippetID string, m *event.Measurement) chart.BarChart {
	c := chart.BarChart{ID: id, Unit: "ms", Title: fmt.Sprintf("Wall time, median of %d runs", runsOf(m))}
	bar := func(label string, s measure.Stats) chart.Bar {
		return chart.Bar{Label: label, Value: ms(s.Median), Low: ms(s.Min), High: ms(s.Max)}
	}
	c.Bars = append(c.Bars, bar(baselineID, base))
	if m.Stats != nil {
		c.Bars = append(c.Bars, bar(snippetID, *m.Stats))
	}
	for _, p := range m.Points {
		c.Bars = append(c.Bars, bar(fmt.Sprintf("%s, %s=%d", snippetID, m.Sweep.Var, p.Value), p.Stats))
	}
	return c
}

// Timeline is the chart of a traced run: with one P, a single row per P
// shows the goroutines taking turns; with more, a row per goroutine.
func Timeline(id string, t *timeline.Timeline) chart.TimelineChart {
	var c chart.TimelineChart
	if len(t.Ps) == 1 {
		c = t.ProcChart()
		c.Title = fmt.Sprintf("Goroutines taking turns on one P (%s)", time.Duration(t.Duration).Round(time.Millisecond))
	} else {
		c = t.Chart()
		c.Title = fmt.Sprintf("Goroutines over %d Ps (%s)", len(t.Ps), time.Duration(t.Duration).Round(time.Millisecond))
	}
	c.ID = id
	return c
}

func runsOf(m *event.Measurement) int {
	if m.Stats != nil {
		return m.Stats.N
	}
	if len(m.Points) > 0 {
		return m.Points[0].N
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Writer is an event.Sink that writes each figure of a run as an SVG file
// in Dir, named CHAPTER-SNIPPET-KIND.svg (KIND: sweep, compare, timeline).
type Writer struct {
	Dir   string
	Err   error    // the first write error
	Files []string // what was written
	stats map[string]measure.Stats
}

func (w *Writer) Event(e event.Event) {
	if w.stats == nil {
		w.stats = map[string]measure.Stats{}
	}
	name := func(kind string) string {
		slug := strings.TrimSuffix(filepath.Base(e.Chapter), ".md")
		return fmt.Sprintf("%s-%s-%s", slug, e.Snippet, kind)
	}
	switch {
	case e.Action == event.Measure && e.Measurement != nil:
		m := e.Measurement
		if m.Stats != nil {
			w.stats[e.Chapter+"#"+e.Snippet] = *m.Stats
		}
		// A speed-up chart only for a sweep over workers or GOMAXPROCS: the
		// ideal S = N line means nothing against WORK=1,30,300.
		if m.Sweep != nil && m.Sweep.Parallel() {
			w.write(name("sweep"), chart.Sweep(Sweep(name("sweep"), m)))
		}
		if base, ok := w.stats[e.Chapter+"#"+m.Baseline]; ok && m.Baseline != "" {
			w.write(name("compare"), chart.Bars(Compare(name("compare"), m.Baseline, base, e.Snippet, m)))
		}
	case e.Action == event.Timeline && e.Timeline != nil:
		w.write(name("timeline"), chart.Timeline(Timeline(name("timeline"), e.Timeline)))
	}
}

func (w *Writer) write(name string, svg []byte) {
	if w.Err != nil {
		return
	}
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		w.Err = err
		return
	}
	p := filepath.Join(w.Dir, name+".svg")
	if err := os.WriteFile(p, svg, 0o644); err != nil {
		w.Err = err
		return
	}
	w.Files = append(w.Files, p)
}
