package timeline

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"strings"

	"workbook/runner/job"
)

// EnvTrace names the environment variable through which the runner tells an
// instrumented program where to write its execution trace (see the package
// doc).
const EnvTrace = "WORKBOOK_TRACE"

// WrapperFile is the name of the file that Instrument adds to the program.
const WrapperFile = "zz_workbook_trace.go"

// LogCategory is the runtime/trace log category of the two log events the
// wrapper writes on the main goroutine: "main=NAME" before it calls the
// user's main, NAME being the name that main was given, and "return" when
// that main has returned or is panicking, before the trace stops. Parse
// learns from them which goroutine is main, how to undo the renaming, and
// where the program's own time ends.
const LogCategory = "workbook"

// importPrefix starts the names under which the wrapper imports its
// packages. An import's name lives in the file block, and Go forbids a name
// in both a file block and the package block, so plain "os" or "trace"
// would break a snippet that declares a package-level "trace".
const importPrefix = "workbook_"

// Instrument returns the program's files with the root package main made to
// record an execution trace (see the package doc). The user's func main is
// renamed in place, on its own line, so that every position in the program
// stays where it was, and WrapperFile is appended. files itself is not
// modified.
//
// The root package is made of the .go files with no directory in their
// name that the go command would build on this machine (build constraints
// are honoured), test files excepted. Instrument fails when one of them does not
// parse, when the package is not main or has no func main, or when a file
// already has the name WrapperFile or declares a name that starts with
// "workbook_": the runner should then run the files as they are, and the
// build will report whatever is wrong with positions the author knows.
func Instrument(files []job.File) ([]job.File, error) {
	fset := token.NewFileSet()
	names := map[string]bool{}
	mainAt, mainOff := -1, 0
	for i, f := range files {
		if f.Name == WrapperFile {
			return nil, fmt.Errorf("instrument: %s: name reserved for the trace wrapper", f.Name)
		}
		if !inRootPackage(f.Name) || !builds(f) {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Body, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("instrument: %w", err)
		}
		if af.Name.Name != "main" {
			return nil, fmt.Errorf("instrument: %s: package %s is not a main package", f.Name, af.Name.Name)
		}
		for name := range declaredNames(af) {
			if strings.HasPrefix(name, importPrefix) {
				return nil, fmt.Errorf("instrument: %s: the name %s is reserved for the trace wrapper", f.Name, name)
			}
			names[name] = true
		}
		if fd := findMain(af); fd != nil {
			if mainAt >= 0 {
				return nil, fmt.Errorf("instrument: %s: a second func main", fset.Position(fd.Name.Pos()))
			}
			mainAt, mainOff = i, fset.File(fd.Name.Pos()).Offset(fd.Name.Pos())
		}
	}
	if mainAt < 0 {
		return nil, fmt.Errorf("instrument: no func main in the root package")
	}
	renamed := userMainName(names)
	out := make([]job.File, 0, len(files)+1)
	out = append(out, files...)
	body := out[mainAt].Body
	out[mainAt].Body = body[:mainOff] + renamed + body[mainOff+len("main"):]
	out = append(out, job.File{Name: WrapperFile, Body: wrapper(renamed)})
	return out, nil
}

// inRootPackage reports whether a program file belongs to the package in
// the program's root directory, the one that runs.
func inRootPackage(name string) bool {
	return !strings.Contains(name, "/") && strings.HasSuffix(name, ".go") &&
		!strings.HasSuffix(name, "_test.go")
}

// builds reports whether the go command would compile the file on this
// machine: its name (main_windows.go) and its //go:build line allow it. A
// generator marked //go:build ignore may have a func main of its own.
func builds(f job.File) bool {
	ctx := build.Default
	ctx.OpenFile = func(string) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(f.Body)), nil
	}
	ok, err := ctx.MatchFile(".", f.Name)
	return ok || err != nil // a file that does not parse is the parser's to report
}

// findMain returns the declaration of func main, or nil.
func findMain(af *ast.File) *ast.FuncDecl {
	for _, d := range af.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return fd
		}
	}
	return nil
}

// declaredNames returns the names a file declares in the package block and
// in its file block (imports): a new package-level name must avoid both.
func declaredNames(af *ast.File) map[string]bool {
	names := map[string]bool{}
	for _, imp := range af.Imports {
		if imp.Name != nil {
			names[imp.Name.Name] = true
		} else {
			path := strings.Trim(imp.Path.Value, "\"`")
			names[path[strings.LastIndex(path, "/")+1:]] = true
		}
	}
	for _, d := range af.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names[n.Name] = true
					}
				}
			}
		}
	}
	return names
}

// userMainName picks the new name of the user's main: "main_", or with as
// many more underscores as it takes to be free.
func userMainName(taken map[string]bool) string {
	name := "main_"
	for taken[name] {
		name += "_"
	}
	return name
}

// wrapper returns the source of WrapperFile for a user main renamed to
// userMain. The deferred Stop also runs when the user's main panics, so a
// panicking snippet still leaves its trace.
func wrapper(userMain string) string {
	r := strings.NewReplacer("USERMAIN", userMain, "P_", importPrefix,
		"ENV", EnvTrace, "CATEGORY", LogCategory)
	return r.Replace(`// Code generated by workbook (runner/timeline); DO NOT EDIT.

package main

import (
	P_context "context"
	P_fmt "fmt"
	P_os "os"
	P_trace "runtime/trace"
)

// main records an execution trace of USERMAIN into the file named by $ENV.
func main() {
	name := P_os.Getenv("ENV")
	if name == "" {
		USERMAIN()
		return
	}
	f, err := P_os.Create(name)
	if err != nil {
		P_fmt.Fprintln(P_os.Stderr, "workbook: trace:", err)
		P_os.Exit(2)
	}
	if err := P_trace.Start(f); err != nil {
		P_fmt.Fprintln(P_os.Stderr, "workbook: trace:", err)
		P_os.Exit(2)
	}
	defer func() {
		P_trace.Log(P_context.Background(), "CATEGORY", "return")
		P_trace.Stop()
		if err := f.Close(); err != nil {
			P_fmt.Fprintln(P_os.Stderr, "workbook: trace:", err)
		}
	}()
	P_trace.Log(P_context.Background(), "CATEGORY", "main=USERMAIN")
	USERMAIN()
}
`)
}
