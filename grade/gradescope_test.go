package grade

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestGradescopeSubmission: the layouts a Gradescope upload may have.
func TestGradescopeSubmission(t *testing.T) {
	counter := &Exercise{ID: "01-counter/counter", Name: "counter"}
	queue := &Exercise{ID: "02-queue/queue", Name: "queue"}
	for _, tc := range []struct {
		name  string
		files []string
		exs   []*Exercise
		want  map[string]string // exercise -> a file it must have
	}{
		{"folders", []string{"counter/counter.go", "queue/queue.go"}, []*Exercise{counter, queue},
			map[string]string{"counter": "counter.go", "queue": "queue.go"}},
		{"whole workbook", []string{"exercises/01-counter/counter/counter.go", "README.md"}, []*Exercise{counter, queue},
			map[string]string{"counter": "counter.go"}},
		{"top level, one exercise", []string{"counter.go", "counter_test.go"}, []*Exercise{counter},
			map[string]string{"counter": "counter_test.go"}}, // taken, then ignored by the gate
	} {
		dir := t.TempDir()
		for _, f := range tc.files {
			p := filepath.Join(dir, f)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		sub, err := readGradescopeSubmission(dir, tc.exs)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(sub.Files) != len(tc.want) {
			t.Errorf("%s: exercises %v, want %v", tc.name, sub.Files, tc.want)
		}
		for ex, file := range tc.want {
			if _, ok := sub.Files[ex][file]; !ok {
				t.Errorf("%s: %s lacks %s: %v", tc.name, ex, file, sub.Files[ex])
			}
		}
	}
}

// TestGradescopeMetadata: Gradescope's created_at is the submission time,
// its due date applies when the course file has none.
func TestGradescopeMetadata(t *testing.T) {
	p := filepath.Join(t.TempDir(), "submission_metadata.json")
	os.WriteFile(p, []byte(`{"created_at": "2026-03-03T09:00:00.5-08:00",
		"assignment": {"due_date": "2026-03-01T23:59:00.000000-08:00", "late_due_date": null}}`), 0o644)
	c := &Course{PenaltyPerDay: 0.25}
	if err := c.fromGradescope(p, "submission"); err != nil {
		t.Fatal(err)
	}
	r := &Result{Student: "submission", Score: 4, Hash: "h"}
	c.applyLate(r, &Exercise{ID: "01-c/c", Name: "c"})
	if r.Late == nil || r.Late.Days != 2 || r.Final != 2 {
		t.Errorf("late %+v final %v, want 2 days and 2 points", r.Late, r.Final)
	}
	// A course file's own due date wins.
	due := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	c = &Course{Due: &due, PenaltyPerDay: 0.25}
	c.fromGradescope(p, "submission")
	r = &Result{Student: "submission", Score: 4, Hash: "h"}
	c.applyLate(r, &Exercise{ID: "01-c/c", Name: "c"})
	if r.Final != 4 {
		t.Errorf("final %v, want on time by the course file", r.Final)
	}
}
