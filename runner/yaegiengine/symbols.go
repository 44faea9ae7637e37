package yaegiengine

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"log"
	"os"
	"path"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// deniedPackages are standard packages yaegi knows but a snippet may not
// import, because they start processes or reach past the interpreter. Most
// of the classic ones (os/exec, syscall, unsafe, plugin, runtime/cgo) are
// not in yaegi's stdlib.Symbols at all; they are listed so that the rule is
// written down in one place.
var deniedPackages = map[string]bool{
	"os/exec":      true, // starts processes
	"syscall":      true, // raw system calls, fork/exec
	"unsafe":       true, // arbitrary memory
	"plugin":       true, // loads native code
	"runtime/cgo":  true, // native code
	"net/http/cgi": true, // cgi.Handler starts processes
	"go/build":     true, // runs "go list" for module packages
	"go/importer":  true, // runs the go command
}

// deniedSymbols are members of allowed packages that are removed from the
// interpreter: os.StartProcess starts processes, os.NewFile would hand the
// program the worker's status pipe (fd 3).
var deniedSymbols = map[string][]string{
	"os": {"StartProcess", "NewFile", "ProcAttr"},
}

// stdPackage is what yaegi's symbol table holds for one import path.
type stdPackage struct {
	key  string // the table's key: import path + "/" + package name
	name string // the package name ("rand" for math/rand/v2)
	syms map[string]reflect.Value
}

// stdIndex maps an import path to what yaegi's symbol table exports for it,
// deny lists applied. It is built once: stdlib.Symbols is a large
// package-level map that nothing writes after init.
var stdIndex = sync.OnceValue(func() map[string]stdPackage {
	idx := make(map[string]stdPackage)
	for key, syms := range stdlib.Symbols {
		p := path.Dir(key)
		if key == "." || !isStandard(p) || deniedPackages[p] {
			continue
		}
		m := make(map[string]reflect.Value, len(syms))
		for name, v := range syms {
			m[name] = v
		}
		for _, name := range deniedSymbols[p] {
			delete(m, name)
		}
		idx[p] = stdPackage{key: key, name: path.Base(key), syms: m}
	}
	return idx
})

// isStandard reports whether an import path looks like a standard library
// one: no dot in its first element (the go command's own rule).
func isStandard(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".") && importPath != "C"
}

// workerExports is what a worker's interpreter Uses: yaegi's standard
// library less the deny lists, keyed the way yaegi wants ("fmt/fmt").
func workerExports() interp.Exports {
	ex := interp.Exports{".": stdlib.Symbols["."]} // MapTypes: interface wrappers
	for _, pkg := range stdIndex() {
		ex[pkg.key] = pkg.syms
	}
	return ex
}

// realSymbols undo what yaegi's restricted standard library changes, so that
// a snippet behaves as when compiled: os.Exit and log.Fatal really exit
// (yaegi makes them panic), os.Std* are the process's own variables, and so
// are os.Args and flag.CommandLine (the worker sets os.Args to the job's
// arguments). They must be Used after workerExports, whose Use patches
// log, flag and os; and they must not hold "fmt/fmt", which would make
// yaegi patch the standard library again.
func realSymbols() interp.Exports {
	logSyms := make(map[string]reflect.Value)
	for name, v := range stdlib.Symbols["log/log"] {
		logSyms[name] = v
	}
	logSyms["Fatal"] = reflect.ValueOf(log.Fatal)
	logSyms["Fatalf"] = reflect.ValueOf(log.Fatalf)
	logSyms["Fatalln"] = reflect.ValueOf(log.Fatalln)
	logSyms["New"] = reflect.ValueOf(log.New)
	logSyms["Logger"] = reflect.ValueOf((*log.Logger)(nil))
	return interp.Exports{
		"log/log": logSyms,
		"os/os": {
			"Exit":   reflect.ValueOf(os.Exit),
			"Args":   reflect.ValueOf(&os.Args).Elem(),
			"Stdin":  reflect.ValueOf(&os.Stdin).Elem(),
			"Stdout": reflect.ValueOf(&os.Stdout).Elem(),
			"Stderr": reflect.ValueOf(&os.Stderr).Elem(),
		},
		"flag/flag": {"CommandLine": reflect.ValueOf(&flag.CommandLine).Elem()},
	}
}

// importNames maps the names under which a file's imports are visible to
// their paths ("." and "_" imports are left out).
func importNames(f *ast.File) map[string]string {
	names := make(map[string]string)
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := path.Base(p)
		if pkg, ok := stdIndex()[p]; ok {
			name = pkg.name // "rand" for math/rand/v2
		}
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "." && name != "_" {
			names[name] = p
		}
	}
	return names
}

// checkImports returns, for each import that is not available to the
// interpreter and each use of a denied symbol, a compile error in the
// compiler's form ("@wb/main.go:4:2: import …"). It needs files parsed with
// object resolution, which is how it tells "os.NewFile" from a local
// variable named os.
func checkImports(fset *token.FileSet, files []*ast.File) []string {
	var errs []string
	for _, f := range files {
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if _, ok := stdIndex()[p]; !ok {
				errs = append(errs, fmt.Sprintf("%s: import %q is not available in the yaegi engine; use engine=go", fset.Position(spec.Path.Pos()), p))
			}
		}
		names := importNames(f)
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && deniedSymbol(names[x.Name], sel.Sel.Name) {
				errs = append(errs, fmt.Sprintf("%s: %s.%s is not available in the yaegi engine; use engine=go", fset.Position(sel.Pos()), x.Name, sel.Sel.Name))
			}
			return true
		})
	}
	return errs
}

func deniedSymbol(importPath, name string) bool {
	for _, d := range deniedSymbols[importPath] {
		if d == name {
			return true
		}
	}
	return false
}

// stream is one of the process's standard streams as it is when used: yaegi
// binds fmt.Print* to the writer it is given at New, and a program may
// assign os.Stdout.
type stream int

func (s stream) Write(p []byte) (int, error) {
	if s == 2 {
		// Only yaegi writes here (the program's os.Stderr is the real
		// one): its panic reports name functions by the import path it
		// loaded the program under, "./@wb.main"; the runtime says
		// "main.main".
		n := len(p)
		_, err := os.Stderr.Write(bytes.ReplaceAll(p, []byte("./"+srcDir+"."), []byte("main.")))
		return n, err
	}
	return os.Stdout.Write(p)
}

func (stream) Read(p []byte) (int, error) { return os.Stdin.Read(p) }
