package yaegiengine

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/traefik/yaegi/interp"

	"workbook/runner/job"
)

// ServeWorker is the worker process: it sets up an interpreter, reads one
// job from stdin, runs it and reports on status, the worker's fd 3 (see the
// package doc for the protocol). It returns the exit status the process
// must end with, and the caller must exit with it at once: that is also
// what ends the goroutines a program leaves running when its main returns.
//
// The program writes straight to os.Stdout and os.Stderr. When the
// program deadlocks, ServeWorker does not return: its goroutine is the
// blocked program's, so the deadlock watchdog reports and exits the process
// with status 2 itself.
func ServeWorker(stdin io.Reader, status *os.File) int {
	rep := &reporter{w: status}
	src := &jobFS{}
	in, err := newInterpreter(src)
	if err != nil {
		fmt.Fprintf(os.Stderr, "yaegi-worker: %v\n", err)
		return 1
	}
	rep.send(event{Event: evReady})
	var req request
	if err := json.NewDecoder(stdin).Decode(&req); err != nil {
		if errors.Is(err, io.EOF) {
			return 0 // dismissed before any job: Close, or the runner went away
		}
		fmt.Fprintf(os.Stderr, "yaegi-worker: reading the job: %v\n", err)
		return 1
	}
	user, sys := selfCPU()
	rep.send(event{Event: evStart, UserCPU: user, SysCPU: sys})
	// From here a panic in a program's goroutine or a fatal runtime error
	// kills the process; the runtime's report of it then goes to the status
	// pipe too, where the parent tells it from the program's own output.
	if err := debug.SetCrashOutput(status, debug.CrashOptions{}); err != nil {
		fmt.Fprintf(os.Stderr, "yaegi-worker: %v\n", err)
	}
	setEnvironment(req)
	end, code := runJob(in, src, req, rep)
	rep.send(end)
	return code
}

// newInterpreter is the part of a worker's work done before its job
// arrives (≈6 ms of the ≈8 ms a trivial job costs, measured on a 2-core
// machine): the interpreter and its symbol tables.
func newInterpreter(src *jobFS) (*interp.Interpreter, error) {
	// Unrestricted: os.Getenv and friends see the real environment, which
	// the worker sets from the job, instead of a copy taken at New.
	in := interp.New(interp.Options{
		Stdin: stream(0), Stdout: stream(1), Stderr: stream(2),
		SourcecodeFilesystem: src,
		Unrestricted:         true,
	})
	if err := in.Use(workerExports()); err != nil {
		return nil, err
	}
	if err := in.Use(realSymbols()); err != nil {
		return nil, err
	}
	return in, nil
}

// setEnvironment makes the process look to the program as the compiled
// engine's does: its arguments, the runner's environment less the Go
// runtime's settings, GOMAXPROCS when the job sets it, the job's variables.
func setEnvironment(req request) {
	os.Args = append([]string{"main"}, req.Args...)
	for _, k := range []string{"GOMAXPROCS", "GOTRACEBACK", "GODEBUG"} {
		os.Unsetenv(k)
	}
	procs := req.GOMAXPROCS
	if procs > 0 {
		os.Setenv("GOMAXPROCS", strconv.Itoa(procs))
	}
	for _, kv := range req.Env {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
		if n, err := strconv.Atoi(v); k == "GOMAXPROCS" && err == nil && n > 0 {
			procs = n
		}
	}
	if procs > 0 {
		runtime.GOMAXPROCS(procs)
	}
}

// runJob compiles and runs the program and says how it ended, with the
// worker's exit status.
func runJob(in *interp.Interpreter, src *jobFS, req request, rep *reporter) (event, int) {
	fset := token.NewFileSet()
	files, errs := parseFiles(fset, req.Files, req.NoRun)
	if len(errs) == 0 {
		errs = checkImports(fset, files)
	}
	if len(errs) > 0 {
		return compileError(errs), 1
	}
	if req.NoRun {
		return compileOnly(in, req.Files[0])
	}
	if !mayWake(files) {
		stop := startWatchdog(func(dump string) {
			fmt.Fprintf(os.Stderr, "%s\n\n%s", deadlockLine, dump)
			rep.send(event{Event: evEnd, Outcome: job.Deadlock, Detail: deadlockLine})
			os.Exit(2)
		})
		defer stop()
	}
	src.set(req.Files)
	return execute(in)
}

// srcDir is the directory of jobFS that holds the program, and the
// relative import path under which the worker has yaegi load it. yaegi
// keys a file's imports by its base name, which is how it keeps the
// imports of main.go and util.go apart, and it does so only when it loads
// a package from a directory: compiled from one merged syntax tree, a
// package-level variable of util.go initialised with an import failed
// ("constant definition loop").
const srcDir = "@wb"

