package timeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"workbook/runner/chart"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs testdata/three-p1*.svg")

func TestTimelineJSON(t *testing.T) {
	tl := parseFile(t, "three-p1.trace")
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	g := m["goroutines"].([]any)[1].(map[string]any)
	iv := g["intervals"].([]any)[0].(map[string]any)
	for _, k := range []string{"duration_ns", "ps"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, b)
		}
	}
	for _, k := range []string{"id", "func", "created_at", "intervals"} {
		if _, ok := g[k]; !ok {
			t.Errorf("no %q in goroutine %v", k, g)
		}
	}
	for _, k := range []string{"state", "start_ns", "end_ns", "p"} {
		if _, ok := iv[k]; !ok {
			t.Errorf("no %q in interval %v", k, iv)
		}
	}
}

func TestChart(t *testing.T) {
	tl := parseFile(t, "three-p1.trace")
	c := tl.Chart()
	if len(c.Rows) != len(tl.Goroutines) || c.End != tl.Duration || c.Title != "4 goroutines on 1 P" {
		t.Fatalf("chart %q with %d rows, end %d; want one row per goroutine, end %d", c.Title, len(c.Rows), c.End, tl.Duration)
	}
	if c.Rows[1].Label != tl.Goroutines[1].Label() || c.Rows[1].Note != "created at @wb/main.go:25" {
		t.Errorf("row %+v", c.Rows[1])
	}
	for i, r := range c.Rows {
		for j, sg := range r.Segments {
			iv := tl.Goroutines[i].Intervals[j]
			if sg.Start != iv.Start || sg.End != iv.End || string(sg.State) != string(iv.State) {
				t.Errorf("row %d segment %d %+v from interval %+v", i, j, sg, iv)
			}
			if sg.State == chart.Running && sg.Note != "P0" {
				t.Errorf("running segment noted %q, want P0", sg.Note)
			}
		}
	}
	golden(t, "three-p1.svg", chart.Timeline(c))
}

func TestProcChart(t *testing.T) {
	for _, name := range []string{"three-p1", "three-p2"} {
		tl := parseFile(t, name+".trace")
		c := tl.ProcChart()
		if len(c.Rows) != len(tl.Ps) || c.End != tl.Duration {
			t.Fatalf("%s: %d rows for Ps %v, end %d", name, len(c.Rows), tl.Ps, c.End)
		}
		running := map[string]int64{}
		for i, r := range c.Rows {
			if want := "P" + strconv.Itoa(tl.Ps[i]); r.Label != want {
				t.Errorf("%s: row %d is %q, want %q", name, i, r.Label, want)
			}
			var prev int64
			for _, sg := range r.Segments {
				if sg.State != chart.Running || sg.Start < prev {
					t.Errorf("%s: %s segment %+v not running or overlapping the one before", name, r.Label, sg)
				}
				prev = sg.End
				running[sg.Note] += sg.End - sg.Start
			}
		}
		for _, g := range tl.Goroutines {
			if got := running["G"+strconv.FormatInt(g.ID, 10)]; got != g.Total(Running) {
				t.Errorf("%s: G%d ran %d ns on the P rows, %d in its own", name, g.ID, got, g.Total(Running))
			}
		}
		if name == "three-p1" {
			golden(t, "three-p1-procs.svg", chart.Timeline(c))
		}
	}
}

// golden checks that an SVG is well-formed and equal to testdata/name, or
// rewrites the file under -update.
func golden(t *testing.T, name string, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, svg, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(path); err != nil || !bytes.Equal(svg, want) {
		t.Errorf("%s differs from the chart (go test -update rewrites it): %v", path, err)
	}
}

func TestUserMainFunc(t *testing.T) {
	for _, tc := range []struct{ fn, renamed, want string }{
		{"main.main_", "main_", "main.main"},
		{"main.main_.func1", "main_", "main.main.func1"},
		{"main.main_.func1.gowrap2", "main_", "main.main.func1.gowrap2"},
		{"main.main__", "main_", "main.main__"}, // the user's own main_ is not ours
		{"main.main__.func1", "main__", "main.main.func1"},
		{"main.worker", "main_", "main.worker"},
		{"main.main_", "", "main.main_"}, // no wrapper, no renaming
	} {
		if got := userMainFunc(tc.fn, tc.renamed); got != tc.want {
			t.Errorf("userMainFunc(%q, %q) = %q, want %q", tc.fn, tc.renamed, got, tc.want)
		}
	}
}

func TestGoroutineTotals(t *testing.T) {
	g := Goroutine{ID: 7, Func: "main.worker", Intervals: []Interval{
		{State: Running, Start: 0, End: 10, P: 0},
		{State: Runnable, Start: 10, End: 25, P: -1},
		{State: Running, Start: 25, End: 30, P: 0},
	}}
	if g.Label() != "G7 main.worker" || g.Total(Running) != 15 || g.Total(Runnable) != 15 || g.Total(Blocked) != 0 {
		t.Errorf("label %q, totals %d %d %d", g.Label(), g.Total(Running), g.Total(Runnable), g.Total(Blocked))
	}
}
