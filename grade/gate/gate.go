// Package gate is the static check a submission passes before anything of it
// is compiled. It decides which of a student's files are taken at all and
// rejects the Go features that would let code act at build time, reach
// outside the exercise's allowed packages, or blur the line between the
// student's code and the grader's:
//
//   - only files named like the exercise's stub files are taken; any other
//     file, every *_test.go, go.mod, go.sum, go.work and vendor/ are
//     dropped (and said so), and a stub file the student did not send is
//     replaced by the stub itself;
//   - every //go: directive is rejected (//go:embed would read a test file
//     into the program, //go:linkname would reach into the runtime or the
//     testing package, //go:build and // +build would hide a file,
//     //go:generate is an invitation to run something), and so are //line
//     directives, which would make the student's frames look like the
//     instructor's in race reports;
//   - import "C", and any import outside the allowlist (DefaultImports plus
//     the exercise's grading.json "imports"; "container/*" allows the
//     subtree);
//   - the builtins print and println, which write past fmt to stderr;
//   - a top-level TestMain, the grader's to define;
//   - files over MaxFileSize bytes, and a package clause other than the
//     stub's.
//
// Every problem is reported with its file:line, all at once.
package gate

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// DefaultImports are the packages every exercise allows (issue 7).
var DefaultImports = []string{
	"sync", "sync/atomic", "context", "time", "errors", "sort", "slices",
	"maps", "strings", "strconv", "math", "container/*", "fmt",
}

// MaxFileSize bounds one submitted file; a stub-sized exercise needs far
// less, and the compiler should not be handed megabytes of generated code.
const MaxFileSize = 256 << 10

// Problem is one reason a submission is rejected.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"msg"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Result is the gate's decision on one submission for one exercise.
type Result struct {
	// Files are the files to compile, by stub file name.
	Files map[string][]byte
	// Notes say what was dropped or replaced; they do not reject.
	Notes []string
	// Problems reject the submission when not empty.
	Problems []Problem
	// Syntax is set when the problems are parse errors: the submission is
	// then a compile error rather than a rejected one.
	Syntax bool
}

// Check applies the gate to a student's files for an exercise whose stub
// is stub (file name to contents, non-test files only), whose package is
// pkg, and whose extra allowed imports are extra.
func Check(sub, stub map[string][]byte, pkg string, extra []string) Result {
	r := Result{Files: map[string][]byte{}}
	for _, name := range sortedKeys(sub) {
		if _, ok := stub[name]; !ok {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: ignored (%s)", name, whyIgnored(name)))
		}
	}
	allow := append(append([]string{}, DefaultImports...), extra...)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range sortedKeys(stub) {
		body, ok := sub[name]
		if !ok {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: not submitted, the stub is used", name))
			body = stub[name]
		}
		r.Files[name] = body
		if len(body) > MaxFileSize {
			r.Problems = append(r.Problems, Problem{name, 0, fmt.Sprintf("file is %d bytes, over the limit of %d", len(body), MaxFileSize)})
			continue
		}
		f, err := parser.ParseFile(fset, name, body, parser.ParseComments|parser.AllErrors)
		if err != nil {
			r.Syntax = true
			r.Problems = append(r.Problems, syntaxProblems(name, err)...)
			continue
		}
		files = append(files, f)
		r.Problems = append(r.Problems, checkFile(fset, f, pkg, allow)...)
	}
	if !r.Syntax {
		r.Problems = append(r.Problems, checkBuiltins(fset, files)...)
	}
	sort.SliceStable(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return r
}

func syntaxProblems(name string, err error) []Problem {
	var ps []Problem
	if list, ok := err.(scanner.ErrorList); ok {
		for _, e := range list {
			ps = append(ps, Problem{name, e.Pos.Line, e.Msg})
		}
		return ps
	}
	return []Problem{{name, 0, err.Error()}}
}

func checkFile(fset *token.FileSet, f *ast.File, pkg string, allow []string) []Problem {
	name := fset.Position(f.Package).Filename
	var ps []Problem
	add := func(pos token.Pos, format string, a ...any) {
		ps = append(ps, Problem{name, fset.Position(pos).Line, fmt.Sprintf(format, a...)})
	}
	if f.Name.Name != pkg {
		add(f.Name.Pos(), "package %s, want package %s", f.Name.Name, pkg)
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d := directive(c.Text); d != "" {
				add(c.Pos(), "directive %s is not allowed", d)
			}
		}
	}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			add(imp.Pos(), "bad import path %s", imp.Path.Value)
			continue
		}
		switch {
		case p == "C":
			add(imp.Pos(), `import "C" (cgo) is not allowed`)
		case !allowed(p, allow):
			add(imp.Pos(), "import %q is not allowed (allowed: %s)", p, strings.Join(allow, ", "))
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "TestMain" {
			add(fd.Pos(), "func TestMain is reserved for the grader")
		}
	}
	return ps
}

// directive returns the directive a comment carries, or "".
func directive(text string) string {
	switch {
	case strings.HasPrefix(text, "//go:"):
		return strings.Fields(text)[0]
	case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
		return "//line"
	case strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(text, "//")), "+build"):
		return "// +build"
	case strings.HasPrefix(text, "//export "):
		return "//export"
	}
	return ""
}

func allowed(p string, allow []string) bool {
	for _, a := range allow {
		if a == p {
			return true
		}
		if prefix, ok := strings.CutSuffix(a, "/*"); ok && strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// checkBuiltins finds calls of print and println that resolve to the
// builtins: not declared at package level in any file, nor locally (the
// parser's resolution leaves Obj nil for universe names).
func checkBuiltins(fset *token.FileSet, files []*ast.File) []Problem {
	declared := map[string]bool{}
	for _, f := range files {
		for name := range f.Scope.Objects {
			declared[name] = true
		}
	}
	var ps []Problem
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || (id.Name != "print" && id.Name != "println") || id.Obj != nil || declared[id.Name] {
				return true
			}
			pos := fset.Position(id.Pos())
			ps = append(ps, Problem{pos.Filename, pos.Line, fmt.Sprintf("builtin %s is not allowed (use fmt)", id.Name)})
			return true
		})
	}
	return ps
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func whyIgnored(name string) string {
	switch {
	case strings.HasSuffix(name, "_test.go"):
		return "tests are the instructor's"
	case name == "go.mod" || name == "go.sum" || name == "go.work" || name == "go.work.sum":
		return "the grader writes its own module files"
	case strings.HasPrefix(name, "vendor/"):
		return "vendored code is not taken"
	}
	return "not a file of the stub"
}
