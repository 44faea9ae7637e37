package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"workbook/runner/cache"
	"workbook/runner/chapter"
	"workbook/runner/event"
	"workbook/runner/job"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

// Config wires a Runner. Only Book is required; engines left nil are
// treated as unavailable.
type Config struct {
	Go       Engine // the compiled engine; nil when there is no toolchain
	GoErr    error  // why Go is nil, for the skip message
	Yaegi    Engine
	Eligible func([]job.File) (ok bool, reason string) // may yaegi run it faithfully?
	Cache    *cache.Store                              // nil: no results cache
	Fresh    bool                                      // ignore cached results (still store new ones)
	Engine   string                                    // "", "auto", "yaegi" or "go": overrides every snippet
	Parallel int                                       // snippets run at once; 0: runtime.NumCPU()
	Parity   bool
	Now      func() time.Time

	// Measurement (issue 3).
	Timings      *measure.Store            // where measurements are kept; nil: not kept
	ReuseTimings bool                      // serve stored measurements of unchanged snippets (workbook build)
	StrictTiming bool                      // a claim that does not hold fails the snippet, not just warns
	Provenance   func() measure.Provenance // describes the machine; default measure.Collect
}

// Runner runs chapters. Its Run may be called from several goroutines at
// once; the measurement lane is shared by all of them.
type Runner struct {
	cfg  Config
	lane sync.RWMutex
}

