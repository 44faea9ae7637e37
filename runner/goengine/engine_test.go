package goengine_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"workbook/runner"
	"workbook/runner/goengine"
	"workbook/runner/job"
)

// The compiled engine is an Engine and a Preparer. This is an external test
// package because runner imports goengine.
var (
	_ runner.Engine   = (*goengine.Engine)(nil)
	_ runner.Preparer = (*goengine.Engine)(nil)
)

// newEngine returns an Engine with a cache of its own; the Go build cache
// is the user's, so only linking is repeated from test to test.
func newEngine(t testing.TB, cfg goengine.Config) *goengine.Engine {
	t.Helper()
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	e := goengine.New(cfg)
	if err := e.Available(); err != nil {
		t.Fatalf("Available: %v", err)
	}
	return e
}

// program is a one-file spec.
func program(body string) job.Spec {
	return job.Spec{Files: []job.File{{Name: "main.go", Body: body, Line: 10}}}
}

func run(t *testing.T, e *goengine.Engine, s job.Spec) job.Result {
	t.Helper()
	res, err := e.Run(context.Background(), s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// want checks the outcome and shows the whole result when it is wrong.
func want(t *testing.T, res job.Result, o job.Outcome) {
	t.Helper()
	if res.Outcome != o {
		t.Fatalf("Outcome = %s, want %s\ndetail: %s\nstdout:\n%s\nstderr:\n%s\ndump:\n%s",
			res.Outcome, o, res.Detail, res.Stdout, res.Stderr, res.Dump)
	}
}

func TestNameIDAvailable(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	if e.Name() != "go" {
		t.Errorf("Name = %q", e.Name())
	}
	id := e.ID()
	if f := strings.Fields(id); len(f) < 4 || f[0] != "go" || !strings.HasPrefix(f[1], "go1.") || !strings.Contains(f[2], "/") || !strings.HasPrefix(f[3], "[") {
		t.Errorf("ID = %q, want \"go GOVERSION GOOS/GOARCH [settings]\"", id)
	}
	bad := goengine.New(goengine.Config{Go: "/nonexistent/go", CacheDir: t.TempDir()})
	if err := bad.Available(); err == nil || !strings.Contains(err.Error(), "/nonexistent/go") {
		t.Errorf("Available with no toolchain = %v, want an error naming it", err)
	}
	if _, err := bad.Run(context.Background(), program("package main\nfunc main() {}\n")); err == nil {
		t.Error("Run with no toolchain succeeded")
	}
}

func TestNoGoInPath(t *testing.T) {
	t.Setenv("PATH", "")
	err := goengine.New(goengine.Config{CacheDir: t.TempDir()}).Available()
	if err == nil || !strings.Contains(err.Error(), `"go"`) {
		t.Errorf("Available with an empty PATH = %v, want an error naming go", err)
	}
}

func TestOldToolchain(t *testing.T) {
	t.Parallel()
	goCmd := filepath.Join(t.TempDir(), "go")
	script := "#!/bin/sh\nprintf 'go1.22.0\\nlinux\\namd64\\n/tmp/gocache\\n'\n"
	if err := os.WriteFile(goCmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	err := goengine.New(goengine.Config{Go: goCmd, CacheDir: t.TempDir()}).Available()
	if err == nil || !strings.Contains(err.Error(), "go1.22.0") || !strings.Contains(err.Error(), "go1.26") {
		t.Errorf("Available with go1.22 = %v, want an error naming both versions", err)
	}
}

// Wall and Build come from Config.Now: a clock that jumps an hour at every
// reading makes both whole hours.
func TestInjectedClock(t *testing.T) {
	t.Parallel()
	var ticks atomic.Int64
	now := func() time.Time { return time.Unix(0, 0).Add(time.Duration(ticks.Add(1)) * time.Hour) }
	e := newEngine(t, goengine.Config{Now: now})
	res := run(t, e, program("package main\n\nfunc main() {}\n"))
	want(t, res, job.OK)
	if res.Wall <= 0 || res.Wall%time.Hour != 0 || res.Build <= 0 || res.Build%time.Hour != 0 {
		t.Errorf("Wall %v, Build %v: not read from the injected clock", res.Wall, res.Build)
	}
}

func TestOK(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n")
	res := run(t, e, s)
	want(t, res, job.OK)
	if res.Stdout != "hello\n" || res.Stderr != "" || res.ExitCode != 0 || res.Engine != "go" {
		t.Errorf("got stdout %q, stderr %q, exit %d, engine %q", res.Stdout, res.Stderr, res.ExitCode, res.Engine)
	}
	if res.BuildCached || res.Build <= 0 || res.Wall <= 0 || res.MaxRSS <= 0 {
		t.Errorf("fresh build: BuildCached %v, Build %v, Wall %v, MaxRSS %d", res.BuildCached, res.Build, res.Wall, res.MaxRSS)
	}
	again := run(t, e, s)
	want(t, again, job.OK)
	if !again.BuildCached || again.Build != 0 {
		t.Errorf("second run: BuildCached %v, Build %v; want the binary from the cache", again.BuildCached, again.Build)
	}
}

func TestPanic(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program("package main\n\nfunc main() {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n")
	res := run(t, e, s)
	want(t, res, job.Panic)
	if res.Detail != "panic: assignment to entry in nil map" || res.ExitCode != 2 {
		t.Errorf("Detail = %q, exit %d", res.Detail, res.ExitCode)
	}
	if !strings.Contains(res.Stderr, "\t@wb/main.go:5 ") {
		t.Errorf("stderr has no position @wb/main.go:5:\n%s", res.Stderr)
	}
	if mapped := job.MapPositions(res.Stderr, "ch.md", s.Files); !strings.Contains(mapped, "\tch.md:14 ") {
		t.Errorf("mapped stderr has no ch.md:14:\n%s", mapped)
	}
}

func TestRecoveredRepanic(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	res := run(t, e, program(`package main

func main() {
	defer func() { panic(recover()) }()
	panic("boom")
}
`))
	want(t, res, job.Panic)
	if res.Detail != "panic: boom [recovered, repanicked]" {
		t.Errorf("Detail = %q", res.Detail)
	}
}

func TestRuntimeDeadlock(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	res := run(t, e, program("package main\n\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n"))
	want(t, res, job.Deadlock)
	if res.Detail != "fatal error: all goroutines are asleep - deadlock!" || !strings.Contains(res.Stderr, "@wb/main.go:5") {
		t.Errorf("Detail = %q, stderr:\n%s", res.Detail, res.Stderr)
	}
}

// lockOrder deadlocks for sure: each goroutine holds one mutex and wants
// the other, and the channel makes the order certain. signal.Notify starts
// a goroutine the runtime counts as live, so only the dump can tell.
const lockOrder = `package main

import (
	"os"
	"os/signal"
	"sync"
)

func main() {
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	var a, b sync.Mutex
	held := make(chan bool)
	a.Lock()
	go func() {
		b.Lock()
		held <- true
		a.Lock()
	}()
	<-held
	b.Lock()
}
`

func TestDeadlockFromDump(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program(lockOrder)
	// Long enough for a loaded machine (make unit runs every package's
	// race tests at once on 2 cores) to reach the deadlock: were a
	// goroutine not started yet, the dump would rightly say timeout. The
	// deadlock itself takes microseconds.
	s.Timeout = 5 * time.Second
	res := run(t, e, s)
	want(t, res, job.Deadlock)
	if res.Detail != "every goroutine was blocked when the 5s deadline passed (2 goroutines)" {
		t.Errorf("Detail = %q", res.Detail)
	}
	if !strings.HasPrefix(res.Dump, "SIGQUIT: quit") || !strings.Contains(res.Dump, "@wb/main.go:17") || !strings.Contains(res.Dump, "[sync.Mutex.Lock") {
		t.Errorf("Dump:\n%s", res.Dump)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"busy":  "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n",
		"sleep": "package main\n\nimport \"time\"\n\nfunc main() { time.Sleep(time.Hour) }\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t, goengine.Config{})
			s := program(body)
			s.Timeout = 300 * time.Millisecond
			res := run(t, e, s)
			want(t, res, job.Timeout)
			if res.Detail != "still running when the 300ms deadline passed" || !strings.Contains(res.Dump, "goroutine 1 ") {
				t.Errorf("Detail = %q, Dump:\n%s", res.Detail, res.Dump)
			}
		})
	}
}

// A goroutine waiting for a ticker shows "[chan receive]" in the dump just
// as a deadlocked one does; a program that uses timers is not deadlocked.
func TestTickerIsNotADeadlock(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program("package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tfor range time.Tick(50 * time.Millisecond) {\n\t\tfmt.Println(\"tick\")\n\t}\n}\n")
	s.Timeout = 400 * time.Millisecond
	res := run(t, e, s)
	want(t, res, job.Timeout)
	if !strings.Contains(res.Detail, "it uses timers") || !strings.Contains(res.Stdout, "tick") {
		t.Errorf("Detail = %q, Stdout = %q", res.Detail, res.Stdout)
	}
}

func TestTimeoutWithoutDump(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{DumpGrace: 50 * time.Millisecond})
	s := program(`package main

import (
	"os/signal"
	"syscall"
)

func main() {
	signal.Ignore(syscall.SIGQUIT)
	for {
	}
}
`)
	s.Timeout = 300 * time.Millisecond
	res := run(t, e, s)
	want(t, res, job.Timeout)
	if !strings.Contains(res.Detail, "no goroutine dump") || res.ExitCode != -1 {
		t.Errorf("Detail = %q, exit %d", res.Detail, res.ExitCode)
	}
}

