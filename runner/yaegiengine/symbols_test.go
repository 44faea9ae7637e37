package yaegiengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

func TestStdIndexAppliesTheDenyLists(t *testing.T) {
	idx := stdIndex()
	for p := range deniedPackages {
		if _, ok := idx[p]; ok {
			t.Errorf("%s is in the index", p)
		}
	}
	if _, ok := idx["github.com/traefik/yaegi/stdlib"]; ok {
		t.Error("yaegi's own symbol table is importable")
	}
	for _, name := range []string{"StartProcess", "NewFile"} {
		if _, ok := idx["os"].syms[name]; ok {
			t.Errorf("os.%s is in the index", name)
		}
	}
	if _, ok := idx["fmt"].syms["Println"]; !ok {
		t.Error("fmt.Println is missing")
	}
	if pkg := idx["math/rand/v2"]; pkg.name != "rand" || pkg.key != "math/rand/v2/rand" {
		t.Errorf("math/rand/v2: %+v", pkg)
	}
	if ex := workerExports(); ex["."] == nil || ex["os/exec/exec"] != nil || ex["fmt/fmt"] == nil {
		t.Error("workerExports lacks the interface wrappers or fmt, or has os/exec")
	}
}

func TestRealSymbolsHaveNoFmt(t *testing.T) {
	// Using "fmt/fmt" again would make yaegi patch its standard library
	// and compile its generic sources a second time ("redeclared").
	if _, ok := realSymbols()["fmt/fmt"]; ok {
		t.Error(`realSymbols holds "fmt/fmt"`)
	}
	if v := realSymbols()["os/os"]["Args"]; !v.CanSet() || v.Type() != reflect.TypeOf([]string(nil)) {
		t.Error("os.Args is not the process's variable")
	}
}

func TestCheckImports(t *testing.T) {
	src := `package main

import (
	"fmt"
	"os"
	"os/exec"
	"github.com/x/y"
)

func main() {
	fmt.Println(exec.Command, y.Z)
	os.NewFile(3, "x")
	f := struct{ NewFile int }{}
	os := f
	_ = os.NewFile
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "@wb/main.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := checkImports(fset, []*ast.File{f})
	want := []string{
		`@wb/main.go:6:2: import "os/exec" is not available in the yaegi engine; use engine=go`,
		`@wb/main.go:7:2: import "github.com/x/y" is not available in the yaegi engine; use engine=go`,
		`@wb/main.go:12:2: os.NewFile is not available in the yaegi engine; use engine=go`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestImportNames(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "m.go", "package main\nimport (\n\"fmt\"\nr \"math/rand/v2\"\n_ \"embed\"\n. \"strings\"\n\"text/template\"\n)\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fmt": "fmt", "r": "math/rand/v2", "template": "text/template"}
	if got := importNames(f); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}
