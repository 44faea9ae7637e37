package goengine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"workbook/runner/job"
)

func TestSplitBatchOutput(t *testing.T) {
	mod := "/cache/tmp-123"
	output := `# snippet/p2
@wb/main.go:4:2: undefined: x
@wb/main.go:5:2: undefined: y
p5/@wb/main.go:3:8: package foo/bar is not in std (/usr/local/go/src/foo/bar)
# snippet/p10
@wb/main.go:5:1: syntax error: unexpected }
found packages main (main.go) and x (x.go) in /cache/tmp-123/p7
go: something nobody can place
`
	got := splitBatchOutput([]byte(output), mod)
	want := map[string]string{
		"p2":  "@wb/main.go:4:2: undefined: x\n@wb/main.go:5:2: undefined: y\n",
		"p5":  "p5/@wb/main.go:3:8: package foo/bar is not in std (/usr/local/go/src/foo/bar)\n",
		"p10": "@wb/main.go:5:1: syntax error: unexpected }\ngo: something nobody can place\n",
		"p7":  "found packages main (main.go) and x (x.go) in /cache/tmp-123/p7\n",
	}
	if len(got) != len(want) {
		t.Errorf("got %d programs, want %d: %q", len(got), len(want), got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if got := splitBatchOutput([]byte("go: nothing here\n"), mod); len(got) != 0 {
		t.Errorf("unattributable output attributed: %q", got)
	}
}

func TestSanitize(t *testing.T) {
	dir := "/cache/tmp-1/p3"
	tests := []struct{ in, want string }{
		{"@wb/main.go:4:2: undefined: x", "@wb/main.go:4:2: undefined: x\n"},
		{"p3/@wb/main.go:3:8: package foo is not in std\n", "@wb/main.go:3:8: package foo is not in std\n"},
		{"child/@wb/child/main.go:3:8: no\n", "@wb/child/main.go:3:8: no\n"},
		{"/cache/tmp-1/p3/@wb/main.go:1:1: expected 'package'\n", "@wb/main.go:1:1: expected 'package'\n"},
		{"found packages main (main.go) and x (x.go) in /cache/tmp-1/p3\n", "found packages main (main.go) and x (x.go) in @wb\n"},
		{"go: errors parsing go.mod:\n/cache/tmp-1/p3/go.mod:1: unknown directive: modul\n", "go: errors parsing go.mod:\n@wb/go.mod:1: unknown directive: modul\n"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in, dir); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBatchMessage(t *testing.T) {
	in := "# snippet/p12\n@wb/main.go:4:2: undefined: x\npackage snippet/p12: build constraints exclude all Go files in /m/p12\n"
	want := "@wb/main.go:4:2: undefined: x\npackage snippet: build constraints exclude all Go files in @wb\n"
	if got := batchMessage(in, "/m", "p12"); got != want {
		t.Errorf("batchMessage = %q, want %q", got, want)
	}
}

func TestExecName(t *testing.T) {
	for in, want := range map[string]string{
		"example":              "example",
		"github.com/x/hello":   "hello",
		"example.com/tool/v2":  "tool",
		"example.com/tool/v1":  "v1",
		"example.com/tool/v0x": "v0x",
		"v2":                   "v2",
	} {
		if got := execName(in); got != want {
			t.Errorf("execName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"module example\n\ngo 1.26\n":              "example",
		"// c\nmodule \"x.org/y\" // z\ngo 1.26\n": "x.org/y",
		"go 1.26\n": "",
	} {
		if got := modulePath(in); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateFiles(t *testing.T) {
	ok := [][]job.File{
		{{Name: "main.go"}},
		{{Name: "main.go"}, {Name: "child/main.go"}, {Name: "go.mod"}},
	}
	for _, files := range ok {
		if err := validateFiles(files); err != nil {
			t.Errorf("validateFiles(%v) = %v", files, err)
		}
	}
	bad := [][]job.File{
		nil,
		{{Name: "../main.go"}},
		{{Name: "/abs.go"}},
		{{Name: ""}},
		{{Name: "a//b.go"}},
		{{Name: "main.go"}, {Name: "main.go"}},
	}
	for _, files := range bad {
		if err := validateFiles(files); err == nil {
			t.Errorf("validateFiles(%v) accepted", files)
		}
	}
}

func TestHasMainAndOwnModule(t *testing.T) {
	lib := []job.File{{Name: "lib.go", Body: "// Package lib.\npackage lib\n"}, {Name: "main_test.go", Body: "package main\n"}}
	if hasMain(lib) || ownModule(lib) {
		t.Error("a one-directory library counted as main or as its own module")
	}
	broken := []job.File{{Name: "x.go", Body: "hello\n"}}
	if !hasMain(broken) {
		t.Error("an unparsable program is not sent to the main batch")
	}
	if !ownModule([]job.File{{Name: "main.go"}, {Name: "go.mod"}}) || !ownModule([]job.File{{Name: "a/b.go"}}) {
		t.Error("a go.mod or a subdirectory does not make a module of its own")
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	if err := writeFiles(dir, []job.File{{Name: "child/main.go", Body: "package main\n"}, {Name: "data.txt", Body: "x"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "child", "main.go"))
	if string(got) != "//line @wb/child/main.go:1:1\npackage main\n" {
		t.Errorf("child/main.go = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "data.txt")); string(got) != "x" {
		t.Errorf("data.txt = %q: only .go files get a //line directive", got)
	}
}

func batchProgram(i int) job.Spec {
	body := strings.Replace(hello, `"hello"`, `"hello `+string(rune('a'+i))+`"`, 1)
	return job.Spec{Files: []job.File{{Name: "main.go", Body: body}}}
}

// prepareAndRun prepares specs, then runs each, and returns the results.
func prepareAndRun(t *testing.T, e *Engine, specs []job.Spec) []job.Result {
	t.Helper()
	if err := e.Prepare(context.Background(), specs); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	var results []job.Result
	for _, s := range specs {
		results = append(results, mustRun(t, e, s))
	}
	return results
}

func TestBatch(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	specs := []job.Spec{batchProgram(0), batchProgram(1), batchProgram(2)}
	for i, res := range prepareAndRun(t, e, specs) {
		if want := "hello " + string(rune('a'+i)) + "\n"; res.Outcome != job.OK || res.Stdout != want || res.BuildCached || res.Build <= 0 {
			t.Errorf("program %d: %s %q, Build %v, BuildCached %v", i, res.Outcome, res.Stdout, res.Build, res.BuildCached)
		}
	}
	if got := e.Stats().GoBuilds; got != 1 {
		t.Errorf("3 programs took %d go builds, want 1", got)
	}
	// Prepared again: all cached, nothing to build.
	if err := e.Prepare(context.Background(), specs); err != nil || e.Stats().GoBuilds != 1 {
		t.Errorf("second Prepare: %v, %d go builds", err, e.Stats().GoBuilds)
	}
}

// Race and non-race programs, and libraries, cannot share an invocation.
func TestBatchKinds(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	race := batchProgram(1)
	race.Race = true
	lib := job.Spec{Files: []job.File{{Name: "lib.go", Body: "package lib\n\nfunc F() int { return 1 }\n"}}, NoRun: true}
	results := prepareAndRun(t, e, []job.Spec{batchProgram(0), race, batchProgram(2), lib})
	for i, want := range []job.Outcome{job.OK, job.OK, job.OK, job.Compiled} {
		if results[i].Outcome != want {
			t.Errorf("program %d: %s, want %s", i, results[i].Outcome, want)
		}
	}
	if got := e.Stats().GoBuilds; got != 3 {
		t.Errorf("%d go builds, want 3 (plain, race, library)", got)
	}
}

func TestBatchWithBrokenPrograms(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, body, detail string
		maxBuilds          int64
	}{
		// The compiler's error comes under "# snippet/p2": one build.
		{"type error", "package main\n\nfunc main() {\n\tx()\n}\n", "@wb/main.go:4:2: undefined: x", 1},
		// The loader stops the whole build; its error names p2/, and
		// the two others are built again together.
		{"no package clause", "hello\n", "@wb/main.go:1:1: expected 'package', found hello", 2},
		// The loader's error names the absolute directory.
		{"two packages", "package main\n\nfunc main() {}\n", "found packages main (main.go) and other (other.go) in @wb", 2},
		{"excluded", "//go:build never\n\npackage main\n", "package snippet: build constraints exclude all Go files in @wb", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := testEngine(t, Config{})
			broken := job.Spec{Files: []job.File{{Name: "main.go", Body: tt.body}}}
			if tt.name == "two packages" {
				broken.Files = append(broken.Files, job.File{Name: "other.go", Body: "package other\n"})
			}
			results := prepareAndRun(t, e, []job.Spec{batchProgram(0), broken, batchProgram(2)})
			if results[0].Outcome != job.OK || results[2].Outcome != job.OK {
				t.Errorf("the good programs: %s, %s", results[0].Outcome, results[2].Outcome)
			}
			if res := results[1]; res.Outcome != job.CompileError || !strings.HasPrefix(res.Detail, tt.detail) {
				t.Errorf("broken: %s, Detail %q, want it to start with %q\n%s", res.Outcome, res.Detail, tt.detail, res.Stderr)
			}
			if got := e.Stats().GoBuilds; got > tt.maxBuilds {
				t.Errorf("%d go builds, want at most %d", got, tt.maxBuilds)
			}
		})
	}
}

// fakeGo stands in for the go command: it fails, with a message that names
// no package, whenever ./p3 is among the packages to build, and otherwise
// "builds" each package into a script that prints its name.
const fakeGo = `#!/bin/sh
if [ "$1" = env ]; then printf 'go1.26.0\nlinux\namd64\n/tmp/gocache\n1\n\nv1\n\n\n'; exit 0; fi
shift
out=
if [ "$1" = -o ]; then out=$2; shift 2; fi
for p in "$@"; do
	if [ "$p" = ./p3 ]; then echo "mystery failure" >&2; exit 1; fi
done
for p in "$@"; do
	printf '#!/bin/sh\necho %s\n' "$p" > "$out${p#./}"
	chmod +x "$out${p#./}"
done
`

// When nothing in the output says which program broke the build, the batch
// is split in halves until it is found.
func TestBuildRoundBisects(t *testing.T) {
	t.Parallel()
	goCmd := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(goCmd, []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	e := testEngine(t, Config{Go: goCmd})
	specs := []job.Spec{batchProgram(0), batchProgram(1), batchProgram(2), batchProgram(3)}
	results := prepareAndRun(t, e, specs)
	for i, want := range []string{"./p1\n", "./p2\n", "", "./p4\n"} {
		if results[i].Stdout != want {
			t.Errorf("program %d: %s, stdout %q, want %q", i, results[i].Outcome, results[i].Stdout, want)
		}
	}
	if res := results[2]; res.Outcome != job.CompileError || res.Detail != "mystery failure" {
		t.Errorf("program 3: %s, Detail %q", res.Outcome, res.Detail)
	}
	// All four; p1 p2; p3 p4; p3; p4.
	if got := e.Stats().GoBuilds; got != 5 {
		t.Errorf("%d go builds, want 5", got)
	}
}

// txtar is a parent that runs its child binary and imports a package of
// its own module.
var txtar = []job.File{
	{Name: "main.go", Body: `package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"example/greet"
)

func main() {
	fmt.Println(greet.Hello("parent"))
	out, err := exec.Command(filepath.Join(filepath.Dir(os.Args[0]), "child")).Output()
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
}
`},
	{Name: "child/main.go", Body: `package main

import (
	"fmt"

	"example/greet"
)

func main() { fmt.Println(greet.Hello("child")) }
`},
	{Name: "greet/greet.go", Body: "package greet\n\nfunc Hello(who string) string { return \"hello from \" + who }\n"},
}

func TestMultiDirectory(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	res := mustRun(t, e, job.Spec{Files: txtar})
	if want := "hello from parent\nhello from child\n"; res.Outcome != job.OK || res.Stdout != want {
		t.Errorf("%s: stdout %q, want %q\n%s", res.Outcome, res.Stdout, want, res.Stderr)
	}

	// With its own go.mod, under its module path.
	own := []job.File{{Name: "go.mod", Body: "module example.com/tool/v2\n\ngo 1.26\n"}}
	for _, f := range txtar {
		f.Body = strings.ReplaceAll(f.Body, `"example/greet"`, `"example.com/tool/v2/greet"`)
		own = append(own, f)
	}
	if res := mustRun(t, e, job.Spec{Files: own}); res.Outcome != job.OK || !strings.HasSuffix(res.Stdout, "hello from child\n") {
		t.Errorf("own go.mod: %s: stdout %q\n%s", res.Outcome, res.Stdout, res.Stderr)
	}

	// A compile error in the child keeps its position and package header.
	broken := append([]job.File(nil), txtar...)
	broken[1].Body = "package main\n\nfunc main() {\n\tundefinedThing()\n}\n"
	res = mustRun(t, e, job.Spec{Files: broken})
	if res.Outcome != job.CompileError || res.Detail != "@wb/child/main.go:4:2: undefined: undefinedThing" || !strings.HasPrefix(res.Stderr, "# example/child\n") {
		t.Errorf("%s: Detail %q\n%s", res.Outcome, res.Detail, res.Stderr)
	}
}

func TestPanicInOtherPackagePosition(t *testing.T) {
	t.Parallel()
	e := testEngine(t, Config{})
	files := append([]job.File(nil), txtar...)
	files[2].Body = "package greet\n\nfunc Hello(who string) string {\n\tpanic(\"no \" + who)\n}\n"
	res := mustRun(t, e, job.Spec{Files: files})
	if res.Outcome != job.Panic || res.Detail != "panic: no parent" || !strings.Contains(res.Stderr, "\t@wb/greet/greet.go:4\n") {
		t.Errorf("%s: Detail %q\n%s", res.Outcome, res.Detail, res.Stderr)
	}
}

// A failure whose messages do not point into the program is the machine's
// or the network's, not the program's: the Engine reports it, but the
// cache does not keep it, so the next Engine builds again.
func TestFailureOutsideTheProgramIsNotCached(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	failing := filepath.Join(dir, "failing-go")
	if err := os.WriteFile(failing, []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	working := filepath.Join(dir, "working-go")
	if err := os.WriteFile(working, []byte(strings.Replace(fakeGo, "./p3", "./nothing", 1)), 0o755); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	specs := []job.Spec{batchProgram(0), batchProgram(1), batchProgram(2)}
	first := prepareAndRun(t, testEngine(t, Config{Go: failing, CacheDir: cache}), specs)
	if first[2].Outcome != job.CompileError || first[2].Detail != "mystery failure" {
		t.Fatalf("first engine: %s %q", first[2].Outcome, first[2].Detail)
	}
	second := prepareAndRun(t, testEngine(t, Config{Go: working, CacheDir: cache}), specs[2:])
	if second[0].Outcome != job.OK {
		t.Errorf("second engine served the machine's failure from the cache: %s %q", second[0].Outcome, second[0].Detail)
	}
}

func TestFirstErrorLine(t *testing.T) {
	for in, want := range map[string]string{
		"# snippet\n@wb/main.go:3:2: undefined: x\n":                                           "@wb/main.go:3:2: undefined: x",
		"go: downloading golang.org/x/exp v0.0.1\ngo: module lookup disabled by GOPROXY=off\n": "go: module lookup disabled by GOPROXY=off",
		"\n\n": "build failed",
	} {
		if got := firstErrorLine(in); got != want {
			t.Errorf("firstErrorLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// Config.Modules lets programs, batched or with a module of their own,
// import a module beyond the standard library, and it is part of the key:
// the same program under other modules is another build.
func TestModules(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("testdata/greetmod")
	if err != nil {
		t.Fatal(err)
	}
	mods := []byte("module book\n\ngo 1.26\n\nrequire example.org/greet v0.0.0\n\nreplace example.org/greet => " + dir + "\n")
	cache := t.TempDir()
	e := testEngine(t, Config{CacheDir: cache, Modules: mods})
	body := "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.org/greet\"\n)\n\nfunc main() { fmt.Println(greet.Hello(\"modules\")) }\n"
	batched := job.Spec{Files: []job.File{{Name: "main.go", Body: body}}}
	own := job.Spec{Files: []job.File{{Name: "main.go", Body: body}, {Name: "child/main.go", Body: "package main\n\nfunc main() {}\n"}}}
	for i, res := range prepareAndRun(t, e, []job.Spec{batched, own}) {
		if res.Outcome != job.OK || res.Stdout != "hello, modules\n" {
			t.Errorf("program %d: %s %q %s", i, res.Outcome, res.Stdout, res.Stderr)
		}
	}
	plain := testEngine(t, Config{CacheDir: cache})
	if res := mustRun(t, plain, batched); res.Outcome != job.CompileError || res.BuildCached {
		t.Errorf("without Modules: %s (cached %v), want a compile error of its own", res.Outcome, res.BuildCached)
	}
	if got := moduleDirectives([]byte("module m\ngo 1.26\ntoolchain go1.26.8\n")); got != "" {
		t.Errorf("moduleDirectives of a go.mod with no requirements = %q", got)
	}
}
