package yaegiengine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"workbook/runner/job"
)

func TestOKWithOutput(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello")
	fmt.Fprintln(os.Stderr, "to stderr")
}
`))
	if res.Outcome != job.OK || res.ExitCode != 0 || res.Stdout != "hello\n" || res.Stderr != "to stderr\n" {
		t.Errorf("got %s %d stdout %q stderr %q", res.Outcome, res.ExitCode, res.Stdout, res.Stderr)
	}
	if res.Engine != "yaegi" || res.Wall <= 0 || res.MaxRSS <= 0 || res.Truncated {
		t.Errorf("engine %q wall %v maxrss %d truncated %v", res.Engine, res.Wall, res.MaxRSS, res.Truncated)
	}
}

func TestOsExit(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred calls do not run")
	fmt.Println("leaving")
	os.Exit(3)
}
`))
	if res.Outcome != job.Exit || res.ExitCode != 3 || res.Detail != "exit status 3" || res.Stdout != "leaving\n" {
		t.Errorf("got %s %d %q stdout %q", res.Outcome, res.ExitCode, res.Detail, res.Stdout)
	}
}

func TestLogFatalExits(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import "log"

func main() {
	log.SetFlags(0)
	log.Fatal("no config")
}
`))
	if res.Outcome != job.Exit || res.ExitCode != 1 || res.Stderr != "no config\n" {
		t.Errorf("got %s %d stderr %q", res.Outcome, res.ExitCode, res.Stderr)
	}
}

func TestPanicInMain(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import "fmt"

func main() {
	fmt.Println("before")
	explode()
}

func explode() {
	panic(fmt.Sprintf("boom %d", 42))
}
`))
	if res.Outcome != job.Panic || res.ExitCode != 2 || res.Detail != "panic: boom 42" {
		t.Errorf("got %s %d %q", res.Outcome, res.ExitCode, res.Detail)
	}
	// yaegi names each interpreted frame by the first statement of its
	// function: the panic's line in explode, the call's in main.
	for _, pos := range []string{"@wb/main.go:11:", "@wb/main.go:6:"} {
		if !strings.Contains(res.Stderr, pos) {
			t.Errorf("stderr lacks %s:\n%s", pos, res.Stderr)
		}
	}
	if res.Stdout != "before\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

func TestPanicInGoroutine(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import "fmt"

func main() {
	done := make(chan bool)
	go func() {
		panic(fmt.Sprintf("worker %d failed", 7))
	}()
	<-done
}
`))
	if res.Outcome != job.Panic || res.ExitCode != 2 || res.Detail != "panic: worker 7 failed" {
		t.Errorf("got %s %d %q\n%s", res.Outcome, res.ExitCode, res.Detail, res.Stderr)
	}
	if !strings.Contains(res.Stderr, "@wb/main.go:8:") {
		t.Errorf("stderr lacks the goroutine's position:\n%s", res.Stderr)
	}
}

func TestRuntimeErrorPanics(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

func main() {
	var m map[string]int
	m["x"] = 1
}
`))
	if res.Outcome != job.Panic || res.ExitCode != 2 || !strings.HasPrefix(res.Detail, "panic: ") {
		t.Errorf("got %s %d %q", res.Outcome, res.ExitCode, res.Detail)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ name, body, detail string }{
		{"undefined", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(y)\n}\n", "@wb/main.go:6:14: undefined: y"},
		{"syntax", "package main\n\nfunc main() {\n\tx := \n}\n", "@wb/main.go:5:1: expected operand, found '}'"},
		{"denied import", "package main\n\nimport (\n\t\"fmt\"\n\t\"os/exec\"\n)\n\nfunc main() { fmt.Println(exec.Command) }\n",
			`@wb/main.go:5:2: import "os/exec" is not available in the yaegi engine; use engine=go`},
		{"unknown import", "package main\n\nimport \"iter\"\n\nfunc main() { _ = iter.Seq[int](nil) }\n",
			`@wb/main.go:3:8: import "iter" is not available in the yaegi engine; use engine=go`},
		{"denied symbol", "package main\n\nimport \"os\"\n\nfunc main() {\n\tos.NewFile(3, \"status\")\n}\n",
			"@wb/main.go:6:2: os.NewFile is not available in the yaegi engine; use engine=go"},
		{"not main", "package lib\n\nfunc F() {}\n", "@wb/main.go:1:9: package lib is not a main package"},
	}
	e := newEngine(t, testConfig())
	for _, tt := range tests {
		res := mustRun(t, e, program(tt.body))
		if res.Outcome != job.CompileError || res.Detail != tt.detail || !strings.HasPrefix(res.Stderr, tt.detail+"\n") {
			t.Errorf("%s: got %s %q\nstderr %q\nwant detail %q", tt.name, res.Outcome, res.Detail, res.Stderr, tt.detail)
		}
	}
}

