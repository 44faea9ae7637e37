package runner

import (
	"context"
	"fmt"

	"workbook/runner/cache"
	"workbook/runner/event"
	"workbook/runner/job"
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
func (r *Runner) runTask(ctx context.Context, t *task, emit func(event.Event)) verdictKind {
	s := t.s
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
	if t.cached != nil {
		if passed, _ := r.judgeAll(t, t.cached); passed == len(t.cached) {
			r.emitRuns(t, t.cached, true, ev, emit)
			emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(true), Cached: true,
				Passed: passed, Runs: len(t.cached), Expect: s.Attrs.Expect.String(), Outcome: string(t.cached[0].Outcome)}))
			return r.parity(ctx, t, t.cached, ev, emit)
		}
	}
	runs, err := r.runAll(ctx, t)
	if err != nil {
		emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(false),
			Report: fmt.Sprintf("the %s engine failed: %v", t.pick.engine.Name(), err)}))
		return verdictFail
	}
	r.emitRuns(t, runs, false, ev, emit)
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
		_ = r.cfg.Cache.Put(cache.Entry{Key: t.key, Runs: runs}) // a full disk costs speed, not correctness
	}
	return r.parity(ctx, t, runs, ev, emit)
}

// runAll runs the snippet Repeat times.
func (r *Runner) runAll(ctx context.Context, t *task) ([]job.Result, error) {
	var runs []job.Result
	for range t.s.Attrs.Repeat {
		res, err := t.pick.engine.Run(ctx, t.spec)
		if err != nil {
			return nil, err
		}
		runs = append(runs, res)
	}
	return runs, nil
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
func (r *Runner) parity(ctx context.Context, t *task, yaegiRuns []job.Result, ev func(event.Event) event.Event, emit func(event.Event)) verdictKind {
	if !r.cfg.Parity || t.pick.engine != r.cfg.Yaegi {
		return verdictPass
	}
	if r.cfg.Go == nil {
		emit(ev(event.Event{Action: event.Parity, Line: t.s.Line, Skip: true, Reason: "no Go toolchain to compare with"}))
		return verdictPass
	}
	res, err := r.cfg.Go.Run(ctx, t.spec)
	if err != nil {
		emit(ev(event.Event{Action: event.Parity, Line: t.s.Line, Pass: event.Bool(false), Report: err.Error()}))
		return verdictFail
	}
	y := yaegiRuns[0]
	ok, rep := judge(t.ch, t.s, res)
	switch {
	case res.Outcome != y.Outcome || res.ExitCode != y.ExitCode:
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