// New returns a Runner.
func New(cfg Config) *Runner {
	if cfg.Parallel <= 0 {
		cfg.Parallel = runtime.NumCPU()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Runner{cfg: cfg}
}

// Request names what to run.
type Request struct {
	Book     fs.FS
	Chapters []string // as the user typed them; none: every chapter
	Snippet  string   // only the snippet with this id; "" for all
	// Parsed, when set, are the chapters to run, already parsed by the
	// caller (the site, which renders the same values); Book and Chapters
	// are then not read.
	Parsed []*chapter.Chapter
	// Fresh runs this request again whatever the cache or the timing store
	// hold, as Config.Fresh does for every request (the site's Run button).
	Fresh bool
}

// Summary counts verdicts.
type Summary struct {
	Passed, Failed, Skipped int
}

// task is one snippet's work.
type task struct {
	ch     *chapter.Chapter
	s      *chapter.Snippet
	pick   choice
	spec   job.Spec
	key    string
	cached []job.Result // from the results cache, if any
	trace  *timeline.Timeline
}

// Run runs what req names and reports to sink. The error is for a request
// that names nothing runnable (an unknown chapter or snippet); chapters that
// fail to parse are reported as error events and counted as failures.
func (r *Runner) Run(ctx context.Context, req Request, sink event.Sink) (Summary, error) {
	start := r.cfg.Now()
	chs, sum, err := r.load(req, sink)
	if err != nil {
		return sum, err
	}
	var tasks []*task
	for _, ch := range chs {
		for _, s := range ch.Snippets {
			if req.Snippet == "" || s.ID == req.Snippet {
				tasks = append(tasks, r.plan(ch, s, req.Fresh))
			}
		}
	}
	if req.Snippet != "" && len(tasks) == 0 && sum.Failed == 0 {
		return sum, fmt.Errorf("no snippet %q in %s", req.Snippet, chapterNames(chs))
	}
	st := newRunState(&r.lane, tasks)
	r.prepare(ctx, st, tasks)
	out := newOrdered(sink, len(tasks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.cfg.Parallel)
	for i, t := range tasks {
		if i == 0 || tasks[i-1].ch != t.ch {
			out.emit(i, event.Event{Action: event.Chapter, Chapter: t.ch.Path, Title: t.ch.Title, Snippets: len(t.ch.Snippets), Time: r.cfg.Now()})
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			v := r.runTask(ctx, st, t, func(e event.Event) { e.Time = r.cfg.Now(); out.emit(i, e) })
			mu.Lock()
			switch v {
			case verdictPass:
				sum.Passed++
			case verdictFail:
				sum.Failed++
			case verdictSkip:
				sum.Skipped++
			}
			mu.Unlock()
			out.finish(i)
		}()
	}
	wg.Wait()
	sink.Event(event.Event{Time: r.cfg.Now(), Action: event.Summary, Passed: sum.Passed, Failed: sum.Failed,
		Skipped: sum.Skipped, Elapsed: event.Dur(r.cfg.Now().Sub(start))})
	return sum, ctx.Err()
}

func (r *Runner) load(req Request, sink event.Sink) ([]*chapter.Chapter, Summary, error) {
	var sum Summary
	if req.Parsed != nil {
		return req.Parsed, sum, nil
	}
	names := req.Chapters
	if len(names) == 0 {
		all, err := chapter.List(req.Book)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, sum, fmt.Errorf("no %s/ folder here: run from the book's root, or give --book DIR", chapter.Dir)
		}
		if err != nil {
			return nil, sum, fmt.Errorf("list chapters: %w", err)
		}
		names = all
	}
	var chs []*chapter.Chapter
	seen := map[string]bool{}
	for _, name := range names {
		path, err := chapter.Resolve(req.Book, name)
		if err != nil {
			return nil, sum, err
		}
		if seen[path] { // "1 sample" names one chapter twice
			continue
		}
		seen[path] = true
		ch, err := chapter.Load(req.Book, path)
		var list chapter.ErrorList
		switch {
		case errors.As(err, &list):
			sink.Event(event.Event{Time: r.cfg.Now(), Action: event.Error, Chapter: path, Text: list.Error()})
			sum.Failed++
		case err != nil:
			return nil, sum, err
		default:
			chs = append(chs, ch)
		}
	}
	return chs, sum, nil
}

func chapterNames(chs []*chapter.Chapter) string {
	var names []string
	for _, ch := range chs {
		names = append(names, ch.Path)
	}
	return strings.Join(names, ", ")
}

// plan picks the engine and looks the snippet up in the results cache.
func (r *Runner) plan(ch *chapter.Chapter, s *chapter.Snippet, fresh bool) *task {
	t := &task{ch: ch, s: s}
	if !s.Runs {
		return t
	}
	t.pick = r.choose(ch, s)
	if t.pick.engine == nil {
		return t
	}
	a := s.Attrs
	t.spec = job.Spec{Files: s.Program, Race: a.Race, NoRun: a.NoRun, Args: a.Args, Env: a.Env,
		GOMAXPROCS: a.GOMAXPROCS, Timeout: a.Timeout}
	if a.Trace {
		files, err := timeline.Instrument(s.Program)
		if err != nil {
			t.pick = choice{skip: "cannot trace: " + err.Error()}
			return t
		}
		t.spec.Files = files
	}
	t.key = t.spec.Key(t.pick.engine.ID() + " " + runShape(a))
	if r.cfg.Cache != nil && !r.cfg.Fresh && !fresh {
		if e, ok := r.cfg.Cache.Get(t.key); ok && len(e.Runs) == wantRuns(a) && (!a.Trace || e.Timeline != nil) {
			t.cached, t.trace = e.Runs, e.Timeline
		}
	}
	return t
}

// prepare lets the compiled engine build, in one batch, every program it is
// about to run.
func (r *Runner) prepare(ctx context.Context, st *runState, tasks []*task) {
	p, ok := r.cfg.Go.(Preparer)
	if !ok {
		return
	}
	var specs []job.Spec
	for _, t := range tasks {
		// Measured snippets always run, so their binaries are built here,
		// in the batch, rather than one by one inside the exclusive lane.
		if t.pick.engine == r.cfg.Go && (t.cached == nil || t.s.Attrs.Measure) {
			specs = append(specs, t.spec)
		} else if r.cfg.Parity && t.pick.engine == r.cfg.Yaegi && t.pick.engine != nil {
			specs = append(specs, t.spec)
		}
	}
	if len(specs) > 0 {
		st.lane.RLock()
		defer st.lane.RUnlock()
		_ = p.Prepare(ctx, specs) // a failed batch is retried, and reported, by each Run
	}
}

// wantRuns is how many runs a complete result of the snippet holds.
func wantRuns(a chapter.Attrs) int {
	switch {
	case a.Measure && a.Sweep != nil:
		return a.Runs * len(a.Sweep.Values)
	case a.Measure:
		return a.Runs
	}
	return a.Repeat
}

// runShape is what, besides the program, decides what the runs of a
// snippet stored in the results cache are: how many, and whether they are
// measured runs whose METRIC lines were taken out of the output.
func runShape(a chapter.Attrs) string {
	if !a.Measure {
		return "repeat=" + strconv.Itoa(a.Repeat)
	}
	shape := fmt.Sprintf("measure runs=%d warmup=%d", a.Runs, a.Warmup)
	if a.Sweep != nil {
		shape += fmt.Sprintf(" sweep=%s%v", a.Sweep.Var, a.Sweep.Values)
	}
	return shape
}