func TestNoRunCompiles(t *testing.T) {
	e := newEngine(t, testConfig())
	s := program("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"not printed\") }\n")
	s.NoRun = true
	res := mustRun(t, e, s)
	if res.Outcome != job.Compiled || res.Stdout != "" {
		t.Errorf("got %s stdout %q", res.Outcome, res.Stdout)
	}
}

func TestDeadlock(t *testing.T) {
	tests := map[string]string{
		"channel": "package main\n\nfunc main() {\n\t<-make(chan int)\n}\n",
		"wait group": `package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	mu.Lock()
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			fmt.Println(n)
		}(i)
	}
	wg.Wait()
}
`,
		"select without cases": "package main\n\nfunc main() {\n\tselect {}\n}\n",
	}
	e := newEngine(t, testConfig())
	for name, body := range tests {
		res := mustRun(t, e, program(body))
		if res.Outcome != job.Deadlock || res.ExitCode != 2 || res.Detail != deadlockLine {
			t.Errorf("%s: got %s %d %q\n%s", name, res.Outcome, res.ExitCode, res.Detail, res.Stderr)
		}
	}
}

func TestTimeoutKillsTheWorker(t *testing.T) {
	e := newEngine(t, testConfig())
	s := program(`package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(os.Getpid())
	n := 0
	for {
		n++
	}
}
`)
	s.Timeout = 300 * time.Millisecond
	res := mustRun(t, e, s)
	if res.Outcome != job.Timeout || !strings.Contains(res.Detail, "300ms") {
		t.Fatalf("got %s %q", res.Outcome, res.Detail)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(res.Stdout))
	if err != nil {
		t.Fatalf("stdout %q: %v", res.Stdout, err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("worker %d still there after the timeout: kill 0 gave %v", pid, err)
	}
}

func TestCancelledContext(t *testing.T) {
	e := newEngine(t, testConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Run(ctx, program("package main\n\nfunc main() {\n\tfor {\n\t}\n}\n"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestGoroutineLeftRunning(t *testing.T) {
	e := newEngine(t, testConfig())
	res := mustRun(t, e, program(`package main

import "fmt"

func main() {
	go func() {
		for {
		}
	}()
	go func() {
		select {}
	}()
	fmt.Println("main returns")
}
`))
	if res.Outcome != job.OK || res.Stdout != "main returns\n" {
		t.Errorf("got %s %q %q", res.Outcome, res.Detail, res.Stdout)
	}
}

func TestArgsEnvGOMAXPROCS(t *testing.T) {
	e := newEngine(t, testConfig())
	s := program(`package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
)

func main() {
	n := flag.Int("n", 0, "")
	flag.Parse()
	fmt.Println(os.Args[1:], *n, flag.Args(), os.Getenv("WB_X"), runtime.GOMAXPROCS(0))
}
`)
	s.Args = []string{"-n", "5", "a", "b"}
	s.Env = []string{"WB_X=forty two"}
	s.GOMAXPROCS = 1
	res := mustRun(t, e, s)
	if want := "[-n 5 a b] 5 [a b] forty two 1\n"; res.Outcome != job.OK || res.Stdout != want {
		t.Errorf("got %s %q, want %q\n%s", res.Outcome, res.Stdout, want, res.Stderr)
	}
}

func TestHugeOutputIsTruncated(t *testing.T) {
	cfg := testConfig()
	cfg.OutputLimit = 1000
	e := newEngine(t, cfg)
	res := mustRun(t, e, program(`package main

import (
	"fmt"
	"strings"
)

func main() {
	line := strings.Repeat("x", 99)
	for i := 0; i < 10000; i++ {
		fmt.Println(line)
	}
	fmt.Print("the end")
}
`))
	if res.Outcome != job.OK || !res.Truncated || len(res.Stdout) > 1100 || !strings.HasSuffix(res.Stdout, "the end") {
		t.Errorf("got %s truncated=%v len=%d tail %q", res.Outcome, res.Truncated, len(res.Stdout), res.Stdout[max(0, len(res.Stdout)-20):])
	}
}

func TestTwoFiles(t *testing.T) {
	e := newEngine(t, testConfig())
	s := job.Spec{Timeout: 20 * time.Second, Files: []job.File{
		{Name: "main.go", Body: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(shout(greeting))\n}\n"},
		{Name: "util.go", Body: "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar greeting = fmt.Sprint(\"hi\")\n\nfunc shout(s string) string { return strings.ToUpper(s) + \"!\" }\n"},
	}}
	res := mustRun(t, e, s)
	if res.Outcome != job.OK || res.Stdout != "HI!\n" {
		t.Errorf("got %s %q %q", res.Outcome, res.Stdout, res.Stderr)
	}
	s.Files[1].Body = "package main\n\nfunc shout(s string) string {\n\treturn s + undefined\n}\n\nvar greeting = \"x\"\n"
	res = mustRun(t, e, s)
	if res.Outcome != job.CompileError || !strings.HasPrefix(res.Detail, "@wb/util.go:4:13: undefined: undefined") {
		t.Errorf("got %s %q", res.Outcome, res.Detail)
	}
}

func TestConcurrentRuns(t *testing.T) {
	e := newEngine(t, testConfig())
	const n = 6
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Run(context.Background(), program(fmt.Sprintf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%d * %d) }\n", i, i)))
			if err == nil && (res.Outcome != job.OK || res.Stdout != fmt.Sprintln(i*i)) {
				err = fmt.Errorf("run %d: %s %q %q", i, res.Outcome, res.Stdout, res.Stderr)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestSpecsTheEngineRefuses(t *testing.T) {
	e := newEngine(t, testConfig())
	race := program("package main\n\nfunc main() {}\n")
	race.Race = true
	sub := program("package main\n\nfunc main() {}\n")
	sub.Files = append(sub.Files, job.File{Name: "child/main.go", Body: "package main\n\nfunc main() {}\n"})
	for _, s := range []job.Spec{race, sub, {}} {
		if _, err := e.Run(context.Background(), s); err == nil {
			t.Errorf("no error for %+v", s)
		}
	}
}

func TestWorkerThatDoesNotServe(t *testing.T) {
	e := newEngine(t, Config{Worker: []string{"/bin/sh", "-c", "echo not a worker >&2; exit 2"}})
	_, err := e.Run(context.Background(), program("package main\n\nfunc main() {}\n"))
	if err == nil || !strings.Contains(err.Error(), "before it took the job") || !strings.Contains(err.Error(), "not a worker") {
		t.Errorf("got %v", err)
	}
}

func TestCloseKillsIdleWorkers(t *testing.T) {
	cfg := testConfig()
	cfg.Prewarm = 2
	e := New(cfg)
	e.starts.Wait() // the prewarmed workers are started
	e.mu.Lock()
	var pids []int
	for _, p := range e.idle {
		pids = append(pids, p.cmd.Process.Pid)
	}
	e.mu.Unlock()
	if len(pids) != 2 {
		t.Fatalf("%d idle workers, want 2", len(pids))
	}
	e.Close()
	for _, pid := range pids {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("idle worker %d still there after Close: kill 0 gave %v", pid, err)
		}
	}
	if _, err := e.Run(context.Background(), program("package main\n\nfunc main() {}\n")); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close: %v", err)
	}
}

func TestColdWorkers(t *testing.T) {
	cfg := testConfig()
	cfg.Prewarm = -1
	e := newEngine(t, cfg)
	for range 2 {
		res := mustRun(t, e, program("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"cold\") }\n"))
		if res.Outcome != job.OK || res.Stdout != "cold\n" {
			t.Errorf("got %s %q", res.Outcome, res.Stdout)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.idle)+e.pending != 0 {
		t.Errorf("Prewarm -1 keeps %d idle and %d starting", len(e.idle), e.pending)
	}
}

func TestID(t *testing.T) {
	e := newEngine(t, Config{Prewarm: -1})
	if id := e.ID(); !strings.HasPrefix(id, "yaegi v0.16.1 go") || !strings.Contains(id, "/") {
		t.Errorf("ID %q", id)
	}
}

// After Settle, every idle worker has set up its interpreter, so none is
// using the CPU while the runner measures.
func TestSettleWaitsForWarmWorkers(t *testing.T) {
	cfg := testConfig()
	cfg.Prewarm = 2
	e := newEngine(t, cfg)
	for range 3 {
		if _, err := e.Run(context.Background(), program("package main\n\nfunc main() {}\n")); err != nil {
			t.Fatal(err)
		}
		if err := e.Settle(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.mu.Lock()
		n, pending := len(e.idle), e.pending
		for _, p := range e.idle {
			if !p.isReady() {
				t.Error("Settle returned with a worker still setting up")
			}
		}
		e.mu.Unlock()
		if n != 2 || pending != 0 {
			t.Errorf("after Settle: %d idle, %d starting; want 2, 0", n, pending)
		}
	}
}
