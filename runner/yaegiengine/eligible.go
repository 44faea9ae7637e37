package yaegiengine

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"workbook/runner/job"
)

// Eligible reports whether yaegi runs the program faithfully, that is as
// the compiled engine would; when it does not, reason says why, naming the
// construct and its line. It is conservative: what it cannot tell is not
// eligible. The rules are in the package doc.
//
// It parses and type-checks the files itself, with every import a fake,
// empty package: fast, and no toolchain needed. The names a program takes
// from the standard library are checked against yaegi's symbol table
// instead.
func Eligible(files []job.File) (ok bool, reason string) {
	c := &eligibility{fset: token.NewFileSet()}
	if why := c.parse(files); why != "" {
		return false, why
	}
	c.imports()
	c.typecheck()
	for _, f := range c.files {
		ast.Inspect(f, func(n ast.Node) bool {
			_, isGo := n.(*ast.GoStmt)
			c.hasGo = c.hasGo || isGo
			return !c.hasGo
		})
	}
	for _, f := range c.files {
		c.constructs(f)
	}
	if len(c.findings) == 0 {
		return true, ""
	}
	first := slices.MinFunc(c.findings, func(a, b finding) int {
		if a.pos != b.pos {
			return int(a.pos - b.pos)
		}
		return boolInt(a.weak) - boolInt(b.weak)
	})
	return false, c.at(first.pos) + ": " + first.msg
}

// eligibility is the state of one Eligible call.
type eligibility struct {
	fset     *token.FileSet
	files    []*ast.File
	info     *types.Info
	varTypes map[types.Object]reflect.Type // see localTypes
	hasGo    bool                          // the program has a go statement
	findings []finding
}

type finding struct {
	pos  token.Pos
	msg  string
	weak bool // "cannot tell": a precise finding at the same place says more
}

func (c *eligibility) flag(pos token.Pos, format string, args ...any) {
	c.findings = append(c.findings, finding{pos: pos, msg: fmt.Sprintf(format, args...)})
}

func (c *eligibility) flagWeak(pos token.Pos, format string, args ...any) {
	c.findings = append(c.findings, finding{pos: pos, msg: fmt.Sprintf(format, args...), weak: true})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// at writes a position as the engines do ("@wb/main.go:12"), so that the
// runner maps it to the chapter line with job.MapPositions.
func (c *eligibility) at(pos token.Pos) string {
	p := c.fset.Position(pos)
	return job.PosPrefix + p.Filename + ":" + strconv.Itoa(p.Line)
}

// parse parses the files; a reason is returned for what stops the check
// at once.
func (c *eligibility) parse(files []job.File) string {
	if len(files) == 0 {
		return "no files"
	}
	for _, jf := range files {
		switch {
		case strings.Contains(jf.Name, "/"):
			return jf.Name + ": programs with subdirectories are not supported by yaegi"
		case !strings.HasSuffix(jf.Name, ".go"):
			return jf.Name + ": the yaegi engine runs only .go files"
		case strings.HasSuffix(jf.Name, "_test.go"):
			return jf.Name + ": test files are not supported by yaegi"
		case !buildMatches(jf):
			return jf.Name + ": build constraints exclude the file, which the yaegi engine does not do"
		}
		f, err := parser.ParseFile(c.fset, jf.Name, jf.Body, parser.ParseComments)
		if err != nil {
			// The compiled engine gives the real message, at its line.
			return "syntax error, left to the go engine to report"
		}
		c.files = append(c.files, f)
	}
	for _, f := range c.files {
		if f.Name.Name != "main" {
			return fmt.Sprintf("%s: package %s: only main packages run under yaegi", c.fset.Position(f.Name.Pos()).Filename, f.Name.Name)
		}
	}
	return ""
}

// buildMatches reports whether the go command would compile the file: its
// name (_windows.go) and //go:build line. The worker compiles every file.
func buildMatches(jf job.File) bool {
	ctx := build.Default
	ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(jf.Body)), nil }
	ok, err := ctx.MatchFile(".", jf.Name)
	return ok && err == nil
}

// imports flags imports yaegi cannot serve, and comments that ask the go
// command for what yaegi does not do.
func (c *eligibility) imports() {
	byName := make(map[string]string)
	for _, f := range c.files {
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			switch _, ok := stdIndex()[p]; {
			case p == "C":
				c.flag(spec.Pos(), `cgo (import "C") is not supported by yaegi`)
			case !isStandard(p):
				c.flag(spec.Pos(), "import %q: only standard library packages are available in yaegi", p)
			case !ok:
				c.flag(spec.Pos(), "import %q is not available in yaegi (denied, or newer than its Go 1.22 standard library)", p)
			case spec.Name != nil && spec.Name.Name == ".":
				c.flag(spec.Pos(), "dot import of %q: not checked for yaegi", p)
			}
		}
		for name, p := range importNames(f) {
			if q, ok := byName[name]; ok && q != p {
				c.flag(f.Package, "two files import different packages as %s (%q and %q): yaegi merges a package's imports", name, q, p)
			}
			byName[name] = p
		}
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				if strings.HasPrefix(cm.Text, "//go:embed") || strings.HasPrefix(cm.Text, "//go:linkname") {
					d, _, _ := strings.Cut(cm.Text, " ")
					c.flag(cm.Pos(), "%s directives are not supported by yaegi", d)
				}
			}
		}
	}
}

// typecheck type-checks the files with fake imports, keeping the errors
// that are compile errors whatever the imports hold: yaegi runs programs
// that the compiler rejects.
func (c *eligibility) typecheck() {
	c.info = &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Instances:  make(map[*ast.Ident]types.Instance),
	}
	conf := types.Config{
		Importer: fakeImporter{},
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				return
			}
			msg := te.Msg
			if strings.Contains(msg, "declared and not used") || strings.Contains(msg, "imported and not used") ||
				strings.HasPrefix(msg, "undefined: ") && !strings.Contains(msg, ".") {
				c.flag(te.Pos, "%s: a compile error, left to the go engine to report", msg)
			}
		},
	}
	conf.Check("main", c.fset, c.files, c.info) // errors are reported to Error
}

// fakeImporter imports every package as an empty one.
type fakeImporter struct{}

func (fakeImporter) Import(p string) (*types.Package, error) {
	name := path.Base(p)
	if pkg, ok := stdIndex()[p]; ok {
		name = pkg.name
	}
	pkg := types.NewPackage(p, name)
	pkg.MarkComplete()
	return pkg, nil
}

// importedSymbol returns the yaegi symbol that e, a selector pkg.Name,
// denotes.
func (c *eligibility) importedSymbol(e ast.Expr) (reflect.Value, string, bool) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return reflect.Value{}, "", false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return reflect.Value{}, "", false
	}
	pn, ok := c.info.Uses[x].(*types.PkgName)
	if !ok {
		return reflect.Value{}, "", false
	}
	p := pn.Imported().Path()
	v, ok := stdIndex()[p].syms[sel.Sel.Name]
	return v, p, ok
}
