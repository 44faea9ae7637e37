package grade

import (
	"strings"
	"testing"
	"time"
)

func TestStats(t *testing.T) {
	tr := func(name string, pass bool) TestResult {
		return TestResult{Case: Case{Name: name}, Passed: pass}
	}
	rs := []*Result{
		{Exercise: "q", Final: 4, MaxScore: 4, Status: StatusPassed, Tests: []TestResult{tr("A", true), tr("B", true)}},
		{Exercise: "q", Final: 1, MaxScore: 4, Status: StatusFailed, Tests: []TestResult{tr("A", false), tr("B", false)}},
		{Exercise: "q", Final: 2, MaxScore: 4, Status: StatusFailed, Tests: []TestResult{tr("A", true), tr("B", false)}},
		{Exercise: "q", Final: 0, MaxScore: 4, Status: StatusRejected, Problems: []string{"q.go:4: import \"os\" is not allowed", "q.go:9: import \"os\" is not allowed"}},
		{Exercise: "q", Final: 0, MaxScore: 4, Status: StatusRejected, Problems: []string{"nothing submitted for q"}},
		{Exercise: "q", Final: 0, MaxScore: 4, Status: StatusCompileError, Problems: []string{"q.go:1:1: syntax error"}},
		{Exercise: "c", Final: 3.5, MaxScore: 4, Status: StatusFailed, Tests: []TestResult{tr("C", false)}},
	}
	st := Stats(rs)
	if len(st) != 2 || st[0].Exercise != "q" || st[1].Exercise != "c" {
		t.Fatalf("exercises %+v", st)
	}
	q := st[0]
	if q.N != 6 || !near(q.Mean, 7.0/6) || q.Median != 0.5 {
		t.Errorf("n %d mean %v median %v", q.N, q.Mean, q.Median)
	}
	if q.Buckets != [6]int{3, 0, 1, 1, 0, 1} {
		t.Errorf("buckets %v", q.Buckets)
	}
	if got := joinCounts(q.Failed, 5); got != "B (2), A (1)" {
		t.Errorf("most failed %q", got)
	}
	if got := joinCounts(q.Rejected, 5); got != `compile error (1), import "os" is not allowed (1), nothing submitted (1)` {
		t.Errorf("rejections %q", got)
	}
	if st[1].Median != 3.5 || st[1].Buckets[4] != 1 {
		t.Errorf("c: %+v", st[1])
	}
	if s := q.String(); !strings.Contains(s, "status:       passed 1, failed 2, rejected 2, compile-error 1") {
		t.Errorf("rendered:\n%s", s)
	}
}

func TestBarLine(t *testing.T) {
	for _, tc := range []struct {
		done, total, students, all, fresh int
		elapsed                           time.Duration
		want                              string
	}{
		{0, 10, 0, 5, 0, 0, "[..........] 0/5 students, 0/10 submissions, ETA -"},
		{4, 10, 2, 5, 2, 20 * time.Second, "[####......] 2/5 students, 4/10 submissions, ETA 1m0s"},
		{10, 10, 5, 5, 0, time.Second, "[##########] 5/5 students, 10/10 submissions, done"},
	} {
		if got := barLine(tc.done, tc.total, tc.students, tc.all, tc.fresh, tc.elapsed, 10); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// TestProgressBar: on a terminal the bar is redrawn in place, students
// count when all their exercises are done, and close ends the line.
func TestProgressBar(t *testing.T) {
	var out, bar strings.Builder
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	subs := []*Submission{{Student: "a"}, {Student: "b"}}
	p := newProgress(&out, &bar, 4, subs, now)
	for _, r := range []*Result{{Student: "a"}, {Student: "b", Cached: true}, {Student: "a"}} {
		p.add(r)
	}
	p.close()
	if out.Len() != 0 {
		t.Errorf("lines printed beside the bar: %q", out.String())
	}
	last := bar.String()[strings.LastIndex(bar.String(), "\r")+1:]
	if !strings.HasPrefix(last, "[######################........] 1/2 students, 3/4 submissions, ETA ") || !strings.HasSuffix(last, "\x1b[K\n") {
		t.Errorf("last bar %q", last)
	}
	var lines strings.Builder
	p = newProgress(&lines, nil, 1, subs[:1], now)
	p.add(&Result{Student: "a", Exercise: "01-x/x", Final: 1, MaxScore: 2, Status: StatusFailed, Cached: true})
	if got := lines.String(); !strings.Contains(got, "1/2     failed (unchanged)") {
		t.Errorf("quiet line %q", got)
	}
}
