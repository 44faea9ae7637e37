package runner

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"workbook/runner/cache"
	"workbook/runner/chapter"
	"workbook/runner/event"
	"workbook/runner/job"
	"workbook/runner/measure"
)

// runState is what the tasks of one Run share.
type runState struct {
	// lane keeps measurements alone on the machine: a measured snippet
	// holds it exclusively for all its runs; every other run, and every
	// build, holds it shared. Correctness runs go on around a measurement,
	// never during it (issue 3). It is the Runner's, so that Runs made at
	// the same time (the site's Run buttons) share it too.
	lane *sync.RWMutex
	// baselines hold the measurements that baseline=ID refers to, by
	// chapter path and id; done is closed when the snippet has finished,
	// measured or not.
	baselines map[string]*baseline
}

type baseline struct {
	done   chan struct{}
	finish sync.Once
	stats  *measure.Stats
}

func newRunState(lane *sync.RWMutex, tasks []*task) *runState {
	st := &runState{lane: lane, baselines: map[string]*baseline{}}
	for _, t := range tasks {
		if t.s.Attrs.Measure {
			st.baselines[baselineKey(t.ch, t.s.ID)] = &baseline{done: make(chan struct{})}
		}
	}
	return st
}

func baselineKey(ch *chapter.Chapter, id string) string { return ch.Path + "#" + id }

// run runs a spec outside the lane's exclusive part.
func (st *runState) run(ctx context.Context, e Engine, s job.Spec) (job.Result, error) {
	st.lane.RLock()
	defer st.lane.RUnlock()
	return e.Run(ctx, s)
}

// measured is what measuring one snippet produced.
type measured struct {
	runs []job.Result // every measured run, in order, METRIC lines removed from Stdout
	m    event.Measurement
}

// measureTask runs a measured snippet: warm-up and measured runs per sweep
// value, all inside the exclusive lane.
func (r *Runner) measureTask(ctx context.Context, st *runState, t *task) (measured, error) {
	a := t.s.Attrs
	values := []int{0}
	if a.Sweep != nil {
		values = a.Sweep.Values
	}
	var out measured
	var stats []measure.Stats
	var metricErrs []string
	st.lane.Lock()
	r.settle(ctx)
	out.m.Provenance = r.provenance()
	for _, v := range values {
		spec := t.spec
		if a.Sweep != nil {
			env, _ := a.Sweep.Apply(v)
			spec.Env = append(append([]string(nil), spec.Env...), env...)
		}
		var samples []measure.Sample
		for i := range a.Warmup + a.Runs {
			res, err := t.pick.engine.Run(ctx, spec)
			if err != nil {
				st.lane.Unlock()
				return out, err
			}
			shown, metrics, errs := measure.SplitMetrics(res.Stdout)
			for _, e := range errs {
				metricErrs = append(metricErrs, e.Error())
			}
			res.Stdout = shown
			if i < a.Warmup {
				continue
			}
			out.runs = append(out.runs, res)
			samples = append(samples, measure.SampleFrom(res, metrics))
		}
		stats = append(stats, measure.Summarize(samples))
	}
	st.lane.Unlock()
	out.m.Warmup = a.Warmup
	if len(metricErrs) > 0 {
		return out, fmt.Errorf("bad METRIC lines: %s", strings.Join(metricErrs, "; "))
	}
	r.summarise(st, t, stats, &out.m)
	return out, nil
}

// summarise fills in the statistics, sweep table, fit, baseline and claims.
func (r *Runner) summarise(st *runState, t *task, stats []measure.Stats, m *event.Measurement) {
	a := t.s.Attrs
	env := measure.ClaimEnv{Cores: m.Provenance.Cores}
	if a.Sweep != nil {
		m.Sweep = a.Sweep
		m.Points = measure.Table(*a.Sweep, stats)
		env.Sweep, env.Points = a.Sweep, m.Points
		if a.Sweep.Parallel() && len(m.Points) >= 2 {
			if fit, err := measure.FitAmdahl(m.Points); err == nil {
				m.Fit = &fit
			}
		}
	} else {
		m.Stats = &stats[0]
		env.Stats = m.Stats
	}
	if a.Baseline != "" {
		m.Baseline = a.Baseline
		if b := st.baselineOf(t); b != nil {
			env.Baseline = b
			if m.Stats != nil {
				m.BaselineSpeedup = measure.Speedup(*b, *m.Stats)
			}
		}
	}
	m.Claims = measure.EvalClaims(a.Claims, env)
}

// baselineOf waits for the snippet's baseline (which the chapter format
// puts earlier in the chapter, so it has already started) and returns its
// measurement, or nil if it was not measured or not part of this run.
func (st *runState) baselineOf(t *task) *measure.Stats {
	b := st.baselines[baselineKey(t.ch, t.s.Attrs.Baseline)]
	if b == nil {
		return nil
	}
	<-b.done
	return b.stats
}

// recordBaseline keeps a measured snippet's result for the snippets that
// compare against it.
func (st *runState) recordBaseline(t *task, m *event.Measurement) {
	b := st.baselines[baselineKey(t.ch, t.s.ID)]
	switch {
	case b == nil || m == nil:
	case m.Stats != nil:
		b.stats = m.Stats
	case len(m.Points) > 0:
		b.stats = &m.Points[0].Stats
	}
}

// finishBaseline releases the snippets waiting for t, whatever became of
// it (measured, failed or skipped). runTask defers it for every measured
// task, so no waiter is left behind.
func (st *runState) finishBaseline(t *task) {
	if b := st.baselines[baselineKey(t.ch, t.s.ID)]; b != nil {
		b.finish.Do(func() { close(b.done) })
	}
}

