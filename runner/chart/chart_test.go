package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs under testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it); got:\n%s", path, got)
	}
}

// doc is what wellFormed learns of a chart while walking it.
type doc struct {
	ids      map[string]bool
	labelled []string // the ids named by aria-labelledby
	title    string
	desc     string
	texts    []string // the content of every <text>, tooltips included
}

// wellFormed walks an SVG with encoding/xml and checks what every chart
// must be: one svg root with role="img", a viewBox, a title and a desc
// named by aria-labelledby, a style with a dark block, no script.
func wellFormed(t *testing.T, b []byte) doc {
	t.Helper()
	d := doc{ids: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	var root xml.StartElement
	var sawStyle bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if root.Name.Local != "" {
					t.Fatalf("a second root element %s", tok.Name.Local)
				}
				root = tok
			}
			if tok.Name.Local == "script" || tok.Name.Local == "foreignObject" {
				t.Errorf("chart has a <%s>", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "id" {
					if d.ids[a.Value] {
						t.Errorf("id %q defined twice", a.Value)
					}
					d.ids[a.Value] = true
				}
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("event handler attribute %s", a.Name.Local)
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			s := string(tok)
			switch {
			case slices.Equal(stack, []string{"svg", "title"}):
				d.title = s
			case slices.Equal(stack, []string{"svg", "desc"}):
				d.desc = s
			case slices.Equal(stack, []string{"svg", "style"}):
				sawStyle = strings.Contains(s, "@media (prefers-color-scheme: dark)")
			case slices.Contains(stack, "text"):
				d.texts = append(d.texts, s)
			}
		}
	}
	attr := func(name string) string {
		for _, a := range root.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	if root.Name.Local != "svg" || attr("role") != "img" || attr("viewBox") == "" {
		t.Errorf("root is <%s role=%q viewBox=%q>, want <svg role=img viewBox=…>", root.Name.Local, attr("role"), attr("viewBox"))
	}
	d.labelled = strings.Fields(attr("aria-labelledby"))
	for _, id := range d.labelled {
		if !d.ids[id] {
			t.Errorf("aria-labelledby names %q, which is not defined", id)
		}
	}
	if len(d.labelled) != 2 || d.desc == "" {
		t.Errorf("want a title and a non-empty desc named by aria-labelledby, got %q and desc %q", d.labelled, d.desc)
	}
	if !sawStyle {
		t.Error("no <style> with a prefers-color-scheme: dark block")
	}
	return d
}

// hostile is a label as a chapter could write it.
const hostile = `<script>alert("x")</script> & 'quotes' ]]> <!-- \x00`

// checkEscaped checks that hostile text came through as text.
func checkEscaped(t *testing.T, b []byte, d doc) {
	t.Helper()
	if bytes.Contains(b, []byte("<script")) || bytes.Contains(b, []byte("<!--")) {
		t.Errorf("raw markup from a label in the output:\n%s", b)
	}
	want := strings.ReplaceAll(hostile, "\x00", "\uFFFD")
	if !strings.Contains(d.title, want) {
		t.Errorf("title %q does not hold the label %q", d.title, want)
	}
	if !slices.ContainsFunc(d.texts, func(s string) bool { return strings.Contains(s, want[:10]) }) {
		t.Errorf("no text element holds the label; texts: %q", d.texts)
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		max  float64
		n    int
		want []float64
	}{
		{8, 5, []float64{0, 2, 4, 6, 8}},
		{7.3, 5, []float64{0, 2, 4, 6, 8}},
		{812, 5, []float64{0, 200, 400, 600, 800, 1000}},
		{0.9, 4, []float64{0, 0.5, 1}},
		{0, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	} {
		got := ticks(tc.max, tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("ticks(%v, %d) = %v, want %v", tc.max, tc.n, got, tc.want)
			continue
		}
		for i := range got {
			if d := got[i] - tc.want[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("ticks(%v, %d) = %v, want %v", tc.max, tc.n, got, tc.want)
				break
			}
		}
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 812.4: "812", 45.26: "45.3", 1.934: "1.93", 0.0523: "0.052", 0.5: "0.50", -3.5: "-3.50", 1e4: "10000",
	} {
		if got := format(v); got != want {
			t.Errorf("format(%v) = %q, want %q", v, got, want)
		}
	}
	if got := formatTick(0.4, 0.2); got != "0.4" {
		t.Errorf("formatTick(0.4, 0.2) = %q", got)
	}
	if got := formatTick(200, 200); got != "200" {
		t.Errorf("formatTick(200, 200) = %q", got)
	}
}

func TestChartID(t *testing.T) {
	a, b := chartID("", BarChart{Title: "a"}), chartID("", BarChart{Title: "b"})
	if a == b || !strings.HasPrefix(a, "wbc-") {
		t.Errorf("derived ids %q and %q: want distinct, starting with wbc-", a, b)
	}
	if a != chartID("", BarChart{Title: "a"}) {
		t.Error("derived id is not deterministic")
	}
	for in, want := range map[string]string{"fig-1": "fig-1", "1st": "wbc-1st", `a"b<c`: "a_b_c", "é": "wbc-_"} {
		if got := chartID(in, nil); got != want {
			t.Errorf("chartID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("main.main.func1.gowrap2", 10); got != "main.main…" {
		t.Errorf("shorten = %q", got)
	}
	if got := shorten("héllo", 5); got != "héllo" {
		t.Errorf("shorten = %q", got)
	}
}