// execute runs the program's main package. yaegi runs it from EvalPath,
// which does not recover a panic of the program: execute does.
func execute(in *interp.Interpreter) (ev event, code int) {
	defer func() {
		if r := recover(); r != nil {
			line := "panic: " + panicText(r)
			fmt.Fprintln(os.Stderr, line)
			ev, code = event{Event: evEnd, Outcome: job.Panic, Detail: line}, 2
		}
	}()
	if _, err := in.EvalPath("./" + srcDir); err != nil {
		return compileError(strings.Split(err.Error(), "\n")), 1
	}
	return event{Event: evEnd, Outcome: job.OK}, 0
}

// compileOnly compiles a one-file program without running it; yaegi
// compiles a directory only by running it (Run refuses a compile-only
// check of several files).
func compileOnly(in *interp.Interpreter, jf job.File) (event, int) {
	f, err := parser.ParseFile(in.FileSet(), job.PosPrefix+jf.Name, jf.Body, 0)
	if err == nil {
		_, err = compile(in, f)
	}
	var ce compileErr
	switch {
	case errors.As(err, &ce):
		return compileError(strings.Split(ce.msg, "\n")), 1
	case err != nil:
		return event{Event: evEnd, Error: err.Error()}, 1
	}
	return event{Event: evEnd, Outcome: job.Compiled}, 0
}

// deadlockLine is what the Go runtime prints when it finds a deadlock.
const deadlockLine = "fatal error: all goroutines are asleep - deadlock!"

func compileError(msgs []string) event {
	return event{Event: evEnd, Outcome: job.CompileError, Detail: msgs[0], Messages: msgs}
}

// maxParseErrors is as many syntax errors as the compiler prints.
const maxParseErrors = 10

// parseFiles parses the program's files in name order (the order the go
// command hands them to the compiler), each under its "@wb/NAME" name so
// that every position yaegi reports carries it.
func parseFiles(fset *token.FileSet, in []job.File, noRun bool) ([]*ast.File, []string) {
	in = slices.Clone(in)
	slices.SortFunc(in, func(a, b job.File) int { return strings.Compare(a.Name, b.Name) })
	var files []*ast.File
	var errs []string
	for _, jf := range in {
		f, err := parser.ParseFile(fset, job.PosPrefix+jf.Name, jf.Body, parser.AllErrors|parser.DeclarationErrors)
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				errs = append(errs, e.Error())
			}
		} else if err != nil {
			errs = append(errs, err.Error())
		}
		if f != nil {
			files = append(files, f)
		}
	}
	if len(errs) > 0 {
		return nil, errs[:min(len(errs), maxParseErrors)]
	}
	if len(files) == 0 {
		return nil, []string{"no Go files"}
	}
	for _, f := range files[1:] {
		if f.Name.Name != files[0].Name.Name {
			return nil, []string{fmt.Sprintf("%s: found packages %s and %s", fset.Position(f.Name.Pos()), files[0].Name.Name, f.Name.Name)}
		}
	}
	if name := files[0].Name; name.Name != "main" && !noRun {
		return nil, []string{fmt.Sprintf("%s: package %s is not a main package", fset.Position(name.Pos()), name.Name)}
	}
	return files, nil
}

// compileErr is an error of the program, as opposed to one of yaegi.
type compileErr struct{ msg string }

func (e compileErr) Error() string { return e.msg }

// compile compiles the merged file. yaegi reports the program's errors with
// positions ("@wb/main.go:6:23: undefined: y"); it also panics on some
// programs it cannot take (range over an integer: "nil type"), which is an
// error of the engine, not of the program.
func compile(in *interp.Interpreter, f *ast.File) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("the interpreter failed on this program: %v", r)
		}
	}()
	prog, err = in.CompileAST(f)
	if err != nil {
		return nil, compileErr{err.Error()}
	}
	return prog, nil
}

// panicText prints a panic value the way the Go runtime does: an error's
// Error, a Stringer's String, a string as is, a named basic type as
// "main.T(3)". yaegi panics with the reflect.Value of the program's value.
func panicText(v any) string {
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() || !rv.CanInterface() {
			return "nil"
		}
		v = rv.Interface()
	}
	switch v := v.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	case nil:
		return "nil"
	}
	t := reflect.TypeOf(v)
	if t.Kind() <= reflect.Complex128 || t.Kind() == reflect.String {
		if t.Name() != "" && t.PkgPath() != "" {
			return fmt.Sprintf("%s(%v)", t, v)
		}
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("(%s) %v", t, v)
}

// selfCPU is the CPU time the worker has used so far.
func selfCPU() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// jobFS is the file system yaegi loads the program from. The interpreter
// is made before the job is known, so the files are set later.
type jobFS struct{ fsys fstest.MapFS }

func (j *jobFS) set(files []job.File) {
	j.fsys = make(fstest.MapFS, len(files))
	for _, f := range files {
		j.fsys[srcDir+"/"+f.Name] = &fstest.MapFile{Data: []byte(f.Body), Mode: 0o444}
	}
}

func (j *jobFS) Open(name string) (fs.File, error) {
	if j.fsys == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return j.fsys.Open(name)
}
