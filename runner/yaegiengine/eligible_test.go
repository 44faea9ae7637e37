package yaegiengine

import (
	"strings"
	"testing"

	"workbook/runner/job"
)

// mainWith is a main.go whose main function has body (lines start at 6:
// "package main", "", imports on line 3, "", "func main() {").
func mainWith(imports, body string) string {
	return "package main\n\nimport (" + imports + ")\n\nfunc main() {\n" + body + "\n}\n"
}

func TestEligible(t *testing.T) {
	tests := []struct {
		name   string
		files  []job.File
		reason string // "": eligible; else a substring of the reason
	}{
		{"hello", one(mainWith(`"fmt"`, `	fmt.Println("hi")`)), ""},

		// range
		{"range over an int", one(mainWith(`"fmt"`, "\tfor i := range 3 {\n\t\tfmt.Println(i)\n\t}")),
			"@wb/main.go:6: range over an integer (Go 1.22) is not supported by yaegi"},
		{"range over an int variable", one(mainWith(`"fmt"`, "\tn := 3\n\tfor i := range n {\n\t\tfmt.Println(i)\n\t}")), "@wb/main.go:7: range over an integer"},
		{"range over a slice", one(mainWith(`"fmt"`, "\tfor i := range []int{1, 2} {\n\t\tfmt.Println(i)\n\t}")), ""},
		{"range over a map, a string, a channel, an array pointer", one(mainWith(`"fmt"`,
			"\tm := map[string]int{}\n\tch := make(chan int)\n\tclose(ch)\n\tvar a [3]int\n"+
				"\tfor k := range m {\n\t\tfmt.Println(k)\n\t}\n\tfor _, r := range \"ab\" {\n\t\tfmt.Println(r)\n\t}\n"+
				"\tfor v := range ch {\n\t\tfmt.Println(v)\n\t}\n\tfor i := range &a {\n\t\tfmt.Println(i)\n\t}")), ""},
		{"range over a function", one(mainWith(`"fmt"`,
			"\tseq := func(yield func(int) bool) {\n\t\tyield(1)\n\t}\n\tfor v := range seq {\n\t\tfmt.Println(v)\n\t}")),
			"@wb/main.go:9: range over a function (Go 1.23)"},
		{"range over an imported function's slice", one(mainWith(`"fmt"; "strings"`, "\tfor _, w := range strings.Fields(\"a b\") {\n\t\tfmt.Println(w)\n\t}")), ""},
		{"range over an imported variable", one(mainWith(`"fmt"; "os"`, "\tfor _, a := range os.Args {\n\t\tfmt.Println(a)\n\t}")), ""},
		{"range over a variable typed from an import", one(mainWith(`"fmt"; "strings"`,
			"\twords := strings.Fields(\"a b\")\n\tfor _, w := range words {\n\t\tfmt.Println(w)\n\t}")), ""},
		{"range over a field of an imported type", one(mainWith(`"time"`,
			"\tticker := time.NewTicker(time.Millisecond)\n\tfor range ticker.C {\n\t\tbreak\n\t}")), ""},
		{"range over a method result of an imported interface", one(mainWith(`"context"`,
			"\tctx, cancel := context.WithCancel(context.Background())\n\tcancel()\n\tfor range ctx.Done() {\n\t}")), ""},
		{"range over an imported integer", one(mainWith(`"fmt"; "math/rand"`, "\tfor i := range rand.Intn(3) {\n\t\tfmt.Println(i)\n\t}")), "@wb/main.go:6: range over an integer"},
		{"range over what cannot be told", one(mainWith(`"fmt"; "sync"`,
			"\tvar m sync.Map\n\tfor k := range m.Range {\n\t\tfmt.Println(k)\n\t}")), "@wb/main.go:7: cannot tell what this range expression is"},

		// builtins
		{"min", one(mainWith(`"fmt"`, "\tfmt.Println(min(1, 2))")), "@wb/main.go:6: builtin min (Go 1.21)"},
		{"max", one(mainWith(`"fmt"`, "\tfmt.Println(max(1, 2))")), "builtin max"},
		{"clear", one(mainWith(``, "\tm := map[int]int{1: 1}\n\tclear(m)")), "@wb/main.go:7: builtin clear"},
		{"shadowed min", one(mainWith(`"fmt"`, "\tmin := func(a, b int) int { return a }\n\tfmt.Println(min(1, 2))")), ""},
		{"println", one(mainWith(``, "\tprintln(\"x\")")), "@wb/main.go:6: builtin println writes to standard output"},

		// generics
		{"generic function", one("package main\n\nfunc first[T any](s []T) T { return s[0] }\n\nfunc main() { _ = first([]int{1}) }\n"),
			"@wb/main.go:3: generic function first"},
		{"generic type", one("package main\n\ntype box[T any] struct{ v T }\n\nfunc main() { _ = box[int]{} }\n"), "@wb/main.go:3: generic type box"},
		{"generic from the standard library", one(mainWith(`"fmt"; "slices"`, "\tfmt.Println(slices.Contains([]int{1}, 1))")),
			"@wb/main.go:6: slices.Contains is not in yaegi's standard library"},
		{"newer standard library", one(mainWith(`"fmt"; "strings"`, "\tfor l := range strings.Lines(\"a\") {\n\t\tfmt.Println(l)\n\t}")),
			"@wb/main.go:6: strings.Lines is not in yaegi's standard library"},

		// loop variables
		{"closure captures a for variable", one(mainWith(`"fmt"`,
			"\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\tfs = append(fs, func() { fmt.Println(i) })\n\t}\n\tfor _, f := range fs {\n\t\tf()\n\t}")),
			"@wb/main.go:8: loop variable i is captured by a func literal"},
		{"goroutine captures a range variable", one(mainWith(`"fmt"; "sync"`,
			"\tvar wg sync.WaitGroup\n\tfor _, v := range []int{1, 2} {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfmt.Println(v)\n\t\t}()\n\t}\n\twg.Wait()")),
			"@wb/main.go:11: loop variable v is captured"},
		{"closure captures a copy", one(mainWith(`"fmt"`,
			"\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\ti := i\n\t\tfs = append(fs, func() { fmt.Println(i) })\n\t}\n\tfor _, f := range fs {\n\t\tf()\n\t}")), ""},
		{"go statement passes the variable", one(mainWith(`"fmt"; "sync"`,
			"\tvar wg sync.WaitGroup\n\tfor _, v := range []int{1, 2} {\n\t\twg.Add(1)\n\t\tgo func(v int) {\n\t\t\tdefer wg.Done()\n\t\t\tfmt.Println(v)\n\t\t}(v)\n\t}\n\twg.Wait()")), ""},
		{"address of a loop variable", one(mainWith(`"fmt"`,
			"\tvar ps []*int\n\tfor i := 0; i < 3; i++ {\n\t\tps = append(ps, &i)\n\t}\n\tfmt.Println(len(ps))")),
			"@wb/main.go:8: the address of loop variable i is taken"},
		{"pointer method on a loop variable", one("package main\n\ntype counter struct{ n int }\n\nfunc (c *counter) inc() { c.n++ }\n\nfunc main() {\n\tfor _, c := range []counter{{}} {\n\t\tc.inc()\n\t}\n}\n"),
			"@wb/main.go:9: loop variable c is the receiver of a pointer method"},
		{"pointer method on a pointer loop variable", one("package main\n\ntype counter struct{ n int }\n\nfunc (c *counter) inc() { c.n++ }\n\nfunc main() {\n\tfor _, c := range []*counter{{}} {\n\t\tc.inc()\n\t}\n}\n"), ""},
		{"loop variable used by value", one(mainWith(`"fmt"`, "\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i * 2)\n\t}")), ""},

		// select
		{"labelled break in a select", one(mainWith(``,
			"\tch := make(chan int)\n\tclose(ch)\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak loop\n\t\t}\n\t}")),
			"@wb/main.go:12: labelled break inside a select"},
		{"labelled continue in a select", one(mainWith(``,
			"\tch := make(chan int)\n\tclose(ch)\nloop:\n\tfor i := 0; i < 2; i++ {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tcontinue loop\n\t\t}\n\t}")),
			"labelled continue inside a select"},
		{"plain break in a select", one(mainWith(``,
			"\tch := make(chan int)\n\tclose(ch)\n\tfor i := 0; i < 2; i++ {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak\n\t\t}\n\t}")), ""},
		{"labelled break outside a select", one(mainWith(``,
			"outer:\n\tfor {\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\t}")), ""},

		// imports
		{"denied import", one(mainWith(`"os/exec"`, "\t_ = exec.Command")), `@wb/main.go:3: import "os/exec" is not available in yaegi`},
		{"absent import", one(mainWith(`"iter"`, "\tvar _ iter.Seq[int]")), `import "iter" is not available`},
		{"non-standard import", one(mainWith(`"golang.org/x/sync/errgroup"`, "\tvar _ errgroup.Group")), "only standard library packages"},
		{"cgo", one(mainWith(`"C"`, "")), `cgo (import "C")`},
		{"dot import", one(mainWith(`. "fmt"`, "\tPrintln()")), `dot import of "fmt"`},
		{"allowed imports", one(mainWith(`"net/http"; "sync/atomic"; r "math/rand/v2"`, "\tvar n atomic.Int64\n\t_, _ = http.StatusOK, r.IntN(2)\n\tn.Add(1)")), ""},
		{"denied symbol", one(mainWith(`"os"`, "\tos.StartProcess(\"x\", nil, nil)")), "@wb/main.go:6: os.StartProcess is not available in the yaegi engine"},
		{"embed", one("package main\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar s string\n\nfunc main() { _ = s }\n"), `@wb/main.go:3: import "embed"`},
		{"embed directive", one("package main\n\n//go:embed x.txt\nvar s string\n\nfunc main() { _ = s }\n"), "@wb/main.go:3: //go:embed directives"},

		// files
		{"subdirectory", []job.File{{Name: "main.go", Body: mainWith("", "")}, {Name: "child/main.go", Body: mainWith("", "")}},
			"child/main.go: programs with subdirectories"},
		{"go.mod", []job.File{{Name: "main.go", Body: mainWith("", "")}, {Name: "go.mod", Body: "module x\n"}}, "go.mod: the yaegi engine runs only .go files"},
		{"test file", []job.File{{Name: "main.go", Body: mainWith("", "")}, {Name: "main_test.go", Body: "package main\n"}}, "test files"},
		{"build constraint", []job.File{{Name: "main.go", Body: mainWith("", "")}, {Name: "x.go", Body: "//go:build ignore\n\npackage main\n"}}, "x.go: build constraints"},
		{"file name constraint", []job.File{{Name: "main.go", Body: mainWith("", "")}, {Name: "x_windows.go", Body: "package main\n"}}, "build constraints"},
		{"two files", []job.File{{Name: "main.go", Body: mainWith(`"fmt"`, "\tfmt.Println(shout())")},
			{Name: "util.go", Body: "package main\n\nimport \"strings\"\n\nfunc shout() string { return strings.ToUpper(\"x\") }\n"}}, ""},
		{"two files, one name for two packages", []job.File{{Name: "main.go", Body: mainWith(`"math/rand"`, "\t_ = rand.Intn")},
			{Name: "util.go", Body: "package main\n\nimport \"crypto/rand\"\n\nvar _ = rand.Read\n"}}, "util.go:1: two files import different packages as rand"},
		{"two files, a range over an int in the second", []job.File{{Name: "main.go", Body: mainWith(``, "\tcount()")},
			{Name: "util.go", Body: "package main\n\nfunc count() {\n\tfor range 3 {\n\t}\n}\n"}}, "util.go:4: range over an integer"},
		{"not main", one("package lib\n\nfunc F() {}\n"), "package lib: only main packages"},

		// compile errors yaegi would not report
		{"syntax error", one("package main\n\nfunc main() {\n\tx :=\n}\n"), "syntax error, left to the go engine"},
		{"unused variable", one(mainWith(``, "\tx := 1")), "@wb/main.go:6: declared and not used: x"},
		{"unused import", one(mainWith(`"fmt"; "os"`, "\tfmt.Println()")), `@wb/main.go:3: "os" imported and not used`},
		{"undefined", one(mainWith(`"fmt"`, "\tfmt.Println(y)")), "@wb/main.go:6: undefined: y"},
		{"missing member is not flagged as undefined", one(mainWith(`"fmt"; "strings"`, "\tfmt.Println(strings.ToUpper(\"a\"))")), ""},

		// what yaegi shows compiled code of interpreted types
		{"Error method", one("package main\n\ntype myErr struct{}\n\nfunc (myErr) Error() string { return \"e\" }\n\nfunc main() { _ = myErr{} }\n"), "@wb/main.go:5: method Error"},
		{"String method", one("package main\n\ntype t struct{}\n\nfunc (t) String() string { return \"t\" }\n\nfunc main() { _ = t{} }\n"), "method String"},
		{"other methods", one("package main\n\ntype t struct{}\n\nfunc (t) Len() int { return 0 }\n\nfunc main() { _ = t{}.Len() }\n"), ""},
		{"non-string panic with goroutines", one(mainWith(`"errors"`, "\tgo func() {}()\n\tpanic(errors.New(\"x\"))")), "@wb/main.go:7: panic with a value that is not a string"},
		{"string panic with goroutines", one(mainWith(`"fmt"`, "\tgo func() {}()\n\tpanic(fmt.Sprint(\"x\"))")), ""},
		{"non-string panic without goroutines", one(mainWith(`"errors"`, "\tpanic(errors.New(\"x\"))")), ""},
	}
	for _, tt := range tests {
		ok, reason := Eligible(tt.files)
		switch {
		case tt.reason == "" && !ok:
			t.Errorf("%s: not eligible: %s", tt.name, reason)
		case tt.reason != "" && ok:
			t.Errorf("%s: eligible, want %q", tt.name, tt.reason)
		case tt.reason != "" && !strings.Contains(reason, tt.reason):
			t.Errorf("%s: reason %q, want %q", tt.name, reason, tt.reason)
		}
	}
}

