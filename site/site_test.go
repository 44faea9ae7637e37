package site

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"workbook/runner"
	"workbook/runner/chapter"
	"workbook/runner/job"
	"workbook/runner/measure"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// fakeEngine runs a program by reading it: each "// prints: TEXT" line is
// a line of output, "// panics" makes it panic, and a measured run takes
// 100ms divided by its WORKERS. The site's tests are about pages, not
// about running Go.
type fakeEngine struct {
	name string
	runs *atomic.Int64
}

func (e *fakeEngine) Name() string { return e.name }
func (e *fakeEngine) ID() string   { return "fake " + e.name }
func (e *fakeEngine) Run(_ context.Context, s job.Spec) (job.Result, error) {
	e.runs.Add(1)
	r := job.Result{Engine: e.name, Outcome: job.OK, Wall: 100 * time.Millisecond, UserCPU: 90 * time.Millisecond}
	for _, env := range s.Env {
		if v, ok := strings.CutPrefix(env, "WORKERS="); ok {
			n, _ := strconv.Atoi(v)
			r.Wall /= time.Duration(n)
		}
	}
	for _, f := range s.Files {
		for line := range strings.Lines(f.Body) {
			if _, text, ok := strings.Cut(line, "// prints: "); ok {
				r.Stdout += strings.TrimSpace(text) + "\n"
			}
			if strings.Contains(line, "// panics") {
				r.Outcome, r.ExitCode, r.Detail, r.Stderr = job.Panic, 2, "panic: on purpose", "panic: on purpose\n"
			}
		}
	}
	return r, nil
}

var fixedProvenance = measure.Provenance{CPU: "Test CPU", Cores: 2, GOMAXPROCS: 2, GoVersion: "go1.26.0",
	OS: "linux", Arch: "amd64", Host: "testhost", Date: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}

// newTestRunner is a Runner whose engines are fakes counting their runs
// in runs, with a clock that stands still (so no elapsed times reach the
// golden pages).
func newTestRunner(runs *atomic.Int64) *runner.Runner {
	t0 := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	return runner.New(runner.Config{
		Go: &fakeEngine{"go", runs}, Yaegi: &fakeEngine{"yaegi", runs}, Parallel: 1,
		Eligible: func([]job.File) (bool, string) { return true, "" },
		Now:      func() time.Time { return t0 }, Provenance: func() measure.Provenance { return fixedProvenance }})
}

// copyBook copies testdata/book into a temporary directory the test may
// edit.
func copyBook(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("testdata/book")); err != nil {
		t.Fatal(err)
	}
	return dst
}

func newTestBuilder(t *testing.T, book string, keepGoing bool) (*Builder, *atomic.Int64, string) {
	t.Helper()
	runs := new(atomic.Int64)
	out := filepath.Join(t.TempDir(), "site")
	b, err := New(Options{Book: os.DirFS(book), Out: out, Runner: newTestRunner(runs), KeepGoing: keepGoing})
	if err != nil {
		t.Fatal(err)
	}
	return b, runs, out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test -update to accept; diff it with git diff):\n%s", path, got)
	}
}

// versionRE hides the assets' version in golden pages, so that a change
// of style.css does not change every golden file.
var versionRE = regexp.MustCompile(`\?v=[0-9a-f]{12}`)

// The pages, golden: prose (GFM table, footnote, heading anchors), a
// snippet with hidden lines, an unordered check with what it accepts,
// measurements with their table, charts and provenance, figures in the
// prose, a plain code block, the exercise with its rubric.
func TestBuildGolden(t *testing.T) {
	b, _, out := newTestBuilder(t, "testdata/book", true)
	rep, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chapters != 2 || len(rep.Rendered) != 2 {
		t.Errorf("report %+v", rep)
	}
	for _, name := range []string{"01-first.html", "02-second.html", "index.html"} {
		body, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, versionRE.ReplaceAll(body, []byte("?v=VERSION")))
	}
	page, _ := os.ReadFile(filepath.Join(out, "01-first.html"))
	for _, want := range []string{
		`<a class="figure-ref" href="#split"`, ">100 ms</a>", ">2.00×</a>", // the figures
		"<code>{{measured split wall(workers=1)}}</code>", // left alone in code
		"measured on Test CPU, 2 cores, Go 1.26.0, 2026-11-22",
		"The check accepts these lines in any order:",
		"<svg", "TestHello", "TestEmpty",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("01-first.html lacks %q", want)
		}
	}
	shown := string(page)[strings.Index(string(page), `id="hello"`):]
	shown = shown[:strings.Index(shown, "<textarea")] // the editor holds the whole program
	if strings.Contains(shown, "OMIT") || strings.Contains(shown, "setup") {
		t.Errorf("a hidden line is shown:\n%s", shown)
	}
	idx, _ := os.ReadFile(filepath.Join(out, "search-index.js"))
	if !strings.Contains(string(idx), `"t":"In any order"`) || strings.Contains(string(idx), "package main") {
		t.Errorf("search index: %s", idx)
	}
}

