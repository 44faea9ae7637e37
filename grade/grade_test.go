package grade

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"workbook/grade/sandbox"
)

const course = "testdata/course"

// needSandbox skips when no isolation can be had here, saying why.
func needSandbox(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("bwrap"); err != nil {
		t.Skip("bubblewrap is not installed (apt-get install bubblewrap); grading needs a sandbox")
	}
}

// copyTree copies the exercise files of src/ID into dst/STUDENT/NAME.
func copyExercise(t testing.TB, src, id, dst, student string) {
	t.Helper()
	to := filepath.Join(dst, student, filepath.Base(id))
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(filepath.Join(src, id))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, id, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gradeDir(t *testing.T, subs, exercise string, jobs int) (*Summary, string) {
	t.Helper()
	var out bytes.Buffer
	csvPath := filepath.Join(t.TempDir(), "grades.csv")
	sum, err := Run(context.Background(), Options{
		Exercises: filepath.Join(course, "exercises"), Solutions: filepath.Join(course, "solutions"),
		Submissions: subs, Exercise: exercise, Jobs: jobs, CSV: csvPath, Out: filepath.Join(t.TempDir(), "reports"),
		Stdout: &out, Stderr: &out,
	})
	t.Logf("grader output:\n%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	return sum, string(b)
}

// TestSolutionsAndStubs is CI's check of the content: every reference
// solution gets full marks and every stub gets less.
func TestSolutionsAndStubs(t *testing.T) {
	needSandbox(t)
	subs := t.TempDir()
	ids := []string{"01-counter/counter", "02-queue/queue", "03-limit/limit"}
	for _, id := range ids {
		copyExercise(t, filepath.Join(course, "solutions"), id, subs, "reference")
		copyExercise(t, filepath.Join(course, "exercises"), id, subs, "stub")
	}
	sum, table := gradeDir(t, subs, "", 2)
	rows, err := csv.NewReader(strings.NewReader(table)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0][:5], ","); got != "student,exercise,score,max_score,status" {
		t.Errorf("CSV header = %q", got)
	}
	for _, r := range sum.Results {
		switch r.Student {
		case "reference":
			if r.Score != r.MaxScore || r.Status != StatusPassed {
				t.Errorf("reference %s: %v/%v %s %v", r.Exercise, r.Score, r.MaxScore, r.Status, r.Tests)
			}
		case "stub":
			if r.Score >= r.MaxScore || r.Status != StatusFailed {
				t.Errorf("stub %s: %v/%v %s", r.Exercise, r.Score, r.MaxScore, r.Status)
			}
			for _, tr := range r.Tests {
				if tr.Name == "TestSpeed" && !strings.Contains(tr.Reason, "timing: took") {
					t.Errorf("stub TestSpeed: reason %q, want the timing comparison", tr.Reason)
				}
			}
		}
	}
	if len(rows) != 1+2*len(ids) {
		t.Errorf("CSV has %d rows, want %d:\n%s", len(rows), 1+2*len(ids), table)
	}
}

// TestNativeSandbox grades with Go's own namespaces instead of bubblewrap,
// the path for machines without it, on a -race exercise (whose binary
// needs libc copied into the chroot).
func TestNativeSandbox(t *testing.T) {
	subs := t.TempDir()
	copyExercise(t, filepath.Join(course, "solutions"), "01-counter/counter", subs, "reference")
	copyExercise(t, filepath.Join(course, "exercises"), "01-counter/counter", subs, "stub")
	var out bytes.Buffer
	sum, err := Run(context.Background(), Options{
		Exercises: filepath.Join(course, "exercises"), Solutions: filepath.Join(course, "solutions"),
		Submissions: subs, Exercise: "counter", Sandbox: sandbox.ModeNative, Stdout: &out,
	})
	t.Logf("grader output:\n%s", out.String())
	if err != nil {
		if strings.Contains(err.Error(), "operation not permitted") {
			t.Skipf("user namespaces are not available here: %v", err)
		}
		t.Fatal(err)
	}
	for _, r := range sum.Results {
		want := map[string]float64{"reference": 3, "stub": 1}[r.Student]
		if r.Score != want {
			t.Errorf("%s: score %v, want %v: %+v", r.Student, r.Score, want, r.Tests)
		}
		for _, tr := range r.Tests {
			if tr.Name == "TestConcurrent" && r.Student == "stub" && !strings.Contains(tr.Feedback, "counter/counter.go:") {
				t.Errorf("stub's race feedback lacks the student's frame:\n%s", tr.Feedback)
			}
		}
	}
}

// With --exercise, another exercise's broken folder (an author's work in
// progress) is reported and does not stop the grading; without it, it
// does.
func TestExerciseIgnoresOthersBroken(t *testing.T) {
	needSandbox(t)
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(course)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "exercises", "09-wip", "wip"), 0o755); err != nil {
		t.Fatal(err)
	}
	subs := t.TempDir()
	copyExercise(t, filepath.Join(course, "solutions"), "01-counter/counter", subs, "alice")
	var out bytes.Buffer
	opts := Options{Exercises: filepath.Join(root, "exercises"), Solutions: filepath.Join(root, "solutions"),
		Submissions: subs, Exercise: "counter", Stdout: &out, Stderr: &out}
	sum, err := Run(context.Background(), opts)
	if err != nil || !strings.Contains(out.String(), "ignoring exercises that do not load") {
		t.Fatalf("--exercise counter: %v\n%s", err, out.String())
	}
	if len(sum.Results) != 1 || sum.Results[0].Status != "passed" {
		t.Errorf("results %+v", sum.Results)
	}
	opts.Exercise = ""
	if _, err := Run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "09-wip/wip") {
		t.Errorf("without --exercise: %v", err)
	}
}
