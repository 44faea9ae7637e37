package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"workbook/runner/cache"
	"workbook/runner/event"
	"workbook/runner/job"
	"workbook/runner/timeline"
)

type verdictKind int

const (
	verdictNone verdictKind = iota // a piece of a program that a later snippet runs
	verdictPass
	verdictFail
	verdictSkip
)

// runTask runs one snippet (or serves it from the cache), judges it and
// emits its events.
func (r *Runner) runTask(ctx context.Context, st *runState, t *task, emit func(event.Event)) verdictKind {
	s := t.s
	if s.Attrs.Measure {
		defer st.finishBaseline(t)
	}
	base := event.Event{Chapter: t.ch.Path, Snippet: s.ID, Line: s.Line}
	ev := func(e event.Event) event.Event {
		e.Chapter, e.Snippet = base.Chapter, base.Snippet
		return e
	}
	start := ev(event.Event{Action: event.Start, Line: s.Line, Code: s.Shown(), Runs: s.Attrs.Repeat})
	if !s.Runs {
		start.Runs = 0
		start.Reason = fmt.Sprintf("a piece of program %s, run by a later piece", s.Attrs.Program)
		emit(start)
		return verdictNone
	}
	emit(start)
	if t.pick.skip != "" {
		emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Skip: true, Reason: t.pick.skip}))
		return verdictSkip
	}
	emit(ev(event.Event{Action: event.Engine, Engine: t.pick.engine.Name(), Reason: t.pick.reason}))
	if s.Attrs.Measure {
		return r.runMeasured(ctx, st, t, ev, emit)
	}
	if t.cached != nil {
		if passed, _ := r.judgeAll(t, t.cached); passed == len(t.cached) {
			r.emitRuns(t, t.cached, true, ev, emit)
			if t.trace != nil {
				emit(ev(event.Event{Action: event.Timeline, Timeline: t.trace}))
			}
			emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(true), Cached: true,
				Passed: passed, Runs: len(t.cached), Expect: s.Attrs.Expect.String(), Outcome: string(t.cached[0].Outcome)}))
			return r.parity(ctx, st, t, t.cached, ev, emit)
		}
	}
	runs, trace, err := r.runAll(ctx, st, t)
	if err != nil {
		return engineFailed(ctx, t, fmt.Sprintf("the %s engine failed: %v", t.pick.engine.Name(), err), ev, emit)
	}
	r.emitRuns(t, runs, false, ev, emit)
	if trace != nil {
		emit(ev(event.Event{Action: event.Timeline, Timeline: trace}))
	}
	passed, report := r.judgeAll(t, runs)
	ok := passed == len(runs)
	if !ok && len(runs) > 1 {
		report = fmt.Sprintf("%d of %d runs passed; the first failure:\n%s", passed, len(runs), report)
	}
	emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(ok), Passed: passed, Runs: len(runs),
		Expect: s.Attrs.Expect.String(), Outcome: string(runs[len(runs)-1].Outcome), Report: report}))
	if !ok {
		return verdictFail
	}
	if r.cfg.Cache != nil {
		_ = r.cfg.Cache.Put(cache.Entry{Key: t.key, Runs: runs, Timeline: trace}) // a full disk costs speed, not correctness
	}
	return r.parity(ctx, st, t, runs, ev, emit)
}

// runAll runs the snippet Repeat times. A traced snippet's first run
// records the execution trace, read back into a timeline.
func (r *Runner) runAll(ctx context.Context, st *runState, t *task) ([]job.Result, *timeline.Timeline, error) {
	var runs []job.Result
	var tl *timeline.Timeline
	for i := range t.s.Attrs.Repeat {
		spec := t.spec
		var traceFile string
		if t.s.Attrs.Trace && i == 0 {
			dir, err := os.MkdirTemp("", "workbook-trace-")
			if err != nil {
				return nil, nil, err
			}
			defer os.RemoveAll(dir)
			traceFile = filepath.Join(dir, "trace.out")
			spec.Env = append(append([]string(nil), spec.Env...), timeline.EnvTrace+"="+traceFile)
		}
		res, err := st.run(ctx, t.pick.engine, spec)
		if err != nil {
			return nil, nil, err
		}
		if traceFile != "" && res.Outcome == job.OK {
			tl, err = readTimeline(traceFile)
			if err != nil {
				res.Outcome, res.Detail = job.Exit, "the execution trace could not be read: "+err.Error()
			}
		}
		runs = append(runs, res)
	}
	return runs, tl, nil
}

