package gdump

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"workbook/runner/job"
)

// clockWakers are the functions whose use means a goroutine blocked on a
// channel may be woken by the clock rather than by another goroutine: a
// ticker's receiver shows "[chan receive]" in a dump exactly as a
// deadlocked one does, since a dump does not show pending timers.
var clockWakers = map[string]map[string]bool{
	"time":    {"After": true, "AfterFunc": true, "NewTimer": true, "NewTicker": true, "Tick": true},
	"context": {"WithTimeout": true, "WithDeadline": true, "WithTimeoutCause": true, "WithDeadlineCause": true},
}

// ClockWakes reports whether the program uses timers, so that "every
// goroutine is blocked" in a dump does not prove a deadlock: the clock may
// still wake one of them.
func ClockWakes(files []*ast.File) bool {
	for _, f := range files {
		names := map[string]string{} // local name -> import path
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil || clockWakers[p] == nil {
				continue
			}
			name := path.Base(p)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "." {
				return true // After, unqualified: assume it is used
			}
			names[name] = p
		}
		if len(names) > 0 && usesWaker(f, names) {
			return true
		}
	}
	return false
}

func usesWaker(f *ast.File, names map[string]string) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && clockWakers[names[x.Name]][sel.Sel.Name] {
				found = true
			}
		}
		return !found
	})
	return found
}

// ProgramClockWakes is ClockWakes for a program's files, parsed here;
// files that do not parse are skipped (such a program never ran).
func ProgramClockWakes(files []job.File) bool {
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		// Object resolution stays on: it tells a local variable named
		// time from the package.
		if af, err := parser.ParseFile(fset, f.Name, f.Body, 0); err == nil {
			parsed = append(parsed, af)
		}
	}
	return ClockWakes(parsed)
}
