package runner

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"workbook/runner/cache"
	"workbook/runner/event"
	"workbook/runner/job"
	"workbook/runner/measure"
)

// laneEngine checks the lane's promise: while a measured program runs,
// nothing else does. Programs holding the line "MEASURED" are measured.
// Its wall time is "WALL ms" divided by min(GOMAXPROCS, 2), so a sweep
// scales perfectly up to two cores.
type laneEngine struct {
	mu         sync.Mutex
	active     int
	measured   int
	violations int
	runs       int
}

func (e *laneEngine) Name() string { return "go" }
func (e *laneEngine) ID() string   { return "go go1.26.0 linux/amd64" }

func (e *laneEngine) Run(ctx context.Context, s job.Spec) (job.Result, error) {
	body := s.Files[len(s.Files)-1].Body
	isMeasured := strings.Contains(body, "MEASURED")
	e.enter(isMeasured)
	for range 50 { // give other goroutines every chance to overlap
		runtime.Gosched()
	}
	defer e.leave(isMeasured)
	res := job.Result{Engine: "go", Outcome: job.OK}
	procs := 1
	for _, kv := range s.Env {
		if v, ok := strings.CutPrefix(kv, "GOMAXPROCS="); ok {
			procs, _ = strconv.Atoi(v)
		}
	}
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "//"))
		if x, ok := strings.CutPrefix(l, "PRINT "); ok {
			res.Stdout += x + "\n"
		}
		if x, ok := strings.CutPrefix(l, "WALL "); ok {
			ms, _ := strconv.Atoi(x)
			res.Wall = time.Duration(ms) * time.Millisecond / time.Duration(min(procs, 2))
			res.UserCPU = time.Duration(ms) * time.Millisecond
		}
	}
	return res, nil
}

func (e *laneEngine) enter(measured bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.runs++
	if e.measured > 0 || (measured && e.active > 0) {
		e.violations++
	}
	e.active++
	if measured {
		e.measured++
	}
}

func (e *laneEngine) leave(measured bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.active--
	if measured {
		e.measured--
	}
}

func twoCores() measure.Provenance {
	return measure.Provenance{CPU: "test cpu", Cores: 2, Host: "testhost0001", GoVersion: "go1.26.0"}
}

func measuredEvents(rec *recorder) map[string]*event.Measurement {
	out := map[string]*event.Measurement{}
	for _, e := range rec.events {
		if e.Action == event.Measure {
			out[e.Snippet] = e.Measurement
		}
	}
	return out
}

func TestLaneIsExclusive(t *testing.T) {
	var b strings.Builder
	b.WriteString("# T\n\n")
	for i := range 16 {
		if i%4 == 0 {
			b.WriteString(snippet(fmt.Sprintf("m%d", i), "measure runs=3 warmup=1", "MEASURED", "WALL 10"))
		} else {
			b.WriteString(snippet(fmt.Sprintf("o%d", i), "engine=go repeat=3", "PRINT x"))
		}
	}
	e := &laneEngine{}
	r := New(Config{Go: e, Parallel: 8, Provenance: twoCores})
	rec := &recorder{}
	sum, err := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": b.String()})}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 16 {
		t.Errorf("summary %+v", sum)
	}
	if e.violations != 0 {
		t.Errorf("%d runs overlapped a measured run (of %d runs)", e.violations, e.runs)
	}
	if e.runs != 4*4+12*3 {
		t.Errorf("%d runs, want 52 (4 measured × (1 warm-up + 3)), 12 × 3)", e.runs)
	}
}

