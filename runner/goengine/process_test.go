package goengine

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"workbook/runner/job"
)

func TestRunEnv(t *testing.T) {
	parent := []string{"HOME=/h", "GOMAXPROCS=8", "GODEBUG=panicnil=1", "GOTRACEBACK=all", "FOO=1"}
	got := runEnv(parent, job.Spec{GOMAXPROCS: 3, Env: []string{"FOO=2", "BAR=3"}})
	want := []string{"HOME=/h", "FOO=1", "GOMAXPROCS=3", "FOO=2", "BAR=3"}
	if !slices.Equal(got, want) {
		t.Errorf("runEnv = %q, want %q", got, want)
	}
	if got := runEnv(parent, job.Spec{}); !slices.Equal(got, []string{"HOME=/h", "FOO=1"}) {
		t.Errorf("runEnv with no settings = %q", got)
	}
	race := runEnv(append(parent, "GORACE=halt_on_error=1"), job.Spec{Race: true, Env: []string{"GORACE=atexit_sleep_ms=1000"}})
	if want := []string{"HOME=/h", "FOO=1", "GORACE=atexit_sleep_ms=50", "GORACE=atexit_sleep_ms=1000"}; !slices.Equal(race, want) {
		t.Errorf("runEnv for a race build = %q, want %q (the snippet's GORACE last, so it wins)", race, want)
	}
}

func TestArgsEnvGOMAXPROCS(t *testing.T) {
	// The runner's own runtime settings must not leak into the program.
	t.Setenv("GODEBUG", "panicnil=1")
	t.Setenv("GOTRACEBACK", "all")
	e := testEngine(t, Config{})
	res := mustRun(t, e, job.Spec{
		Files: []job.File{{Name: "main.go", Body: `package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
)

func main() {
	wd, _ := os.Getwd()
	entries, _ := os.ReadDir(wd)
	in, err := io.ReadAll(os.Stdin)
	fmt.Println(runtime.GOMAXPROCS(0), os.Args[1:], os.Getenv("WB_X"))
	fmt.Printf("godebug=%q traceback=%q\n", os.Getenv("GODEBUG"), os.Getenv("GOTRACEBACK"))
	fmt.Printf("wd %d entries, stdin %q %v\n", len(entries), in, err)
}
`}},
		Args:       []string{"a b", "c"},
		Env:        []string{"WB_X=42"},
		GOMAXPROCS: 3,
	})
	want := "3 [a b c] 42\ngodebug=\"\" traceback=\"\"\nwd 0 entries, stdin \"\" <nil>\n"
	if res.Outcome != job.OK || res.Stdout != want {
		t.Errorf("%s: stdout %q, want %q; stderr:\n%s", res.Outcome, res.Stdout, want, res.Stderr)
	}
}

// startsChild is a program that starts "sleep 60" with its own standard
// output, writes the child's pid to the file named by its argument, and
// then does what its second argument says.
const startsChild = `package main

import (
	"os"
	"os/exec"
	"strconv"
	"time"
)

func main() {
	child := exec.Command("sleep", "60")
	child.Stdout = os.Stdout
	if err := child.Start(); err != nil {
		panic(err)
	}
	os.WriteFile(os.Args[1]+".tmp", []byte(strconv.Itoa(child.Process.Pid)+"\n"), 0o644)
	os.Rename(os.Args[1]+".tmp", os.Args[1])
	if os.Args[2] == "hang" {
		f, _ := os.OpenFile(os.Args[3], os.O_WRONLY, 0)
		f.WriteString("ready\n")
		time.Sleep(time.Hour)
	}
}
`

// gone reports whether pid has exited: no longer there, or a zombie that
// nobody reaped (the child's parent is dead; init may not reap in a
// container).
// gone reports whether pid has ended (or is a zombie). The group was sent
// SIGKILL when the run ended, but a signal is delivered and a process torn
// down asynchronously: on a loaded machine it can still be there for a
// moment, so gone waits for it, up to a bound no kill needs.
func gone(t *testing.T, pid int) bool {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if errors.Is(err, os.ErrNotExist) {
			return true
		}
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.LastIndexByte(b, ')') // the state follows the command name
		if i > 0 && len(b) > i+2 && b[i+2] == 'Z' {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func childPid(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// The engine returns only once the output pipes are closed, and the child
// holds standard output: returning at all shows the group was killed.
func TestChildKilledWithGroup(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	pidFile := filepath.Join(t.TempDir(), "pid")
	res := mustRun(t, e, job.Spec{
		Files: []job.File{{Name: "main.go", Body: startsChild}},
		Args:  []string{pidFile, "exit"},
	})
	if res.Outcome != job.OK {
		t.Fatalf("%s: %s\n%s", res.Outcome, res.Detail, res.Stderr)
	}
	if pid := childPid(t, pidFile); !gone(t, pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("child %d outlived its run", pid)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	dir := t.TempDir()
	pidFile, fifo := filepath.Join(dir, "pid"), filepath.Join(dir, "ready")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// O_RDWR does not wait for a writer; Close below ends the reader if
	// the program never writes.
	ready, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		if _, err := bufio.NewReader(ready).ReadString('\n'); err == nil {
			cancel()
		}
	}()
	_, err = e.Run(ctx, job.Spec{
		Files:   []job.File{{Name: "main.go", Body: startsChild}},
		Args:    []string{pidFile, "hang", fifo},
		Timeout: time.Hour,
	})
	ready.Close()
	<-readerDone
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if pid := childPid(t, pidFile); !gone(t, pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("child %d outlived the cancelled run", pid)
	}
}

func TestDumpTap(t *testing.T) {
	tap := &dumpTap{c: job.NewCapture(100)}
	fmt.Fprint(tap, "before ")
	tap.arm()
	fmt.Fprint(tap, "after")
	if got := tap.c.String(); got != "after" {
		t.Errorf("tap kept %q", got)
	}
}