func one(body string) []job.File { return []job.File{{Name: "main.go", Body: body}} }

// TestEligibleRunsFaithfully runs eligible programs that use what the
// checker allows near what it forbids, to see yaegi agree with Go.
func TestEligibleRunsFaithfully(t *testing.T) {
	tests := []struct{ body, stdout string }{
		{mainWith(`"fmt"; "strings"`, "\tfor _, w := range strings.Fields(\"a b\") {\n\t\tfmt.Print(w)\n\t}"), "ab"},
		{mainWith(`"fmt"; "sync"`, "\tvar wg sync.WaitGroup\n\tres := make([]int, 3)\n\tfor i := 0; i < 3; i++ {\n\t\twg.Add(1)\n\t\tgo func(i int) {\n\t\t\tdefer wg.Done()\n\t\t\tres[i] = i * i\n\t\t}(i)\n\t}\n\twg.Wait()\n\tfmt.Print(res)"), "[0 1 4]"},
		{mainWith(`"fmt"`, "\tch := make(chan int, 1)\n\tch <- 7\n\tclose(ch)\n\tfor {\n\t\tselect {\n\t\tcase v, ok := <-ch:\n\t\t\tif !ok {\n\t\t\t\treturn\n\t\t\t}\n\t\t\tfmt.Print(v)\n\t\t}\n\t}"), "7"},
	}
	e := newEngine(t, testConfig())
	for _, tt := range tests {
		if ok, why := Eligible(one(tt.body)); !ok {
			t.Errorf("not eligible (%s):\n%s", why, tt.body)
			continue
		}
		res := mustRun(t, e, program(tt.body))
		if res.Stdout != tt.stdout {
			t.Errorf("got %s %q, want %q\n%s", res.Outcome, res.Stdout, tt.stdout, res.Stderr)
		}
	}
}
