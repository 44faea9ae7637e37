package timeline

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"workbook/runner/job"
)

var record = flag.Bool("record", false, "re-record testdata/three-p*.trace from testdata/three (needs the go command)")

// TestRecord re-records the traces the other tests read, under -record:
// the program of testdata/three instrumented, built as the Go engine
// builds it and run with GOMAXPROCS=1 and 2.
func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("run with -record to re-record the traces")
	}
	src, err := os.ReadFile("testdata/three/main.go")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Instrument([]job.File{{Name: "main.go", Body: string(src)}})
	if err != nil {
		t.Fatal(err)
	}
	exe := goBuild(t, files)
	for _, procs := range []string{"1", "2"} {
		out, err := filepath.Abs("testdata/three-p" + procs + ".trace")
		if err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := run(t, exe, "GOMAXPROCS="+procs, EnvTrace+"="+out); err != nil {
			t.Fatalf("GOMAXPROCS=%s: %v\n%s", procs, err, stderr)
		}
	}
}

func parseFile(t *testing.T, name string) *Timeline {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tl, err := Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tl
}

// checkOrdered checks what holds of every timeline: each goroutine's
// intervals are in order, non-empty, within the trace and do not overlap;
// only running intervals have a P, one of the trace's.
func checkOrdered(t *testing.T, tl *Timeline) {
	t.Helper()
	for _, g := range tl.Goroutines {
		var prev int64
		for i, iv := range g.Intervals {
			if iv.Start < prev || iv.End <= iv.Start || iv.End > tl.Duration {
				t.Errorf("G%d interval %d %+v: out of order, empty or past the end (%d) of the trace", g.ID, i, iv, tl.Duration)
			}
			prev = iv.End
			if (iv.State == Running) != (iv.P >= 0) || iv.State == Running && !containsInt(tl.Ps, iv.P) {
				t.Errorf("G%d interval %d %+v: P %d, Ps %v", g.ID, i, iv, iv.P, tl.Ps)
			}
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// overlaps counts the pairs of running intervals of different goroutines
// that overlap in time.
func overlaps(tl *Timeline) int {
	n := 0
	for i, a := range tl.Goroutines {
		for _, b := range tl.Goroutines[i+1:] {
			for _, x := range a.Intervals {
				for _, y := range b.Intervals {
					if x.State == Running && y.State == Running && x.Start < y.End && y.Start < x.End {
						n++
					}
				}
			}
		}
	}
	return n
}

// checkThree checks the goroutines of testdata/three: main, blocked on
// its channel, and three workers created at line 25.
func checkThree(t *testing.T, tl *Timeline) {
	t.Helper()
	if len(tl.Goroutines) != 4 {
		t.Fatalf("goroutines %+v, want main and three workers", tl.Goroutines)
	}
	m := tl.Goroutines[0]
	if !m.Main || m.Func != "main.main" || m.CreatedAt != "" {
		t.Errorf("first goroutine %+v, want the main one", m)
	}
	var chanRecv bool
	for _, iv := range m.Intervals {
		chanRecv = chanRecv || iv.State == Blocked && iv.Reason == "chan receive"
	}
	if !chanRecv {
		t.Errorf("main goroutine never blocked on a chan receive: %+v", m.Intervals)
	}
	for _, g := range tl.Goroutines[1:] {
		if g.Main || g.Func != "main.worker" || g.CreatedAt != job.PosPrefix+"main.go:25" {
			t.Errorf("G%d: %s created at %q, want main.worker created at @wb/main.go:25", g.ID, g.Func, g.CreatedAt)
		}
		if g.Total(Running) == 0 {
			t.Errorf("G%d never ran", g.ID)
		}
	}
}

func TestParseOneP(t *testing.T) {
	tl := parseFile(t, "three-p1.trace")
	checkOrdered(t, tl)
	checkThree(t, tl)
	if len(tl.Ps) != 1 {
		t.Errorf("Ps = %v, want one", tl.Ps)
	}
	if n := overlaps(tl); n != 0 {
		t.Errorf("with GOMAXPROCS=1, %d pairs of running intervals overlap", n)
	}
	// Three CPU-bound goroutines on one P: each waits for it at some point.
	for _, g := range tl.Goroutines[1:] {
		if g.Total(Runnable) == 0 {
			t.Errorf("G%d was never runnable", g.ID)
		}
	}
}

func TestParseTwoPs(t *testing.T) {
	tl := parseFile(t, "three-p2.trace")
	checkOrdered(t, tl)
	checkThree(t, tl)
	if len(tl.Ps) != 2 {
		t.Errorf("Ps = %v, want two", tl.Ps)
	}
	if overlaps(tl) == 0 {
		t.Error("with GOMAXPROCS=2, no two goroutines ever ran at once")
	}
}

func TestParseBadTraces(t *testing.T) {
	whole, err := os.ReadFile("testdata/three-p1.trace")
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"empty":     {nil, ErrEmpty.Error()},
		"header":    {whole[:16], ErrEmpty.Error()},
		"one batch": {whole[:1800], "truncated"},
		"truncated": {whole[:len(whole)/2], "truncated"},
		"garbage":   {[]byte("not a trace at all, really not"), "trace"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Parse(bytes.NewReader(nil)); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty trace: %v, want ErrEmpty", err)
	}
}
