package timeline

import (
	"bytes"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"workbook/runner/job"
)

func TestInstrumentRenamesOnlyMain(t *testing.T) {
	body := `package main // main package

import "fmt"

var mainly = "main"

type T struct{}

func (T) main() {}

// main does the work.
func main() { fmt.Println(mainly, "main") }
`
	in := []job.File{{Name: "main.go", Body: body, Line: 12}, {Name: "child/main.go", Body: "package main\n\nfunc main() {}\n"}}
	out, err := Instrument(in)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(body, "func main() {", "func main_() {", 1)
	if out[0].Body != want {
		t.Errorf("main.go became\n%s\nwant\n%s", out[0].Body, want)
	}
	if out[0].Line != 12 || out[1] != in[1] {
		t.Errorf("other fields or files changed: %+v", out[:2])
	}
	if in[0].Body != body {
		t.Error("Instrument modified its input")
	}
	if len(out) != 3 || out[2].Name != WrapperFile || !strings.Contains(out[2].Body, "\tmain_()\n") {
		t.Fatalf("no wrapper calling main_: %+v", out[2:])
	}
	if !strings.Contains(out[2].Body, `Getenv("WORKBOOK_TRACE")`) || !strings.Contains(out[2].Body, `"main=main_"`) {
		t.Errorf("wrapper does not follow the protocol:\n%s", out[2].Body)
	}
}

func TestInstrumentAvoidsTakenNames(t *testing.T) {
	in := []job.File{
		{Name: "a.go", Body: "package main\n\nimport main_ \"fmt\"\n\nvar _ = main_.Sprint\n"},
		{Name: "b.go", Body: "package main\n\nfunc main__() {}\n\nfunc main() { main__() }\n"},
	}
	out, err := Instrument(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out[1].Body, "func main___() { main__() }") {
		t.Errorf("b.go became\n%s", out[1].Body)
	}
}

func TestInstrumentHonoursBuildConstraints(t *testing.T) {
	gen := "//go:build ignore\n\npackage main\n\nfunc main() {}\n"
	other := "package main\n\nfunc main() {}\n"
	in := []job.File{
		{Name: "gen.go", Body: gen},
		{Name: "main_" + otherOS() + ".go", Body: other},
		{Name: "main.go", Body: "package main\n\nfunc main() {}\n"},
	}
	out, err := Instrument(in)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Body != gen || out[1].Body != other || out[2].Body != "package main\n\nfunc main_() {}\n" {
		t.Errorf("want only main.go renamed, got %+v", out)
	}
}

// otherOS is a GOOS that is not this machine's.
func otherOS() string {
	if runtime.GOOS == "plan9" {
		return "windows"
	}
	return "plan9"
}

func TestWrapperIsGofmted(t *testing.T) {
	src := wrapper("main_")
	got, err := format.Source([]byte(src))
	if err != nil || string(got) != src {
		t.Errorf("wrapper is not gofmt-clean (%v):\n%s", err, src)
	}
}

func TestInstrumentErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		files []job.File
		want  string
	}{
		"syntax":   {[]job.File{{Name: "main.go", Body: "package main\nfunc main( {"}}, "main.go:2"},
		"library":  {[]job.File{{Name: "lib.go", Body: "package lib\n"}}, "not a main package"},
		"no main":  {[]job.File{{Name: "main.go", Body: "package main\n"}}, "no func main"},
		"only sub": {[]job.File{{Name: "cmd/main.go", Body: "package main\nfunc main() {}\n"}}, "no func main"},
		"reserved": {[]job.File{{Name: "main.go", Body: "package main\nfunc main() {}\n"}, {Name: WrapperFile, Body: "package main\n"}}, "reserved"},
		"prefix":   {[]job.File{{Name: "main.go", Body: "package main\nvar workbook_os = 1\nfunc main() {}\n"}}, "workbook_os"},
		"two": {[]job.File{
			{Name: "a.go", Body: "package main\nfunc main() {}\n"},
			{Name: "b.go", Body: "package main\n\nfunc main() {}\n"},
		}, "b.go:3:6: a second func main"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Instrument(tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// goBuild builds files as the Go engine does: a module of its own, each
// .go file behind a //line directive naming it "@wb/NAME". It returns the
// binary's path, skipping the test when there is no go command.
func goBuild(t *testing.T, files []job.File) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module snippet\n\ngo 1.26\n")
	for _, f := range files {
		write(f.Name, "//line "+job.PosPrefix+f.Name+":1:1\n"+f.Body)
	}
	exe := filepath.Join(dir, "snippet")
	cmd := exec.Command(gobin, "build", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// run runs exe with extra environment and returns its stdout and stderr.
func run(t *testing.T, exe string, env ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command(exe)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// e2eProgram names its own package-level "trace" and "main_", which the
// wrapper must live with, and starts goroutines from a func literal.
const e2eProgram = `package main

import (
	"fmt"
	"sync"
	"time"
)

var trace = "mine"

func main_() string { return trace }

func main() {
	var wg sync.WaitGroup
	ch := make(chan int)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			ch <- i
		}()
	}
	fmt.Println(<-ch + <-ch, main_())
	wg.Go(func() { time.Sleep(time.Millisecond) })
	wg.Wait()
}
`

func TestEndToEnd(t *testing.T) {
	files, err := Instrument([]job.File{{Name: "main.go", Body: e2eProgram}})
	if err != nil {
		t.Fatal(err)
	}
	exe := goBuild(t, files)
	tracePath := filepath.Join(t.TempDir(), "trace.out")
	stdout, stderr, err := run(t, exe, EnvTrace+"="+tracePath)
	if err != nil || stdout != "1 mine\n" {
		t.Fatalf("run: %v, stdout %q, stderr %q", err, stdout, stderr)
	}
	f, err := os.Open(tracePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tl, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	checkOrdered(t, tl)
	var funcs, created []string
	for _, g := range tl.Goroutines {
		funcs = append(funcs, g.Func)
		created = append(created, g.CreatedAt)
	}
	want := []string{"main.main", "main.main.func1", "main.main.func1", "main.main.func2"}
	if wantAt := []string{"", "@wb/main.go:18", "@wb/main.go:18", "@wb/main.go:25"}; !slices.Equal(created, wantAt) {
		t.Errorf("goroutines created at %q, want %q", created, wantAt)
	}
	if !slices.Equal(funcs, want) {
		t.Errorf("goroutines %q, want %q (the main one and the two the snippet started)", funcs, want)
	}
	if !tl.Goroutines[0].Main || tl.Goroutines[0].Total(Blocked) == 0 {
		t.Errorf("main goroutine %+v: want Main, and blocked at some time", tl.Goroutines[0])
	}

	// Without the variable the program just runs.
	if stdout, stderr, err := run(t, exe); err != nil || stdout != "1 mine\n" {
		t.Fatalf("run without %s: %v, stdout %q, stderr %q", EnvTrace, err, stdout, stderr)
	}
}

// panicProgram panics on line 6.
const panicProgram = `package main

import "fmt"

func main() {
	panic(fmt.Sprint("boom"))
}
`

func TestInstrumentKeepsPanicPosition(t *testing.T) {
	files, err := Instrument([]job.File{{Name: "main.go", Body: panicProgram}})
	if err != nil {
		t.Fatal(err)
	}
	exe := goBuild(t, files)
	tracePath := filepath.Join(t.TempDir(), "trace.out")
	for _, env := range [][]string{nil, {EnvTrace + "=" + tracePath}} {
		_, stderr, err := run(t, exe, env...)
		if err == nil || !strings.Contains(stderr, "panic: boom") || !regexp.MustCompile(`(?m)^\t@wb/main\.go:6\b`).MatchString(stderr) {
			t.Errorf("env %q: err %v, stderr:\n%s\nwant a panic at %smain.go:6", env, err, stderr, job.PosPrefix)
		}
	}
	// The deferred Stop ran: a panicking main still leaves its trace.
	f, err := os.Open(tracePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Parse(f); err != nil {
		t.Errorf("trace of a panicking main: %v", err)
	}
}

func TestExitLosesTrace(t *testing.T) {
	files, err := Instrument([]job.File{{Name: "main.go", Body: "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n"}})
	if err != nil {
		t.Fatal(err)
	}
	exe := goBuild(t, files)
	tracePath := filepath.Join(t.TempDir(), "trace.out")
	run(t, exe, EnvTrace+"="+tracePath)
	b, err := os.ReadFile(tracePath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(bytes.NewReader(b)); err == nil {
		t.Errorf("Parse of the trace of a program that called os.Exit (%d bytes) succeeded", len(b))
	}
}
