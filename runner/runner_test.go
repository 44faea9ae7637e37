package runner

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"workbook/runner/cache"
	"workbook/runner/event"
	"workbook/runner/job"
)

// fake is an engine whose programs say what they do: a file body holding
// "PRINT x" prints x, "OUTCOME o" ends with outcome o, "FLAKY" fails every
// other run.
type fake struct {
	name  string
	runs  atomic.Int32
	flaky atomic.Int32
}

func (f *fake) Name() string { return f.name }
func (f *fake) ID() string   { return f.name + " 1" }
func (f *fake) Run(ctx context.Context, s job.Spec) (job.Result, error) {
	f.runs.Add(1)
	r := job.Result{Engine: f.name, Outcome: job.OK}
	body := s.Files[len(s.Files)-1].Body
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "//"))
		if x, ok := strings.CutPrefix(l, "PRINT "); ok {
			r.Stdout += x + "\n"
		}
		if x, ok := strings.CutPrefix(l, "STDERR "); ok {
			r.Stderr += x + "\n"
		}
		if o, ok := strings.CutPrefix(l, "OUTCOME "); ok {
			r.Outcome = job.Outcome(o)
		}
		if l == "FLAKY" && f.flaky.Add(1)%2 == 0 {
			r.Outcome = job.Panic
			r.Detail = "panic: flaked at @wb/main.go:3"
		}
	}
	return r, nil
}

func snippet(id, attrs string, lines ...string) string {
	return fmt.Sprintf("```go {#%s %s}\npackage main\n// %s\nfunc main() {}\n```\n", id, attrs, strings.Join(lines, "\n// "))
}

func book(chapters map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for name, body := range chapters {
		fs["chapters/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fs
}

type recorder struct {
	mu     sync.Mutex
	events []event.Event
}

func (r *recorder) Event(e event.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) verdicts() map[string]event.Event {
	out := map[string]event.Event{}
	for _, e := range r.events {
		if e.Action == event.Verdict {
			out[e.Snippet] = e
		}
	}
	return out
}

func TestVerdictsAndOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("# T\n\n")
	for i := range 12 {
		b.WriteString(snippet(fmt.Sprintf("s%02d", i), "engine=go", fmt.Sprintf("PRINT %d", i)))
		fmt.Fprintf(&b, "\n```output\n%d\n```\n\n", i)
	}
	b.WriteString(snippet("bad", "engine=go", "PRINT 2") + "\n```output\n3\n```\n")
	b.WriteString(snippet("boom", "engine=go expect=panic", "OUTCOME panic"))
	b.WriteString(snippet("nopanic", "engine=go expect=panic"))
	g := &fake{name: "go"}
	r := New(Config{Go: g, Parallel: 4})
	rec := &recorder{}
	sum, err := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": b.String()})}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 13 || sum.Failed != 2 {
		t.Errorf("summary %+v, want 13 passed, 2 failed", sum)
	}
	v := rec.verdicts()
	if !strings.Contains(v["bad"].Report, "- 3") || !strings.Contains(v["bad"].Report, "+ 2") {
		t.Errorf("bad: report lacks a diff:\n%s", v["bad"].Report)
	}
	if !strings.Contains(v["nopanic"].Report, "want a panic, got a clean exit") {
		t.Errorf("nopanic: %q", v["nopanic"].Report)
	}
	// Events of each snippet are contiguous and in chapter order.
	var seen []string
	for _, e := range rec.events {
		if e.Snippet != "" && (len(seen) == 0 || seen[len(seen)-1] != e.Snippet) {
			seen = append(seen, e.Snippet)
		}
	}
	if len(seen) != 15 || seen[0] != "s00" || seen[11] != "s11" || seen[14] != "nopanic" {
		t.Errorf("snippets out of order or interleaved: %v", seen)
	}
	if last := rec.events[len(rec.events)-1]; last.Action != event.Summary {
		t.Errorf("last event %q, want summary", last.Action)
	}
}

