package grade

import (
	"bytes"
	"context"
	"os"
	"sync"
	"time"

	"workbook/grade/gate"
	"workbook/grade/sandbox"
)

// grader holds what every job shares. Its sandbox, toolchain version and
// scratch directory are made by start, only when something is to be
// graded: a re-grade served from the gradebook needs none of them.
type grader struct {
	opts Options
	sb   *sandbox.Sandbox
	comp *compiler
	dir  string // private scratch directory for builds (0700)
	// quiet is held for reading by every compile and test run, and for
	// writing by a timing measurement, which must not share the machine.
	quiet sync.RWMutex
	refs  references
}

func newGrader(opts Options) *grader { return &grader{opts: opts} }

// start makes the sandbox, asks the toolchain its version and makes the
// scratch directory.
func (g *grader) start(ctx context.Context) error {
	sb, err := newSandbox(ctx, g.opts)
	if err != nil {
		return err
	}
	v, err := toolchainVersion(ctx, g.opts.Go)
	if err != nil {
		sb.Close()
		return err
	}
	dir, err := os.MkdirTemp("", "wb-grade-")
	if err != nil {
		sb.Close()
		return err
	}
	g.sb, g.dir = sb, dir
	g.comp = &compiler{goCmd: g.opts.Go, timeout: 3 * time.Minute, version: v}
	return nil
}

// close removes what start made.
func (g *grader) close() {
	if g.sb != nil {
		g.sb.Close()
		os.RemoveAll(g.dir)
	}
}

// version names the grader and the toolchain that compiled the tests.
func (g *grader) version() string {
	if g.comp == nil {
		return Version
	}
	return Version + " go" + g.comp.version
}

// task is one (student, exercise) pair of a run.
type task struct {
	i   int // index in the run's results
	sub *Submission
	ex  *Exercise
}

// gradeTasks grades tasks, opts.Jobs at a time, calling done from the
// worker with each result. A result decided after ctx was cancelled is
// dropped: a killed test is not the student's failure.
func (g *grader) gradeTasks(ctx context.Context, tasks []task, done func(task, *Result)) {
	ch := make(chan task)
	var wg sync.WaitGroup
	for w := 0; w < g.opts.Jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range ch {
				r := g.grade(ctx, t.sub, t.ex)
				if ctx.Err() == nil {
					done(t, r)
				}
			}
		}()
	}
	for _, t := range tasks {
		if ctx.Err() != nil {
			break
		}
		ch <- t
	}
	close(ch)
	wg.Wait()
}

// grade runs one job: gate, compile, then every test in the sandbox.
func (g *grader) grade(ctx context.Context, sub *Submission, e *Exercise) *Result {
	r := &Result{Student: sub.Student, Exercise: e.ID, MaxScore: e.MaxScore(), HiddenFiles: e.hiddenFiles()}
	for _, c := range e.Cases {
		r.Tests = append(r.Tests, TestResult{Case: c, Max: c.Points, Reason: "not run"})
	}
	files, ok := sub.Files[e.Name]
	if !ok || len(files) == 0 {
		r.Status, r.Problems = StatusRejected, []string{"nothing submitted for " + e.Name}
		return r
	}
	start := time.Now()
	gr := gate.Check(files, e.Stub, e.Package, e.Config.Imports)
	r.Timing.Gate = time.Since(start)
	r.Notes = append(append(r.Notes, sub.Notes...), gr.Notes...)
	if len(gr.Problems) > 0 {
		r.Status = StatusRejected
		if gr.Syntax {
			r.Status = StatusCompileError
		}
		for _, p := range gr.Problems {
			r.Problems = append(r.Problems, Sanitize(p.String(), 300))
		}
		return r
	}
	dir, err := os.MkdirTemp(g.dir, "build-")
	if err != nil {
		return r.fail(err)
	}
	defer os.RemoveAll(dir)
	g.quiet.RLock()
	b, err := g.comp.compile(ctx, dir, e, gr.Files)
	g.quiet.RUnlock()
	if err != nil {
		return r.fail(err)
	}
	r.Timing.Compile = b.elapsed
	if b.bin == "" {
		r.Status = StatusCompileError
		r.Problems = []string{Sanitize(b.output, FeedbackCap)}
		return r
	}
	student := map[string]bool{}
	for name := range gr.Files {
		student[name] = true
	}
	start = time.Now()
	for i, c := range e.Cases {
		tr, err := g.runCase(ctx, e, b, c, student)
		if err != nil {
			return r.fail(err)
		}
		r.Tests[i] = tr
		r.Score += tr.Earned
	}
	r.Timing.Run = time.Since(start)
	r.Status = StatusPassed
	for _, t := range r.Tests {
		if !t.Passed {
			r.Status = StatusFailed
		}
	}
	return r
}

// runCase runs one test as its own process in the sandbox.
func (g *grader) runCase(ctx context.Context, e *Exercise, b *build, c Case, student map[string]bool) (TestResult, error) {
	if c.Criterion == "timing" {
		return g.runTiming(ctx, e, b, c, student)
	}
	g.quiet.RLock()
	defer g.quiet.RUnlock()
	tr, _, err := g.runOne(ctx, e, b, c, student)
	return tr, err
}

// runOne runs test c of build b and decides its verdict.
func (g *grader) runOne(ctx context.Context, e *Exercise, b *build, c Case, student map[string]bool) (TestResult, sandbox.Result, error) {
	timeout := e.timeout()
	var rep bytes.Buffer
	res, err := g.sb.Run(ctx, sandbox.Cmd{
		Binary: b.bin,
		Args: []string{"-test.run", "^" + c.Name + "$", "-test.v", "-test.paniconexit0",
			"-test.timeout=" + timeout.String(), "-test.count=1"},
		// The race runtime sleeps 1s at exit by default so that late
		// goroutines can report; the harness has already waited for the
		// package's goroutines, and the second per test dominated run time.
		Env:    []string{"GOTRACEBACK=all", "GORACE=atexit_sleep_ms=20", "PATH=/nonexistent"},
		Limits: sandbox.Limits{Memory: e.memory(), Procs: e.procs(), CPU: 2*timeout + e.leakGrace() + 10*time.Second},
		// The test's own timeout fires first and prints the goroutines;
		// the wall deadline is for a binary that stops caring.
		Timeout: timeout + e.leakGrace() + 5*time.Second,
		Report:  &rep,
	})
	if err != nil {
		return TestResult{}, res, err
	}
	ev := evidence{
		name: c.Name, run: res, rep: parseReport(rep.String(), b.nonce), module: e.Name,
		student: student, nonce: b.nonce, timeout: timeout.String(), criterion: c.Criterion,
	}
	passed, reason, fb := verdict(ev)
	tr := TestResult{Case: c, Max: c.Points, Passed: passed, Reason: reason, Feedback: fb, Elapsed: res.Elapsed}
	if passed {
		tr.Earned = c.Points
	}
	return tr, res, nil
}

func (r *Result) fail(err error) *Result {
	r.Status = StatusError
	r.Problems = append(r.Problems, err.Error())
	return r
}
