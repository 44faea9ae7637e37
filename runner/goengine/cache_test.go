package goengine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"workbook/runner/job"
)

// testEngine returns an Engine with a binary cache of its own; the Go build
// cache is the user's, so only linking is repeated from test to test.
func testEngine(t testing.TB, cfg Config) *Engine {
	t.Helper()
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	e := New(cfg)
	if err := e.Available(); err != nil {
		t.Fatalf("Available: %v", err)
	}
	return e
}

func mustRun(t testing.TB, e *Engine, s job.Spec) job.Result {
	t.Helper()
	res, err := e.Run(context.Background(), s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

const hello = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"

func TestBuildKey(t *testing.T) {
	tc := toolchain{id: "go go1.26.8 linux/amd64", settings: "1\n\nv1"}
	base := job.Spec{Files: []job.File{{Name: "a.go", Body: "package main"}, {Name: "b.go", Body: "x"}}}
	key := buildKey(tc, base)

	same := base
	same.Files = []job.File{{Name: "b.go", Body: "x", Line: 40}, {Name: "a.go", Body: "package main", Line: 30}}
	same.Args, same.Env, same.GOMAXPROCS, same.Timeout, same.NoRun = []string{"x"}, []string{"A=1"}, 4, time.Minute, true
	if buildKey(tc, same) != key {
		t.Error("key depends on run parameters, chapter lines or file order")
	}

	race := base
	race.Race = true
	boundary := job.Spec{Files: []job.File{{Name: "a.go", Body: "package mai"}, {Name: "nb.go", Body: "x"}}}
	otherTC := toolchain{id: "go go1.26.9 linux/amd64", settings: tc.settings}
	otherSettings := toolchain{id: tc.id, settings: "0\n\nv1"}
	for name, k := range map[string]string{
		"race":      buildKey(tc, race),
		"boundary":  buildKey(tc, boundary),
		"toolchain": buildKey(otherTC, base),
		"settings":  buildKey(otherSettings, base),
	} {
		if k == key {
			t.Errorf("key does not depend on %s", name)
		}
	}
}

func TestStoreKeepsTheFirstEntry(t *testing.T) {
	e := testEngine(t, Config{})
	key := strings.Repeat("ab", 32)
	for _, main := range []string{"first", "second"} {
		staged, err := e.stage()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(staged, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := e.store(key, staged, entry{Main: main}); err != nil {
			t.Fatalf("store %s: %v", main, err)
		}
		if _, err := os.Stat(staged); !os.IsNotExist(err) {
			t.Errorf("staged directory of %s left behind", main)
		}
	}
	a, ok, err := e.lookup(key)
	if err != nil || !ok || a.entry.Main != "first" || a.dir != filepath.Join(e.cacheDir, "ab", key) {
		t.Errorf("lookup = %+v, %v, %v", a, ok, err)
	}
}

func TestCacheLayout(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	s := job.Spec{Files: []job.File{{Name: "main.go", Body: hello}}}
	if res := mustRun(t, e, s); res.Outcome != job.OK {
		t.Fatalf("%s: %s", res.Outcome, res.Stderr)
	}
	tc, _ := e.toolchain()
	key := buildKey(tc, s)
	for _, name := range []string{"entry.json", "bin/snippet"} {
		if _, err := os.Stat(filepath.Join(e.cacheDir, key[:2], key, name)); err != nil {
			t.Error(err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(e.cacheDir, "tmp-*"))
	if len(left) > 0 {
		t.Errorf("build directories left behind: %q", left)
	}
	// A second Engine on the same cache builds nothing.
	e2 := testEngine(t, Config{CacheDir: e.cacheDir})
	if res := mustRun(t, e2, s); !res.BuildCached || e2.Stats().GoBuilds != 0 {
		t.Errorf("second engine: BuildCached %v, %d go builds", res.BuildCached, e2.Stats().GoBuilds)
	}
}

// Many Runs and Prepares of one program at once build it once, and only one
// of the Runs reports that build's time.
func TestConcurrentRunsBuildOnce(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	s := job.Spec{Files: []job.File{{Name: "main.go", Body: hello}}}
	const n = 6
	results := make([]job.Result, n)
	errs := make([]error, n+1)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = e.Run(context.Background(), s) })
	}
	wg.Go(func() { errs[n] = e.Prepare(context.Background(), []job.Spec{s, s}) })
	wg.Wait()
	fresh := 0
	for i, res := range results {
		if errs[i] != nil || res.Outcome != job.OK {
			t.Fatalf("run %d: %v, %s", i, errs[i], res.Outcome)
		}
		if !res.BuildCached {
			fresh++
		}
	}
	if errs[n] != nil {
		t.Fatal(errs[n])
	}
	if got := e.Stats().GoBuilds; got != 1 || fresh > 1 {
		t.Errorf("%d go builds, %d runs reporting a fresh build; want 1 and at most 1", got, fresh)
	}
}

// A cancelled build is not cached, and the next call builds again.
func TestCancelledBuild(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	s := job.Spec{Files: []job.File{{Name: "main.go", Body: hello + "// cancelled\n"}}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Run(ctx, s); err != context.Canceled {
		t.Fatalf("Run with a cancelled context: %v", err)
	}
	if res := mustRun(t, e, s); res.Outcome != job.OK || res.BuildCached {
		t.Errorf("after cancel: %s, BuildCached %v", res.Outcome, res.BuildCached)
	}
}
