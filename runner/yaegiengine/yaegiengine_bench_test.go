package yaegiengine

import (
	"context"
	"testing"

	"workbook/runner/job"
)

const trivial = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n"

// BenchmarkTrivialWarm is a run through a prewarmed worker: each
// iteration waits, off the clock, for the replacement worker to have set
// up its interpreter. (The goal is well under 20 ms.)
func BenchmarkTrivialWarm(b *testing.B) {
	e := newEngine(b, testConfig())
	for b.Loop() {
		b.StopTimer()
		waitWarm(b, e)
		b.StartTimer()
		benchRun(b, e)
	}
}

// BenchmarkTrivialCold starts a worker for every run.
func BenchmarkTrivialCold(b *testing.B) {
	cfg := testConfig()
	cfg.Prewarm = -1
	e := newEngine(b, cfg)
	for b.Loop() {
		benchRun(b, e)
	}
}

func benchRun(b *testing.B, e *Engine) {
	res, err := e.Run(context.Background(), program(trivial))
	if err != nil || res.Outcome != job.OK {
		b.Fatalf("%v %s %q", err, res.Outcome, res.Stderr)
	}
}

// waitWarm waits until an idle worker has its interpreter set up.
func waitWarm(tb testing.TB, e *Engine) {
	e.starts.Wait()
	e.mu.Lock()
	if len(e.idle) == 0 {
		e.mu.Unlock()
		tb.Fatal("no idle worker")
	}
	p := e.idle[0]
	e.mu.Unlock()
	<-p.ready
}