func TestSweepFitAndClaims(t *testing.T) {
	ch := "# T\n\n" +
		snippet("seq", "measure runs=3", "MEASURED", "WALL 200", "PRINT METRIC items=1000 n", "PRINT done") + "\n```output\ndone\n```\n\n" +
		snippet("par", `measure sweep="GOMAXPROCS=1,2,4" baseline=seq assert="speedup(GOMAXPROCS=2) >= 1.8; speedup(GOMAXPROCS=4) >= 3.5"`, "MEASURED", "WALL 200") +
		snippet("slow", `measure assert="cpu_per_wall >= 1.5"`, "MEASURED", "WALL 100")
	run := func(strict bool) (*recorder, Summary) {
		r := New(Config{Go: &laneEngine{}, Provenance: twoCores, StrictTiming: strict})
		rec := &recorder{}
		sum, err := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
		if err != nil {
			t.Fatal(err)
		}
		return rec, sum
	}
	rec, sum := run(false)
	if sum.Passed != 3 || sum.Failed != 0 {
		t.Fatalf("summary %+v: %+v", sum, rec.verdicts())
	}
	m := measuredEvents(rec)
	if seq := m["seq"]; seq.Stats == nil || seq.Stats.Median != 200*time.Millisecond || seq.Stats.Metrics["items"].Median != 1000 {
		t.Errorf("seq stats %+v", seq.Stats)
	}
	for _, e := range rec.events {
		if e.Action == event.Output && strings.Contains(e.Text, "METRIC") {
			t.Errorf("METRIC line shown: %q", e.Text)
		}
	}
	par := m["par"]
	if len(par.Points) != 3 || par.Points[1].Speedup != 2 || par.Points[2].Efficiency != 0.5 || par.Fit == nil || par.Fit.P < 0.5 || par.Fit.P > 0.9 {
		t.Errorf("par points %+v fit %+v", par.Points, par.Fit)
	}
	if par.Claims[0].Pass != true || !par.Claims[1].Skipped || !strings.Contains(par.Claims[1].Reason, "4 cores") {
		t.Errorf("claims %+v", par.Claims)
	}
	if v := rec.verdicts()["slow"]; !*v.Pass || !strings.Contains(v.Report, "warning: claim cpu_per_wall >= 1.5 does not hold") {
		t.Errorf("slow: %+v", v)
	}
	rec, sum = run(true)
	if sum.Failed != 1 || *rec.verdicts()["slow"].Pass {
		t.Errorf("--strict-timing: %+v", sum)
	}
}

func TestStoredTimingsReusedOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	results, _ := cache.Open(dir + "/results")
	timings, _ := measure.OpenStore(dir + "/timings")
	ch := "# T\n\n" + snippet("m", "measure runs=2", "MEASURED", "WALL 50", "PRINT hi") + "\n```output\nhi\n```\n"
	run := func(reuse bool) (*laneEngine, *event.Measurement) {
		e := &laneEngine{}
		r := New(Config{Go: e, Provenance: twoCores, Cache: results, Timings: timings, ReuseTimings: reuse})
		rec := &recorder{}
		r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
		return e, measuredEvents(rec)["m"]
	}
	if e, m := run(true); e.runs != 3 || m.Stored {
		t.Fatalf("first measurement: %d runs, stored=%v", e.runs, m.Stored)
	}
	if e, m := run(false); e.runs != 3 || m.Stored {
		t.Errorf("run/test must measure afresh: %d runs, stored=%v", e.runs, m.Stored)
	}
	e, m := run(true)
	if e.runs != 0 || !m.Stored || m.Provenance.Host != "testhost0001" || m.Stats.Median != 50*time.Millisecond {
		t.Errorf("build reuse: %d runs, %+v", e.runs, m)
	}
}

// A snippet whose baseline never runs (a piece of a program, or skipped)
// must not wait for it forever.
func TestBaselineThatNeverRunsReleasesWaiters(t *testing.T) {
	ch := "# T\n\n```go {#piece program=p measure}\nfunc helper() {}\n```\n\n" +
		"```go {#last program=p}\nfunc main() {}\n```\n\n" +
		snippet("cmp", "measure baseline=piece", "MEASURED", "WALL 10")
	done := make(chan Summary)
	go func() {
		sum, _ := New(Config{Go: &laneEngine{}, Provenance: twoCores}).Run(context.Background(),
			Request{Book: book(map[string]string{"01-t.md": ch})}, &recorder{})
		done <- sum
	}()
	select {
	case sum := <-done:
		if sum.Failed != 0 || sum.Passed != 2 {
			t.Errorf("summary %+v", sum)
		}
	case <-time.After(time.Minute): // a watchdog, not a timing: the run takes milliseconds
		t.Fatal("the run hung waiting for a baseline that never ran")
	}
}

