package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"workbook/grade/gate"
	"workbook/grade/sandbox"
)

// Options are the inputs of one grading run (the flags of workbook grade).
type Options struct {
	Exercises   string // folder of NN-slug/NAME exercises
	Solutions   string // folder of NN-slug/NAME solutions with grading.json
	Submissions string // folder of STUDENT/ folders and STUDENT.zip/.tar.gz archives
	Exercise    string // grade only this exercise (NAME or NN-slug/NAME); "" all
	Jobs        int    // submissions graded at once; 0 means 2
	CSV         string // write the CSV here; "" none
	Out         string // write STUDENT.json reports here; "" none
	SelfTest    bool   // prove the sandbox instead of grading
	Unsafe      bool   // allow running with no isolation
	Go          string // go command; "" means "go"
	Sandbox     sandbox.Mode
	Stdout      io.Writer
	Stderr      io.Writer
}

// ErrSelfTest is returned when a sandbox property did not hold.
var ErrSelfTest = errors.New("sandbox self-test failed")

// Run grades every submission (or runs the self-test) as opts say, writes
// the CSV and reports, and prints a line per student and exercise.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	opts.defaults()
	sb, err := newSandbox(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer sb.Close()
	if opts.SelfTest {
		checks, err := sb.SelfTest(ctx, opts.Go)
		ok := sandbox.PrintChecks(opts.Stdout, sb.Mode(), checks)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrSelfTest
		}
		return &Summary{}, nil
	}
	exercises, err := LoadExercises(os.DirFS(opts.Exercises), os.DirFS(opts.Solutions))
	if err != nil {
		return nil, fmt.Errorf("load exercises: %w", err)
	}
	if exercises, err = selectExercises(exercises, opts.Exercise); err != nil {
		return nil, err
	}
	subs, err := LoadSubmissions(opts.Submissions)
	if err != nil {
		return nil, fmt.Errorf("load submissions: %w", err)
	}
	g, err := newGrader(ctx, opts, sb)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(g.dir)
	g.report = g.print
	sum := g.gradeAll(ctx, exercises, subs)
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, sum.write(opts, exercises)
}

// defaults fills in the zero fields of opts.
func (opts *Options) defaults() {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Go == "" {
		opts.Go = "go"
	}
	if opts.Jobs <= 0 {
		opts.Jobs = 2
	}
}

func newSandbox(ctx context.Context, opts Options) (*sandbox.Sandbox, error) {
	sb, err := sandbox.New(ctx, sandbox.Config{Mode: opts.Sandbox, Go: opts.Go})
	if err == nil || !opts.Unsafe {
		return sb, err
	}
	fmt.Fprintf(opts.Stderr, "workbook grade: WARNING: %v\nworkbook grade: running submissions WITHOUT isolation (--unsafe-no-sandbox)\n", err)
	return sandbox.New(ctx, sandbox.Config{Mode: sandbox.ModeNone, Go: opts.Go})
}

func selectExercises(all []*Exercise, name string) ([]*Exercise, error) {
	if name == "" {
		return all, nil
	}
	for _, e := range all {
		if e.Name == name || e.ID == name {
			return []*Exercise{e}, nil
		}
	}
	return nil, fmt.Errorf("no exercise %q", name)
}

// grader holds what every job shares.
type grader struct {
	sb   *sandbox.Sandbox
	comp *compiler
	dir  string // private scratch directory for builds (0700)
	jobs int
	out  io.Writer
	mu   sync.Mutex // serializes out
	// quiet is held for reading by every compile and test run, and for
	// writing by a timing measurement, which must not share the machine.
	quiet sync.RWMutex
	refs  references
	// report is called with each result as it is decided; nil: nothing.
	report func(*Result)
}

func newGrader(ctx context.Context, opts Options, sb *sandbox.Sandbox) (*grader, error) {
	v, err := toolchainVersion(ctx, opts.Go)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "wb-grade-")
	if err != nil {
		return nil, err
	}
	return &grader{
		sb: sb, dir: dir, jobs: opts.Jobs, out: opts.Stdout,
		comp: &compiler{goCmd: opts.Go, timeout: 3 * time.Minute, version: v},
	}, nil
}

// gradeAll grades every (student, exercise) pair, opts.Jobs at a time.
func (g *grader) gradeAll(ctx context.Context, exercises []*Exercise, subs []*Submission) *Summary {
	type task struct {
		i   int
		sub *Submission
		ex  *Exercise
	}
	var tasks []task
	for _, s := range subs {
		for _, e := range exercises {
			tasks = append(tasks, task{len(tasks), s, e})
		}
	}
	results := make([]*Result, len(tasks))
	ch := make(chan task)
	var wg sync.WaitGroup
	for w := 0; w < g.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range ch {
				r := g.grade(ctx, t.sub, t.ex)
				results[t.i] = r
				if g.report != nil {
					g.report(r)
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
	sum := &Summary{Submissions: subs}
	for _, r := range results {
		if r != nil {
			sum.Results = append(sum.Results, r)
			sum.Gate += r.Timing.Gate
			sum.Compile += r.Timing.Compile
			sum.Run += r.Timing.Run
		}
	}
	return sum
}

// grade runs one job: gate, compile, then every test in the sandbox.
func (g *grader) grade(ctx context.Context, sub *Submission, e *Exercise) *Result {
	r := &Result{Student: sub.Student, Exercise: e.ID, MaxScore: e.MaxScore()}
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

func (g *grader) print(r *Result) {
	g.mu.Lock()
	defer g.mu.Unlock()
	fmt.Fprintf(g.out, "%-16s %-24s %5s/%-5s %s\n", r.Student, r.Exercise, num(r.Score), num(r.MaxScore), r.Status)
	for _, p := range r.Problems {
		fmt.Fprintf(g.out, "    %s\n", firstLine(p))
	}
	for _, t := range r.Tests {
		if !t.Passed && r.Status == StatusFailed {
			fmt.Fprintf(g.out, "    %s: %s\n", t.Name, t.Reason)
		}
	}
}
