package chapter

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// dump writes the parts of a chapter that the runner depends on, one fact a
// line, so a golden diff shows exactly what changed.
func dump(ch *Chapter) string {
	var b strings.Builder
	fmt.Fprintf(&b, "chapter %s number=%d slug=%s title=%q\n", ch.Path, ch.Number, ch.Slug, ch.Title)
	for _, s := range ch.Snippets {
		a := s.Attrs
		fmt.Fprintf(&b, "\nsnippet %s line=%d runs=%v archive=%v\n", s.ID, s.Line, s.Runs, s.Archive)
		fmt.Fprintf(&b, "  engine=%s timeout=%v repeat=%d no-run=%v race=%v gomaxprocs=%d expect=%s program=%q\n",
			a.Engine, a.Timeout, a.Repeat, a.NoRun, a.Race, a.GOMAXPROCS, a.Expect, a.Program)
		if a.Args != nil || a.Env != nil {
			fmt.Fprintf(&b, "  args=%q env=%q\n", a.Args, a.Env)
		}
		for _, f := range s.Program {
			first, _, _ := strings.Cut(f.Body, "\n")
			fmt.Fprintf(&b, "  file %s line=%d first=%q\n", f.Name, f.Line, first)
		}
		if s.Shown() != s.Code {
			fmt.Fprintf(&b, "  hidden lines: %d\n", strings.Count(s.Code, "\n")-strings.Count(s.Shown(), "\n"))
		}
		if o := s.Output; o != nil {
			fmt.Fprintf(&b, "  output line=%d mode=%s lines=%d\n", o.Line, o.Expect.Mode, strings.Count(o.Text, "\n"))
		}
	}
	for _, r := range ch.Refs {
		fmt.Fprintf(&b, "\nref line=%d id=%s figure=%s\n", r.Line, r.ID, r.Figure.Text)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the parse (run go test -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestParseSample(t *testing.T) {
	const path = "../../testdata/book/chapters/01-sample.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := Parse("chapters/01-sample.md", src)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.golden", dump(ch))
}

func TestParseReportsEveryMistake(t *testing.T) {
	src, err := os.ReadFile("testdata/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := Parse("testdata/errors.md", src)
	if err == nil {
		t.Fatalf("no error; parsed %d snippets", len(ch.Snippets))
	}
	if _, ok := err.(ErrorList); !ok {
		t.Fatalf("error is %T, want ErrorList", err)
	}
	golden(t, "errors.golden", err.Error()+"\n")
}

func TestShownDropsOmitLines(t *testing.T) {
	s := &Snippet{Code: "a\nsetup() // OMIT\nb\n\tx := 1 // OMIT  \n"}
	if got := s.Shown(); got != "a\nb\n" {
		t.Errorf("Shown() = %q", got)
	}
}

func TestParseCRLFAndNestedFences(t *testing.T) {
	src := "# T\r\n\r\n- item\r\n\r\n  ```go {#in-list}\r\n  package main\r\n  func main() {}\r\n  ```\r\n\r\n  ```output\r\n  ```\r\n"
	ch, err := Parse("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Snippets) != 1 || ch.Snippets[0].Line != 5 || ch.Snippets[0].Output == nil {
		t.Fatalf("got %+v", ch.Snippets)
	}
	if !strings.HasPrefix(ch.Snippets[0].Program[0].Body, "package main") {
		t.Errorf("list indentation kept: %q", ch.Snippets[0].Program[0].Body)
	}
}
