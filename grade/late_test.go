package grade

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLateness(t *testing.T) {
	due := time.Date(2026, 3, 1, 23, 59, 0, 0, time.FixedZone("CET", 3600))
	c := &Course{Grace: Duration(15 * time.Minute), PenaltyPerDay: 0.1, MaxLateDays: 5}
	for _, tc := range []struct {
		at      time.Time
		days    int
		penalty float64
	}{
		{due.Add(-48 * time.Hour), 0, 0},
		{due, 0, 0},
		{due.Add(15 * time.Minute), 0, 0},                      // the last second of grace
		{due.Add(15*time.Minute + time.Second), 1, 0.1},        // one second past it: a day late
		{due.Add(24 * time.Hour), 1, 0.1},                      // exactly a day
		{due.Add(24*time.Hour + time.Second), 2, 0.2},          // into the second day
		{time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC), 3, 0.3}, // another zone: 2d13h01m late
		{due.Add(5 * 24 * time.Hour), 5, 0.5},
		{due.Add(5*24*time.Hour + time.Minute), 6, 1}, // past max_late_days
	} {
		l := c.lateness(due, tc.at)
		if l.Days != tc.days || !near(l.Penalty, tc.penalty) {
			t.Errorf("submitted %v: %d days, penalty %v; want %d, %v", tc.at, l.Days, l.Penalty, tc.days, tc.penalty)
		}
	}
	// Without max_late_days the penalty stops at the whole score.
	c = &Course{PenaltyPerDay: 0.4}
	if l := c.lateness(due, due.Add(72*time.Hour)); l.Days != 3 || l.Penalty != 1 {
		t.Errorf("3 days at 40%%: %+v, want the whole score", l)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestCourseFile: due dates per exercise, submission times from the file
// and from the CSV beside it, the most specific first.
func TestCourseFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("times.csv", "student,exercise,submitted_at\ncarol,,2026-03-02T10:00:00Z\ndave,queue,2026-03-09T00:00:00Z\n")
	write("course.json", `{"due": "2026-03-01T23:59:00Z", "penalty_per_day": 0.25,
		"exercises": {"02-queue/queue": {"due": "2026-03-08T23:59:00Z"}},
		"submitted": {"alice": "2026-03-01T12:00:00Z", "bob/counter": "2026-03-03T00:00:00Z", "bob": "2026-03-01T00:00:00Z"},
		"submitted_csv": "times.csv"}`)
	c, err := LoadCourse(filepath.Join(dir, "course.json"))
	if err != nil {
		t.Fatal(err)
	}
	counter := &Exercise{ID: "01-counter/counter", Name: "counter"}
	queue := &Exercise{ID: "02-queue/queue", Name: "queue"}
	for _, tc := range []struct {
		student string
		e       *Exercise
		final   float64 // of a score of 4
		unknown bool
	}{
		{"alice", counter, 4, false},
		{"bob", counter, 2, false}, // 2 days late
		{"bob", queue, 4, false},   // "bob" applies; the queue is due a week later
		{"carol", counter, 3, false},
		{"dave", queue, 3, false},
		{"erin", counter, 4, true},
	} {
		r := &Result{Student: tc.student, Score: 4, Hash: "h"}
		_, unknown := c.applyLate(r, tc.e)
		if r.Final != tc.final || unknown != tc.unknown {
			t.Errorf("%s %s: final %v unknown %v, want %v %v (%+v)", tc.student, tc.e.Name, r.Final, unknown, tc.final, tc.unknown, r.Late)
		}
	}
	// Applying again changes nothing; a moved due date does.
	r := &Result{Student: "bob", Score: 4, Hash: "h"}
	c.applyLate(r, counter)
	if changed, _ := c.applyLate(r, counter); changed {
		t.Error("applying the same policy twice reported a change")
	}
	later := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	c.Due = &later
	if changed, _ := c.applyLate(r, counter); !changed || r.Final != 4 {
		t.Errorf("moved due date: changed %v final %v", changed, r.Final)
	}
	for _, bad := range []string{`{"penalty_per_day": 2}`, `{"due": "tomorrow"}`, `{"grace": "15m", "typo": 1}`} {
		write("bad.json", bad)
		if _, err := LoadCourse(filepath.Join(dir, "bad.json")); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
