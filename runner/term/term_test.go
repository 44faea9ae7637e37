package term

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"workbook/runner/event"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// stream is a run of three snippets: one passing from the cache with two
// runs, one failing with a diff, one skipped, and a program piece.
func stream() []event.Event {
	ms := func(n int) *event.Seconds { return event.Dur(time.Duration(n) * time.Millisecond) }
	ch := "chapters/01-x.md"
	return []event.Event{
		{Action: event.Chapter, Chapter: ch, Title: "Example", Snippets: 4},
		{Action: event.Start, Chapter: ch, Snippet: "hello", Line: 3, Code: "package main\n\nfunc main() { println(1) }\n", Runs: 2},
		{Action: event.Engine, Chapter: ch, Snippet: "hello", Engine: "yaegi", Reason: "yaegi runs it faithfully"},
		{Action: event.Output, Chapter: ch, Snippet: "hello", Run: 1, Stream: "stdout", Text: "1\n"},
		{Action: event.Run, Chapter: ch, Snippet: "hello", Run: 1, Runs: 2, Outcome: "ok", Elapsed: ms(12), Cached: true},
		{Action: event.Run, Chapter: ch, Snippet: "hello", Run: 2, Runs: 2, Outcome: "ok", Elapsed: ms(1500), Cached: true},
		{Action: event.Verdict, Chapter: ch, Snippet: "hello", Line: 3, Pass: event.Bool(true), Cached: true},
		{Action: event.Start, Chapter: ch, Snippet: "piece", Line: 9, Code: "type T int\n", Reason: "a piece of program p, run by a later piece"},
		{Action: event.Start, Chapter: ch, Snippet: "wrong", Line: 14, Code: "package main\n", Runs: 1},
		{Action: event.Engine, Chapter: ch, Snippet: "wrong", Engine: "go", Reason: "race detection needs the compiled engine"},
		{Action: event.Output, Chapter: ch, Snippet: "wrong", Run: 1, Stream: "stdout", Text: "hello\n"},
		{Action: event.Run, Chapter: ch, Snippet: "wrong", Run: 1, Runs: 1, Outcome: "ok", Elapsed: ms(3), Build: ms(800)},
		{Action: event.Verdict, Chapter: ch, Snippet: "wrong", Line: 14, Pass: event.Bool(false), Report: "- goodbye\n+ hello"},
		{Action: event.Start, Chapter: ch, Snippet: "racy", Line: 30, Code: "package main\n", Runs: 1},
		{Action: event.Verdict, Chapter: ch, Snippet: "racy", Line: 30, Skip: true, Reason: "needs the Go toolchain"},
		{Action: event.Start, Chapter: ch, Snippet: "sweep", Line: 40, Code: "package main\n", Runs: 3},
		{Action: event.Measure, Chapter: ch, Snippet: "sweep", Measurement: sweepMeasurement()},
		{Action: event.Start, Chapter: ch, Snippet: "traced", Line: 50, Code: "package main\n", Runs: 1},
		{Action: event.Timeline, Chapter: ch, Snippet: "traced", Timeline: &timeline.Timeline{Duration: 60e6, Ps: []int{0},
			Goroutines: []timeline.Goroutine{
				{ID: 1, Main: true, Func: "main.main", Intervals: []timeline.Interval{{State: timeline.Running, Start: 0, End: 1e6, P: 0}, {State: timeline.Blocked, Start: 1e6, End: 60e6, P: -1, Reason: "chan receive"}}},
				{ID: 7, Func: "main.worker", Intervals: []timeline.Interval{{State: timeline.Runnable, Start: 1e6, End: 30e6, P: -1}, {State: timeline.Running, Start: 30e6, End: 60e6, P: 0}}},
			}}},
		{Action: event.Summary, Passed: 1, Failed: 1, Skipped: 1, Elapsed: ms(2345)},
	}
}

func sweepMeasurement() *event.Measurement {
	pt := func(v int, ms int, sp, eff float64) measure.Point {
		d := time.Duration(ms) * time.Millisecond
		return measure.Point{Value: v, Stats: measure.Stats{N: 3, Median: d, Min: d, Max: d + time.Millisecond, CPUPerWall: sp}, Speedup: sp, Efficiency: eff}
	}
	return &event.Measurement{
		Provenance: measure.Provenance{CPU: "Test CPU", Cores: 2, GoVersion: "go1.26.8", Date: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		Sweep:      &measure.Sweep{Var: "GOMAXPROCS", Values: []int{1, 2}},
		Points:     []measure.Point{pt(1, 400, 1, 1), pt(2, 210, 1.9, 0.95)},
		Fit:        &measure.Fit{P: 0.947, RMSE: 0.01},
		Claims: []measure.ClaimResult{{Claim: "speedup(GOMAXPROCS=2) >= 1.5", Pass: true, Reason: "1.90 >= 1.5", Value: 1.9},
			{Claim: "speedup(GOMAXPROCS=4) >= 3", Skipped: true, Reason: "needs 4 cores, this machine has 2"}},
	}
}

func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		name    string
		layout  Layout
		verbose bool
		color   bool
	}{
		{"compact", Compact, false, false},
		{"chapter", Chapter, true, false},
		{"chapter-color", Chapter, false, true},
	} {
		var b bytes.Buffer
		p := New(&b, tt.layout, tt.verbose, tt.color)
		for _, e := range stream() {
			p.Event(e)
		}
		path := filepath.Join("testdata", tt.name+".golden")
		if *update {
			os.WriteFile(path, b.Bytes(), 0o644)
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update creates it)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tt.name, b.String(), want)
		}
	}
}
