package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

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
	Out         string // write the reports and platform exports here; "" none
	JUnit       string // write JUnit XML here; "" none
	DB          string // the gradebook; "" keeps none
	Regrade     bool   // grade again what the gradebook already has
	Course      string // course file with due dates and the late policy; "" none
	Shard       Shard  // grade only this share of the students
	SelfTest    bool   // prove the sandbox instead of grading
	Unsafe      bool   // allow running with no isolation
	Go          string // go command; "" means "go"
	Sandbox     sandbox.Mode
	Stdout      io.Writer // a line per result (unless Progress), then the summary
	Stderr      io.Writer
	// Progress, when set (a terminal), gets a progress bar instead of a
	// line per result on Stdout.
	Progress io.Writer
	Args     string           // the command line, recorded with the run
	Now      func() time.Time // the clock; nil means time.Now
}

// ErrSelfTest is returned when a sandbox property did not hold.
var ErrSelfTest = errors.New("sandbox self-test failed")

// DefaultDB is the gradebook's path for a submissions folder: beside it,
// so that two courses' folders keep two gradebooks.
func DefaultDB(submissions string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(submissions)), "gradebook.db")
}

// Run grades every submission (or runs the self-test) as opts say: each
// (student, exercise) pair the gradebook already holds with the same
// submission and exercise content is served from it (unless Regrade), the
// rest are graded and each recorded as soon as it is decided. It then
// writes the CSV, reports and exports, and prints a summary per exercise.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	opts.defaults()
	if opts.SelfTest {
		return selfTest(ctx, opts)
	}
	exercises, loadErr := LoadExercises(os.DirFS(opts.Exercises), os.DirFS(opts.Solutions))
	if loadErr != nil && opts.Exercise == "" {
		return nil, fmt.Errorf("load exercises: %w", loadErr)
	}
	exercises, err := selectExercises(exercises, opts.Exercise)
	if err != nil {
		if loadErr != nil {
			return nil, fmt.Errorf("load exercises: %w", loadErr)
		}
		return nil, err
	}
	if loadErr != nil {
		// --exercise names one that loads: another's half-written folder
		// does not stop its grading.
		fmt.Fprintf(opts.Stderr, "workbook grade: ignoring exercises that do not load: %v\n", loadErr)
	}
	subs, err := loadSubmissions(opts.Submissions, opts.Shard)
	if err != nil {
		return nil, fmt.Errorf("load submissions: %w", err)
	}
	course, err := LoadCourse(opts.Course)
	if err != nil {
		return nil, err
	}
	return gradeSubmissions(ctx, opts, exercises, subs, course)
}

// gradeSubmissions grades subs on exercises, through the gradebook when
// opts.DB is set, writes what opts asks for and prints the summary.
func gradeSubmissions(ctx context.Context, opts Options, exercises []*Exercise, subs []*Submission, course *Course) (*Summary, error) {
	var book *Gradebook
	if opts.DB != "" {
		var err error
		if book, err = OpenGradebook(opts.DB); err != nil {
			return nil, err
		}
		defer book.Close()
		book.now = opts.Now
		if err := book.startRun(ctx, opts.Regrade, opts.Args); err != nil {
			return nil, fmt.Errorf("gradebook %s: %v", opts.DB, err)
		}
	}
	r := &run{opts: opts, course: course, book: book, exercises: exercises, g: newGrader(opts)}
	defer r.g.close()
	sum, err := r.grade(ctx, subs)
	if err != nil {
		return sum, err
	}
	if book != nil {
		if err := book.finishRun(); err != nil {
			return sum, err
		}
	}
	if err := sum.write(opts); err != nil {
		return sum, err
	}
	printStats(opts.Stdout, sum)
	return sum, nil
}

func selfTest(ctx context.Context, opts Options) (*Summary, error) {
	sb, err := newSandbox(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer sb.Close()
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
	if opts.Now == nil {
		opts.Now = time.Now
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
	return selectNamed(all, []string{name})
}

// run is one grading run over a set of submissions.
type run struct {
	opts      Options
	course    *Course
	book      *Gradebook
	exercises []*Exercise
	g         *grader

	mu      sync.Mutex
	err     error    // the first gradebook write that failed
	unknown []string // submissions with no time while a due date exists
}

// pending is a task with what the gradebook knows of it.
type pending struct {
	task
	hash, exHash string
	cached       *Result
}

// grade plans the run (what the gradebook already has), grades the rest
// and returns every result in (student, exercise) order.
func (r *run) grade(ctx context.Context, subs []*Submission) (*Summary, error) {
	var all []*pending
	exHash := map[*Exercise]string{}
	for _, e := range r.exercises {
		exHash[e] = exerciseHash(e)
	}
	for _, s := range subs {
		for _, e := range r.exercises {
			p := &pending{task: task{i: len(all), sub: s, ex: e}, exHash: exHash[e]}
			if files := s.Files[e.Name]; len(files) > 0 {
				p.hash = submissionHash(files)
			}
			if r.book != nil {
				var err error
				p.cached, err = r.book.lookup(ctx, s.Student, e.ID, p.hash, p.exHash, r.opts.Regrade)
				if err != nil {
					return nil, fmt.Errorf("gradebook %s: %v", r.opts.DB, err)
				}
			}
			all = append(all, p)
		}
	}
	var fresh []task
	byIndex := map[int]*pending{}
	for _, p := range all {
		if p.cached == nil {
			fresh = append(fresh, p.task)
			byIndex[p.i] = p
		}
	}
	if len(fresh) > 0 {
		if err := r.g.start(ctx); err != nil {
			return nil, err
		}
	}
	prog := newProgress(r.opts.Stdout, r.opts.Progress, len(all), subs, r.opts.Now)
	results := make([]*Result, len(all))
	for _, p := range all {
		if p.cached != nil {
			p.cached.Cached = true
			r.finish(ctx, p, p.cached)
			results[p.i] = p.cached
			prog.add(p.cached)
		}
	}
	r.g.gradeTasks(ctx, fresh, func(t task, res *Result) {
		p := byIndex[t.i]
		res.Hash, res.GradedAt = p.hash, r.opts.Now()
		r.finish(ctx, p, res)
		results[t.i] = res
		prog.add(res)
	})
	prog.close()
	sum := &Summary{Submissions: subs, Exercises: r.exercises, Unknown: r.unknown}
	for _, res := range results {
		if res == nil {
			continue
		}
		sum.Results = append(sum.Results, res)
		if res.Cached {
			sum.Cached++
			continue
		}
		sum.Graded++
		sum.Gate += res.Timing.Gate
		sum.Compile += res.Timing.Compile
		sum.Run += res.Timing.Run
	}
	sort.Strings(sum.Unknown)
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, r.err
}

// finish applies the late policy to a result and records it: a fresh one
// as a new grading, a cached one only when its late fields changed. It is
// called from the workers.
func (r *run) finish(ctx context.Context, p *pending, res *Result) {
	changed, unknown := r.course.applyLate(res, p.ex)
	r.mu.Lock()
	if unknown {
		r.unknown = append(r.unknown, res.Student+"/"+p.ex.Name)
	}
	r.mu.Unlock()
	if r.book == nil {
		return
	}
	var err error
	switch {
	case !res.Cached:
		err = r.book.record(ctx, res, p.exHash, r.g.version())
	case changed:
		err = r.book.updateLate(ctx, res)
	}
	if err != nil {
		r.mu.Lock()
		if r.err == nil {
			r.err = fmt.Errorf("gradebook %s: %v", r.opts.DB, err)
		}
		r.mu.Unlock()
	}
}
