package gate

import (
	"strings"
	"testing"
)

var stub = map[string][]byte{"counter.go": []byte("package counter\n\ntype Counter struct{}\n")}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		extra     []string
		want      []string // substrings of problems, in order
		syntax    bool
	}{
		{name: "clean", src: "package counter\n\nimport (\n\t\"sync\"\n\t\"container/list\"\n)\n\nvar _ sync.Mutex\nvar _ list.List\n"},
		{name: "embed", src: "package counter\n\nimport _ \"embed\"\n\n//go:embed counter_test.go\nvar s string\n",
			want: []string{`counter.go:3: import "embed" is not allowed`, "counter.go:5: directive //go:embed is not allowed"}},
		{name: "linkname", src: "package counter\n\n//go:linkname f runtime.f\nfunc f()\n", want: []string{"counter.go:3: directive //go:linkname"}},
		{name: "build", src: "//go:build ignore\n\npackage counter\n", want: []string{"counter.go:1: directive //go:build"}},
		{name: "plusbuild", src: "// +build ignore\n\npackage counter\n", want: []string{"counter.go:1: directive // +build"}},
		{name: "generate", src: "package counter\n\n//go:generate rm -rf /\n", want: []string{"counter.go:3: directive //go:generate"}},
		{name: "line", src: "package counter\n\n//line counter_test.go:1\nfunc f() {}\n", want: []string{"counter.go:3: directive //line"}},
		{name: "cgo", src: "package counter\n\nimport \"C\"\n", want: []string{`counter.go:3: import "C" (cgo)`}},
		{name: "os", src: "package counter\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n", want: []string{`counter.go:3: import "os" is not allowed`}},
		{name: "os allowed", src: "package counter\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n", extra: []string{"os"}},
		{name: "println", src: "package counter\n\nfunc f() { println(\"--- PASS: TestX\"); print(1) }\n",
			want: []string{"counter.go:3: builtin println", "counter.go:3: builtin print "}},
		{name: "println shadowed", src: "package counter\n\nfunc println(a ...any) {}\n\nfunc f() { println(1) }\n"},
		{name: "testmain", src: "package counter\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n",
			want: []string{`counter.go:3: import "testing" is not allowed`, "counter.go:5: func TestMain is reserved"}},
		{name: "package", src: "package main\n", want: []string{"counter.go:1: package main, want package counter"}},
		{name: "syntax", src: "package counter\n\nfunc {\n", want: []string{"counter.go:3:"}, syntax: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(map[string][]byte{"counter.go": []byte(tc.src)}, stub, "counter", tc.extra)
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.String())
			}
			if len(got) != len(tc.want) && !(tc.syntax && len(got) > 0) {
				t.Fatalf("problems:\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
			if r.Syntax != tc.syntax {
				t.Errorf("Syntax = %v, want %v", r.Syntax, tc.syntax)
			}
		})
	}
}

func TestCheckTakesOnlyStubFiles(t *testing.T) {
	sub := map[string][]byte{
		"counter.go":      []byte("package counter\n"),
		"counter_test.go": []byte("package counter\n"),
		"go.mod":          []byte("module x\n\ntoolchain go1.99\n"),
		"extra.go":        []byte("package counter\n\nimport \"os\"\n"),
	}
	r := Check(sub, stub, "counter", nil)
	if len(r.Problems) != 0 || len(r.Files) != 1 || r.Files["counter.go"] == nil {
		t.Fatalf("files %v problems %v", r.Files, r.Problems)
	}
	notes := strings.Join(r.Notes, "\n")
	for _, w := range []string{"counter_test.go: ignored (tests", "go.mod: ignored (the grader", "extra.go: ignored (not a file"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes %q lack %q", notes, w)
		}
	}
	r = Check(map[string][]byte{}, stub, "counter", nil)
	if string(r.Files["counter.go"]) != string(stub["counter.go"]) || !strings.Contains(r.Notes[0], "stub is used") {
		t.Errorf("missing file: files %q notes %q", r.Files, r.Notes)
	}
}