func TestCacheServesUnchangedAndProseEditsDoNotRerun(t *testing.T) {
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	g := &fake{name: "go"}
	r := New(Config{Go: g, Cache: store})
	ch := "# T\n\n" + snippet("a", "engine=go", "PRINT hi") + "\n```output\nhi\n```\n"
	run := func(text string, fresh bool) map[string]event.Event {
		rec := &recorder{}
		r.cfg.Fresh = fresh
		if _, err := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": text})}, rec); err != nil {
			t.Fatal(err)
		}
		return rec.verdicts()
	}
	if v := run(ch, false); v["a"].Cached || !*v["a"].Pass {
		t.Fatalf("first run: %+v", v["a"])
	}
	if v := run("# T\n\nNew prose pushes the snippet down.\n\n"+ch[5:], false); !v["a"].Cached || v["a"].Line != 5 {
		t.Errorf("prose edit: cached=%v line=%d, want cached at line 5", v["a"].Cached, v["a"].Line)
	}
	if v := run(ch, true); v["a"].Cached {
		t.Error("--fresh served from the cache")
	}
	if g.runs.Load() != 2 {
		t.Errorf("%d runs, want 2 (first and fresh)", g.runs.Load())
	}
	// A changed expectation that the cached output no longer meets runs again.
	if v := run(strings.Replace(ch, "```output\nhi", "```output\nho", 1), false); v["a"].Cached || *v["a"].Pass {
		t.Errorf("changed expectation: %+v", v["a"])
	}
}

func TestNoToolchainSkipsWhatNeedsIt(t *testing.T) {
	ch := "# T\n\n" + snippet("y", "", "PRINT a") + snippet("r", "race") + snippet("g", "engine=go")
	y := &fake{name: "yaegi"}
	r := New(Config{Yaegi: y, Eligible: func([]job.File) (bool, string) { return true, "" }, GoErr: fmt.Errorf("go: not found")})
	rec := &recorder{}
	sum, _ := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
	if sum.Passed != 1 || sum.Skipped != 2 || sum.Failed != 0 {
		t.Errorf("summary %+v", sum)
	}
	if v := rec.verdicts()["r"]; !strings.Contains(v.Reason, "race detection") || !strings.Contains(v.Reason, "go: not found") {
		t.Errorf("skip reason %q", v.Reason)
	}
}

func TestRepeatReportsKofN(t *testing.T) {
	ch := "# T\n\n" + snippet("f", "engine=go repeat=4", "FLAKY")
	r := New(Config{Go: &fake{name: "go"}})
	rec := &recorder{}
	r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
	v := rec.verdicts()["f"]
	if *v.Pass || v.Passed != 2 || v.Runs != 4 || !strings.Contains(v.Report, "2 of 4 runs passed") {
		t.Errorf("verdict %+v", v)
	}
	if !strings.Contains(v.Report, "chapters/01-t.md:6") {
		t.Errorf("position not mapped to the chapter: %q", v.Report)
	}
}

func TestParityAndErrors(t *testing.T) {
	ch := "# T\n\n" + snippet("p", "", "PRINT x")
	r := New(Config{Go: &fake{name: "go"}, Yaegi: &fake{name: "yaegi"}, Parity: true,
		Eligible: func([]job.File) (bool, string) { return true, "" }})
	rec := &recorder{}
	sum, _ := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch, "02-bad.md": "```output\nx\n```\n"})}, rec)
	if sum.Passed != 1 || sum.Failed != 1 {
		t.Errorf("summary %+v", sum)
	}
	var parity, errs int
	for _, e := range rec.events {
		if e.Action == event.Parity && *e.Pass {
			parity++
		}
		if e.Action == event.Error && strings.Contains(e.Text, "chapters/02-bad.md:1: output block") {
			errs++
		}
	}
	if parity != 1 || errs != 1 {
		t.Errorf("parity events %d, error events %d", parity, errs)
	}
	if _, err := r.Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch}), Snippet: "nope"}, rec); err == nil {
		t.Error("unknown snippet accepted")
	}
}

func TestOutputPositionsAreChapterLines(t *testing.T) {
	ch := "# T\n\n" + snippet("p", "engine=go expect=panic", "OUTCOME panic", "STDERR main.main()", "STDERR \t@wb/main.go:3 +0x1d")
	rec := &recorder{}
	New(Config{Go: &fake{name: "go"}}).Run(context.Background(), Request{Book: book(map[string]string{"01-t.md": ch})}, rec)
	for _, e := range rec.events {
		if e.Action == event.Output && e.Stream == "stderr" {
			if !strings.Contains(e.Text, "\tchapters/01-t.md:6 +0x1d") {
				t.Errorf("stderr not mapped to the chapter: %q", e.Text)
			}
			return
		}
	}
	t.Error("no stderr output event")
}