// settle waits until no engine works in the background. An engine that
// cannot settle (its context ended) leaves the measurement to report that.
func (r *Runner) settle(ctx context.Context) {
	for _, e := range []Engine{r.cfg.Go, r.cfg.Yaegi} {
		if s, ok := e.(Settler); ok {
			_ = s.Settle(ctx)
		}
	}
}

// provenance describes the machine now; the compiled engine's toolchain
// is the one that built what is measured.
func (r *Runner) provenance() measure.Provenance {
	if r.cfg.Provenance != nil {
		return r.cfg.Provenance()
	}
	goVersion := ""
	if r.cfg.Go != nil {
		if f := strings.Fields(r.cfg.Go.ID()); len(f) > 1 {
			goVersion = f[1]
		}
	}
	return measure.Collect(r.cfg.Now(), goVersion)
}

// failedClaims lists the claims that did not hold.
func failedClaims(m *event.Measurement) string {
	var msgs []string
	for _, c := range m.Claims {
		if !c.Pass && !c.Skipped {
			msgs = append(msgs, fmt.Sprintf("claim %s does not hold: %s", c.Claim, c.Reason))
		}
	}
	return strings.Join(msgs, "\n")
}

// runMeasured measures a snippet (or, for workbook build, reuses a stored
// measurement of the unchanged snippet on this host), judges its runs and
// emits its events.
func (r *Runner) runMeasured(ctx context.Context, st *runState, t *task, ev func(event.Event) event.Event, emit func(event.Event)) verdictKind {
	s := t.s
	if m := r.storedMeasurement(st, t); m != nil {
		st.recordBaseline(t, m)
		r.emitRuns(t, t.cached, true, ev, emit)
		emit(ev(event.Event{Action: event.Measure, Measurement: m}))
		emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(true), Cached: true,
			Passed: len(t.cached), Runs: len(t.cached), Expect: s.Attrs.Expect.String(), Outcome: string(t.cached[0].Outcome)}))
		return verdictPass
	}
	out, err := r.measureTask(ctx, st, t)
	if err != nil {
		return engineFailed(ctx, t, fmt.Sprintf("measurement failed: %v", err), ev, emit)
	}
	m := &out.m
	st.recordBaseline(t, m)
	r.emitRuns(t, out.runs, false, ev, emit)
	emit(ev(event.Event{Action: event.Measure, Measurement: m}))
	passed, report := r.judgeAll(t, out.runs)
	ok := passed == len(out.runs)
	if claims := failedClaims(m); claims != "" {
		if r.cfg.StrictTiming {
			ok = false
			report = strings.TrimSpace(report + "\n" + claims)
		} else if ok {
			report = "warning: " + claims + "\n(a claim fails the snippet only under --strict-timing)"
		}
	}
	emit(ev(event.Event{Action: event.Verdict, Line: s.Line, Pass: event.Bool(ok), Passed: passed, Runs: len(out.runs),
		Expect: s.Attrs.Expect.String(), Outcome: string(out.runs[len(out.runs)-1].Outcome), Report: report}))
	if !ok {
		return verdictFail
	}
	r.keep(t, out)
	return verdictPass
}

// storedMeasurement returns the stored measurement of an unchanged snippet
// on this host, when the Runner may reuse one and the results cache holds
// the runs' output too.
func (r *Runner) storedMeasurement(st *runState, t *task) *event.Measurement {
	if !r.cfg.ReuseTimings || r.cfg.Timings == nil || t.cached == nil {
		return nil
	}
	if passed, _ := r.judgeAll(t, t.cached); passed != len(t.cached) {
		return nil
	}
	rec, ok := r.cfg.Timings.Get(t.key, r.provenance().Host)
	if !ok {
		return nil
	}
	m := &event.Measurement{Provenance: rec.Provenance, Stored: true, Warmup: t.s.Attrs.Warmup, Stats: rec.Stats,
		Sweep: rec.Sweep, Points: rec.Points, Fit: rec.Fit, Baseline: t.s.Attrs.Baseline}
	// The claims are the chapter's as it is now, judged on the stored
	// numbers: an edited assert must not be answered from the store.
	env := measure.ClaimEnv{Cores: rec.Provenance.Cores, Stats: rec.Stats, Sweep: rec.Sweep, Points: rec.Points}
	if t.s.Attrs.Baseline != "" {
		env.Baseline = st.baselineOf(t)
		if env.Baseline != nil && m.Stats != nil {
			m.BaselineSpeedup = measure.Speedup(*env.Baseline, *m.Stats)
		}
	}
	m.Claims = measure.EvalClaims(t.s.Attrs.Claims, env)
	return m
}

// keep stores a passing measurement: its runs in the results cache (so a
// later build can show their output) and its numbers in the timing store.
func (r *Runner) keep(t *task, out measured) {
	if r.cfg.Cache != nil {
		_ = r.cfg.Cache.Put(cache.Entry{Key: t.key, Runs: out.runs})
	}
	if r.cfg.Timings == nil {
		return
	}
	m := out.m
	rec := measure.Record{SnippetKey: t.key, Host: m.Provenance.Host, Provenance: m.Provenance, Stats: m.Stats,
		Sweep: m.Sweep, Points: m.Points, Fit: m.Fit, Claims: m.Claims}
	if m.Stats != nil {
		for _, res := range out.runs {
			rec.Runs = append(rec.Runs, measure.SampleFrom(res, nil))
		}
	}
	_ = r.cfg.Timings.Put(rec) // losing a stored timing costs a re-measurement, nothing more
}