func readTimeline(path string) (*timeline.Timeline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return timeline.Parse(f)
}

// judgeAll counts the runs that met the expectation and explains the
// first that did not.
func (r *Runner) judgeAll(t *task, runs []job.Result) (passed int, report string) {
	for _, res := range runs {
		ok, rep := judge(t.ch, t.s, res)
		if ok {
			passed++
		} else if report == "" {
			report = rep
		}
	}
	return passed, report
}

// emitRuns sends a run event per run, and the output of the first run and
// of every run that failed.
func (r *Runner) emitRuns(t *task, runs []job.Result, cached bool, ev func(event.Event) event.Event, emit func(event.Event)) {
	for i, res := range runs {
		ok, _ := judge(t.ch, t.s, res)
		if i == 0 || !ok {
			for _, o := range []struct{ stream, text string }{{"stdout", res.Stdout}, {"stderr", res.Stderr}} {
				if o.text != "" {
					emit(ev(event.Event{Action: event.Output, Run: i + 1, Stream: o.stream,
						Text: job.MapPositions(o.text, t.ch.Path, t.s.Program)}))
				}
			}
		}
		e := event.Event{Action: event.Run, Run: i + 1, Runs: len(runs), Outcome: string(res.Outcome),
			ExitCode: res.ExitCode, Elapsed: event.Dur(res.Wall), Cached: cached, Truncated: res.Truncated,
			Detail: job.MapPositions(res.Detail, t.ch.Path, t.s.Program), MaxRSS: res.MaxRSS}
		if !cached {
			e.Build = event.Dur(res.Build)
		}
		if res.UserCPU > 0 || res.SysCPU > 0 {
			e.UserCPU, e.SysCPU = event.Dur(res.UserCPU), event.Dur(res.SysCPU)
		}
		emit(ev(e))
	}
}

// parity runs a yaegi snippet under the compiled engine too and says
// whether the two agree. It is called only for snippets that passed.
func (r *Runner) parity(ctx context.Context, st *runState, t *task, yaegiRuns []job.Result, ev func(event.Event) event.Event, emit func(event.Event)) verdictKind {
	if !r.cfg.Parity || t.pick.engine != r.cfg.Yaegi {
		return verdictPass
	}
	if r.cfg.Go == nil {
		emit(ev(event.Event{Action: event.Parity, Line: t.s.Line, Skip: true, Reason: "no Go toolchain to compare with"}))
		return verdictPass
	}
	res, err := st.run(ctx, r.cfg.Go, t.spec)
	if err != nil {
		emit(ev(event.Event{Action: event.Parity, Line: t.s.Line, Pass: event.Bool(false), Report: err.Error()}))
		return verdictFail
	}
	y := yaegiRuns[0]
	ok, rep := judge(t.ch, t.s, res)
	switch {
	case res.Outcome != y.Outcome || (res.Outcome == job.Exit && res.ExitCode != y.ExitCode):
		// Only an exit status the program chose is part of its behaviour;
		// how a killed or panicking process exits is the engine's.
		ok, rep = false, fmt.Sprintf("yaegi: %s, compiled: %s", describe(y.Outcome, y.ExitCode), describe(res.Outcome, res.ExitCode))
	case !ok:
		rep = "yaegi met the expectation, the compiled engine did not: " + rep
	case t.s.Output == nil && res.Stdout != y.Stdout:
		ok, rep = false, fmt.Sprintf("the engines printed different output:\nyaegi:\n%s\ncompiled:\n%s", y.Stdout, res.Stdout)
	}
	emit(ev(event.Event{Action: event.Parity, Line: t.s.Line, Pass: event.Bool(ok), Report: rep}))
	if !ok {
		return verdictFail
	}
	return verdictPass
}

// engineFailed reports a run that could not complete: cut short by an
// interrupt (a skip, not a failure of the snippet) or failed for the
// reason in report.
func engineFailed(ctx context.Context, t *task, report string, ev func(event.Event) event.Event, emit func(event.Event)) verdictKind {
	if ctx.Err() != nil {
		emit(ev(event.Event{Action: event.Verdict, Line: t.s.Line, Skip: true, Reason: "interrupted"}))
		return verdictSkip
	}
	emit(ev(event.Event{Action: event.Verdict, Line: t.s.Line, Pass: event.Bool(false), Report: report}))
	return verdictFail
}