// A failing snippet fails the build with file:line and leaves the last
// good site; --keep-going renders it instead.
func TestBuildFailureKeepsLastSite(t *testing.T) {
	book := copyBook(t)
	b, _, out := newTestBuilder(t, book, false)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "02-second.html"))
	edit(t, book, "chapters/02-second.md", "expect=panic", "")
	_, err := b.Build(context.Background())
	if err == nil || !strings.Contains(err.Error(), "chapters/02-second.md:5: snippet boom failed") {
		t.Fatalf("build error = %v, want file:line of the failing snippet", err)
	}
	after, _ := os.ReadFile(filepath.Join(out, "02-second.html"))
	if string(before) != string(after) {
		t.Error("a failed build changed the site")
	}
	edit(t, book, "chapters/02-second.md", "```go {#boom }", "```go {#boom")
	edit(t, book, "chapters/02-second.md", "{#boom", "{#boom timeout=bad")
	if _, err := b.Build(context.Background()); err == nil || !strings.Contains(err.Error(), "chapters/02-second.md:5:") {
		t.Fatalf("authoring error = %v", err)
	}
	kbook := copyBook(t)
	edit(t, kbook, "chapters/02-second.md", "expect=panic", "")
	kb, _, kout := newTestBuilder(t, kbook, true)
	if _, err := kb.Build(context.Background()); err != nil {
		t.Fatalf("--keep-going: %v", err)
	}
	page, _ := os.ReadFile(filepath.Join(kout, "02-second.html"))
	if !strings.Contains(string(page), `<span class="verdict fail">failed</span>`) || !strings.Contains(string(page), "panic: on purpose") {
		t.Errorf("--keep-going did not render the failure:\n%s", page)
	}
}

func edit(t *testing.T, book, name, old, new string) {
	t.Helper()
	p := filepath.Join(book, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Incremental: an unchanged book renders nothing and runs nothing; a prose
// edit renders one page and runs nothing; a snippet edit runs that
// chapter's snippets (the runner's cache decides which run).
func TestBuildIncremental(t *testing.T) {
	book := copyBook(t)
	b, e, out := newTestBuilder(t, book, true)
	ctx := context.Background()
	if _, err := b.Build(ctx); err != nil {
		t.Fatal(err)
	}
	runs := e.Load()
	rep, err := b.Build(ctx)
	if err != nil || len(rep.Rendered) != 0 || rep.Ran != 0 || e.Load() != runs {
		t.Fatalf("no-change build: %+v, %v, runs %d→%d", rep, err, runs, e.Load())
	}
	edit(t, book, "chapters/02-second.md", "## Failing on purpose", "## Failing, on purpose")
	rep, err = b.Build(ctx)
	if err != nil || !slices.Equal(rep.Rendered, []string{"02-second.html"}) {
		t.Fatalf("prose edit: %+v, %v", rep, err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "02-second.html"))
	if !strings.Contains(string(page), "Failing, on purpose") {
		t.Error("the edit is not on the page")
	}
	// A new builder (a new process) reuses the pages of the site on disk.
	b2, _ := New(Options{Book: os.DirFS(book), Out: out, Runner: newTestRunner(new(atomic.Int64)), KeepGoing: true})
	rep, err = b2.Build(ctx)
	if err != nil || len(rep.Reused) != 2 {
		t.Fatalf("fresh builder: %+v, %v", rep, err)
	}
}

// The page's editor: a snippet's code is replaced in the chapter, indented
// like its fence, and a fence inside the code is refused.
func TestSplice(t *testing.T) {
	src := "# T\n\n- item\n\n  ```go {#x}\n  package main\n  func main() {}\n  ```\n\nafter\n"
	ch, err := chapter.Parse("chapters/01-t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got, err := splice([]byte(src), ch.Snippet("x"), "package main\n\nfunc main() { println(1) }")
	if err != nil {
		t.Fatal(err)
	}
	want := "# T\n\n- item\n\n  ```go {#x}\n  package main\n\n  func main() { println(1) }\n  ```\n\nafter\n"
	if string(got) != want {
		t.Errorf("splice = %q, want %q", got, want)
	}
	if _, err := splice([]byte(src), ch.Snippet("x"), "```\nbreak out\n"); err == nil {
		t.Error("a fence in the code was accepted")
	}
}

func TestRenderMarkdownFS(t *testing.T) {
	// loadExercises reads through fs.FS: a MapFS book works.
	book := fstest.MapFS{"chapters/01-a.md": {Data: []byte("# A\n")}}
	got, err := loadExercises(book)
	if err != nil || got != nil {
		t.Errorf("a book without exercises: %v, %v", got, err)
	}
}
