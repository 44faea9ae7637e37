package figures

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"workbook/runner/event"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

func stats(ms int) measure.Stats {
	d := time.Duration(ms) * time.Millisecond
	return measure.Stats{N: 5, Median: d, Min: d - time.Millisecond, Max: d + time.Millisecond}
}

func TestWriterDrawsEveryFigure(t *testing.T) {
	dir := t.TempDir()
	w := &Writer{Dir: dir}
	ch := "chapters/03-threads.md"
	seq := stats(400)
	w.Event(event.Event{Action: event.Measure, Chapter: ch, Snippet: "seq", Measurement: &event.Measurement{Stats: &seq}})
	sw := &measure.Sweep{Var: "GOMAXPROCS", Values: []int{1, 2}}
	points := measure.Table(*sw, []measure.Stats{stats(400), stats(210)})
	fit, err := measure.FitAmdahl(points)
	if err != nil {
		t.Fatal(err)
	}
	w.Event(event.Event{Action: event.Measure, Chapter: ch, Snippet: "par", Measurement: &event.Measurement{
		Sweep: sw, Points: points, Fit: &fit, Baseline: "seq"}})
	w.Event(event.Event{Action: event.Timeline, Chapter: ch, Snippet: "three", Timeline: &timeline.Timeline{
		Duration: 30e6, Ps: []int{0}, Goroutines: []timeline.Goroutine{{ID: 1, Main: true, Func: "main.main",
			Intervals: []timeline.Interval{{State: timeline.Running, Start: 0, End: 30e6, P: 0}}}}}})
	if w.Err != nil {
		t.Fatal(w.Err)
	}
	want := map[string]string{
		"03-threads-par-sweep.svg":      "Speed-up against GOMAXPROCS",
		"03-threads-par-compare.svg":    "par, GOMAXPROCS=2",
		"03-threads-three-timeline.svg": "taking turns on one P",
	}
	if len(w.Files) != len(want) {
		t.Errorf("wrote %v", w.Files)
	}
	for name, text := range want {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), text) {
			t.Errorf("%s lacks %q", name, text)
		}
		dec := xml.NewDecoder(strings.NewReader(string(b)))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}

func TestSweepCurveSpansTheSweep(t *testing.T) {
	sw := &measure.Sweep{Var: "workers", Values: []int{2, 4, 8}}
	points := measure.Table(*sw, []measure.Stats{stats(800), stats(420), stats(230)})
	fit, _ := measure.FitAmdahl(points)
	c := Sweep("x", &event.Measurement{Sweep: sw, Points: points, Fit: &fit})
	if len(c.Amdahl) == 0 || c.Amdahl[0].X != 2 || c.Amdahl[len(c.Amdahl)-1].X != 8 {
		t.Errorf("curve from %v to %v, want 2 to 8", c.Amdahl[0], c.Amdahl[len(c.Amdahl)-1])
	}
	if c.Points[1].Low >= c.Points[1].Speedup || c.Points[1].High <= c.Points[1].Speedup {
		t.Errorf("whisker %+v does not bracket the median", c.Points[1])
	}
}