func TestEngineYaegiSkipsMeasurements(t *testing.T) {
	ch := "# T\n\n" + snippet("m", "measure", "MEASURED", "WALL 10")
	rec := &recorder{}
	sum, _ := New(Config{Go: &laneEngine{}, Yaegi: &fake{name: "yaegi"}, Engine: "yaegi", Provenance: twoCores}).Run(
		context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
	if sum.Skipped != 1 || !strings.Contains(rec.verdicts()["m"].Reason, "compiled programs only") {
		t.Errorf("summary %+v, verdict %+v", sum, rec.verdicts()["m"])
	}
}

func TestBadMetricLineFailsWithItsLine(t *testing.T) {
	ch := "# T\n\n" + snippet("m", "measure runs=1 warmup=0", "MEASURED", "WALL 5", "PRINT ok", "PRINT METRIC =3")
	rec := &recorder{}
	sum, _ := New(Config{Go: &laneEngine{}, Provenance: twoCores}).Run(context.Background(),
		Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
	v := rec.verdicts()["m"]
	if sum.Failed != 1 || !strings.Contains(v.Report, "measurement failed: bad METRIC lines: stdout line 2") {
		t.Errorf("summary %+v, report %q", sum, v.Report)
	}
}

// settlingEngine is a yaegi engine that warms workers in the background:
// the lane must let it settle before a measured run starts.
type settlingEngine struct {
	fake
	lane    *laneEngine
	settled int
}

func (s *settlingEngine) Settle(ctx context.Context) error {
	s.lane.mu.Lock()
	defer s.lane.mu.Unlock()
	s.settled++
	return nil
}

func TestLaneSettlesBackgroundWork(t *testing.T) {
	ch := "# T\n\n" + snippet("y", "engine=yaegi", "PRINT x") + snippet("m", "measure runs=1", "MEASURED", "WALL 5") +
		snippet("m2", "measure runs=1", "MEASURED", "WALL 5")
	g := &laneEngine{}
	y := &settlingEngine{fake: fake{name: "yaegi"}, lane: g}
	sum, _ := New(Config{Go: g, Yaegi: y, Provenance: twoCores}).Run(context.Background(),
		Request{Book: book(map[string]string{"01-t.md": ch})}, &recorder{})
	if sum.Passed != 3 || y.settled != 2 {
		t.Errorf("summary %+v, settled %d times; want 3 passed, settled before each of 2 measurements", sum, y.settled)
	}
}

// A chapter named twice runs once (a measured snippet's baseline slot was
// closed twice and the run crashed).
func TestChapterNamedTwiceRunsOnce(t *testing.T) {
	ch := "# T\n\n" + snippet("m", "measure runs=1", "MEASURED", "WALL 5")
	rec := &recorder{}
	sum, err := New(Config{Go: &laneEngine{}, Provenance: twoCores}).Run(context.Background(),
		Request{Book: book(map[string]string{"01-t.md": ch}), Chapters: []string{"1", "t", "chapters/01-t.md"}}, rec)
	if err != nil || sum.Passed != 1 {
		t.Errorf("summary %+v, %v; want the one snippet once", sum, err)
	}
}

// The results cache keeps measured runs (METRIC lines taken out) apart
// from plain runs of the same program.
func TestMeasuredAndPlainRunsCachedApart(t *testing.T) {
	store, _ := cache.Open(t.TempDir())
	prog := func(attrs string) string {
		return "# T\n\n" + snippet("m", attrs, "MEASURED", "WALL 5", "PRINT result", "PRINT METRIC items=3 n") +
			"\n```output\nresult\n```\n"
	}
	run := func(attrs string) event.Event {
		rec := &recorder{}
		New(Config{Go: &laneEngine{}, Cache: store, Provenance: twoCores}).Run(context.Background(),
			Request{Book: book(map[string]string{"01-t.md": prog(attrs)})}, rec)
		return rec.verdicts()["m"]
	}
	if v := run("measure runs=1 warmup=0"); !*v.Pass {
		t.Fatalf("measured: %+v", v)
	}
	if v := run("engine=go"); v.Cached || *v.Pass {
		t.Errorf("plain run served the measured entry: cached=%v pass=%v (its METRIC line is output)", v.Cached, *v.Pass)
	}
}

// A stored measurement is judged on the claims the chapter makes now.
func TestStoredMeasurementJudgesCurrentClaims(t *testing.T) {
	dir := t.TempDir()
	results, _ := cache.Open(dir + "/results")
	timings, _ := measure.OpenStore(dir + "/timings")
	run := func(assert string) *event.Measurement {
		ch := "# T\n\n" + snippet("m", `measure runs=1 assert="`+assert+`"`, "MEASURED", "WALL 50")
		rec := &recorder{}
		New(Config{Go: &laneEngine{}, Provenance: twoCores, Cache: results, Timings: timings, ReuseTimings: true}).Run(
			context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
		return measuredEvents(rec)["m"]
	}
	if m := run("cpu_per_wall >= 0.5"); m.Stored || !m.Claims[0].Pass {
		t.Fatalf("first measurement: %+v", m)
	}
	m := run("cpu_per_wall >= 5") // the author raised the bar; the numbers are the same
	if !m.Stored || len(m.Claims) != 1 || m.Claims[0].Pass || m.Claims[0].Claim != "cpu_per_wall >= 5" {
		t.Fatalf("reuse judged a stale claim: stored=%v claims=%+v", m.Stored, m.Claims)
	}
}