func TestRace(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program(`package main

import "fmt"

func main() {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	n++
	<-done
	fmt.Println(n)
}
`)
	s.Race = true
	res := run(t, e, s)
	want(t, res, job.Race)
	if res.ExitCode != 66 || !strings.HasPrefix(res.Detail, "WARNING: DATA RACE at @wb/main.go:") {
		t.Errorf("exit %d, Detail %q", res.ExitCode, res.Detail)
	}
	if !strings.Contains(res.Stderr, "@wb/main.go:8") || !strings.Contains(res.Stderr, "@wb/main.go:9") {
		t.Errorf("race report lacks the positions of both accesses:\n%s", res.Stderr)
	}
}

func TestCompileError(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program("package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
	res := run(t, e, s)
	want(t, res, job.CompileError)
	if res.Detail != "@wb/main.go:4:2: undefined: undefinedThing" {
		t.Errorf("Detail = %q\nstderr:\n%s", res.Detail, res.Stderr)
	}
	if strings.Contains(res.Stderr, "# snippet") || strings.Contains(res.Stderr, "tmp-") {
		t.Errorf("stderr names the build module:\n%s", res.Stderr)
	}
	// The error is cached: no second build.
	before := e.Stats().GoBuilds
	if again := run(t, e, s); again.Outcome != job.CompileError || !again.BuildCached || e.Stats().GoBuilds != before {
		t.Errorf("second run: %s, BuildCached %v, go builds %d -> %d", again.Outcome, again.BuildCached, before, e.Stats().GoBuilds)
	}
}

func TestCompileErrorPositions(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	for _, tt := range []struct{ name, body, detail string }{
		{"syntax", "package main\n\nfunc main() {\n\tx :=\n}\n", "@wb/main.go:5:1: syntax error: unexpected }, expected expression"},
		{"import", "package main\n\nimport \"no/such/pkg\"\n\nfunc main() { pkg.X() }\n", "@wb/main.go:3:8: package no/such/pkg is not in std"},
		{"no package", "hello\n", "@wb/main.go:1:1: expected 'package', found hello"},
	} {
		res := run(t, e, program(tt.body))
		want(t, res, job.CompileError)
		if !strings.HasPrefix(res.Detail, tt.detail) {
			t.Errorf("%s: Detail = %q, want it to start with %q", tt.name, res.Detail, tt.detail)
		}
	}
}

func TestNoRun(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	s := program("package main\n\nfunc main() { panic(1) }\n")
	s.NoRun = true
	if res := run(t, e, s); res.Outcome != job.Compiled || res.Build <= 0 {
		t.Errorf("Outcome %s, Build %v", res.Outcome, res.Build)
	}
	lib := job.Spec{Files: []job.File{{Name: "lib.go", Body: "package lib\n\nfunc F() {}\n"}}, NoRun: true}
	want(t, run(t, e, lib), job.Compiled)
	lib.NoRun = false
	want(t, run(t, e, lib), job.CompileError)
}

func TestHugeOutput(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{OutputLimit: 1000})
	res := run(t, e, program(`package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	fmt.Println("START")
	line := strings.Repeat("x", 99) + "\n"
	for range 50000 {
		os.Stdout.WriteString(line)
	}
	fmt.Println("END")
}
`))
	want(t, res, job.OK)
	if !res.Truncated || !strings.HasPrefix(res.Stdout, "START\n") || !strings.HasSuffix(res.Stdout, "\nEND\n") || len(res.Stdout) > 1100 {
		t.Errorf("Truncated %v, %d bytes kept: %.80q … %q", res.Truncated, len(res.Stdout), res.Stdout, res.Stdout[max(0, len(res.Stdout)-20):])
	}
}

func TestGoroutineOutlivesMain(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	res := run(t, e, program(`package main

import "fmt"

func main() {
	go func() {
		for {
		}
	}()
	fmt.Println("bye")
}
`))
	want(t, res, job.OK)
	if res.Stdout != "bye\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

func TestExit(t *testing.T) {
	t.Parallel()
	e := newEngine(t, goengine.Config{})
	res := run(t, e, program("package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n"))
	want(t, res, job.Exit)
	if res.ExitCode != 3 || res.Detail != "exit status 3" {
		t.Errorf("exit %d, Detail %q", res.ExitCode, res.Detail)
	}
}

func TestNoBuildCache(t *testing.T) {
	t.Setenv("GOCACHE", "off")
	err := goengine.New(goengine.Config{CacheDir: t.TempDir()}).Available()
	if err == nil || !strings.Contains(err.Error(), "GOCACHE") {
		t.Errorf("Available with GOCACHE=off = %v, want an error naming GOCACHE", err)
	}
}
