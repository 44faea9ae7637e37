package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// classSubs writes n students' counter submissions: the reference
// solution for even ones (made distinct by a comment), the stub for odd.
func classSubs(t testing.TB, n int) string {
	t.Helper()
	subs := t.TempDir()
	for i := 0; i < n; i++ {
		student := fmt.Sprintf("s%02d", i)
		src := "solutions"
		if i%2 == 1 {
			src = "exercises"
		}
		copyExercise(t, filepath.Join(course, src), "01-counter/counter", subs, student)
		appendTo(t, filepath.Join(subs, student, "counter", "counter.go"), "\n// "+student+"\n")
	}
	return subs
}

func appendTo(t testing.TB, file, s string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func bookOptions(subs, db string) Options {
	return Options{
		Exercises: filepath.Join(course, "exercises"), Solutions: filepath.Join(course, "solutions"),
		Submissions: subs, Exercise: "counter", DB: db, Jobs: 2,
	}
}

func mustRun(t *testing.T, o Options) *Summary {
	t.Helper()
	var out bytes.Buffer
	o.Stdout = &out
	sum, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return sum
}

func countGradings(t *testing.T, db string) int {
	t.Helper()
	b, err := OpenGradebook(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, err := b.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// csvOf is the gradebook's current grades as the export CSV.
func csvOf(t *testing.T, db string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(context.Background(), db, "-", "", &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestGradebookUnchanged: a re-grade serves every unchanged submission
// from the gradebook, grades a changed one, grades all with Regrade, and
// grades all when the exercise changes.
func TestGradebookUnchanged(t *testing.T) {
	needSandbox(t)
	subs := classSubs(t, 3)
	db := filepath.Join(t.TempDir(), "gradebook.db")
	o := bookOptions(subs, db)
	first := mustRun(t, o)
	if first.Graded != 3 || first.Cached != 0 {
		t.Fatalf("first run: graded %d, cached %d", first.Graded, first.Cached)
	}
	want := csvOf(t, db)
	again := mustRun(t, o)
	if again.Graded != 0 || again.Cached != 3 {
		t.Errorf("unchanged: graded %d, cached %d", again.Graded, again.Cached)
	}
	for i, r := range again.Results {
		f := first.Results[i]
		if r.Student != f.Student || r.Score != f.Score || r.Status != f.Status || r.UID != f.UID || len(r.Tests) != len(f.Tests) {
			t.Errorf("served %+v, graded %+v", r, f)
		}
	}
	if got := csvOf(t, db); got != want {
		t.Errorf("export changed:\n%s\nwant\n%s", got, want)
	}
	appendTo(t, filepath.Join(subs, "s01", "counter", "counter.go"), "// changed\n")
	if sum := mustRun(t, o); sum.Graded != 1 || sum.Cached != 2 {
		t.Errorf("one changed: graded %d, cached %d", sum.Graded, sum.Cached)
	}
	o.Regrade = true
	if sum := mustRun(t, o); sum.Graded != 3 {
		t.Errorf("regrade: graded %d", sum.Graded)
	}
	if n := countGradings(t, db); n != 7 {
		t.Errorf("%d gradings recorded, want 3+1+3", n)
	}
	if got := csvOf(t, db); strings.Count(got, "\n") != 4 {
		t.Errorf("current grades: one row per student wanted:\n%s", got)
	}

	// The same submissions against a changed exercise are graded again.
	changed := t.TempDir()
	if err := os.CopyFS(changed, os.DirFS(course)); err != nil {
		t.Fatal(err)
	}
	appendTo(t, filepath.Join(changed, "solutions", "01-counter", "counter", "hidden_test.go"), "\n// a fixed hidden test\n")
	o = bookOptions(subs, db)
	o.Exercises, o.Solutions = filepath.Join(changed, "exercises"), filepath.Join(changed, "solutions")
	if sum := mustRun(t, o); sum.Graded != 3 {
		t.Errorf("changed exercise: graded %d", sum.Graded)
	}
}

// TestGradebookResumeAfterInterrupt: Ctrl-C after the first result; the
// next run grades only the rest, and every pair has one grading.
func TestGradebookResumeAfterInterrupt(t *testing.T) {
	needSandbox(t)
	subs := classSubs(t, 4)
	db := filepath.Join(t.TempDir(), "gradebook.db")
	o := bookOptions(subs, db)
	o.Jobs = 1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Stdout = writerFunc(func(b []byte) { cancel() }) // the first result line
	if _, err := Run(ctx, o); err == nil {
		t.Fatal("an interrupted run returned no error")
	}
	k := countGradings(t, db)
	if k < 1 || k > 4 {
		t.Fatalf("%d gradings after the interrupt", k)
	}
	sum := mustRun(t, bookOptions(subs, db))
	if sum.Cached != k || sum.Graded != 4-k || countGradings(t, db) != 4 {
		t.Errorf("resumed: cached %d graded %d, %d gradings; want %d, %d, 4", sum.Cached, sum.Graded, countGradings(t, db), k, 4-k)
	}
}

type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) { f(b); return len(b), nil }

type helperArgs struct {
	Submissions, DB string
	Regrade         bool
}

// helperEnv carries a grading run's options to TestHelperGradeProcess.
const helperEnv = "WB_GRADE_HELPER_OPTIONS"

// TestHelperGradeProcess is not a test: it is the grading process that
// TestGradebookResumeAfterKill kills.
func TestHelperGradeProcess(t *testing.T) {
	raw := os.Getenv(helperEnv)
	if raw == "" {
		t.Skip("the helper process of TestGradebookResumeAfterKill")
	}
	var h helperArgs
	if err := json.Unmarshal([]byte(raw), &h); err != nil {
		t.Fatal(err)
	}
	o := bookOptions(h.Submissions, h.DB)
	o.Regrade, o.Jobs = h.Regrade, 1
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
}

// killAfterFirst runs a grading in a child process and kills it with
// SIGKILL once the gradebook has a grading more than it had; it returns
// how many it has after the kill.
func killAfterFirst(t *testing.T, o Options) int {
	t.Helper()
	before := countGradings(t, o.DB)
	raw, err := json.Marshal(helperArgs{o.Submissions, o.DB, o.Regrade})
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox's unprivileged user must reach the child's scratch
	// directory, which a kill -9 leaves behind: give it one of our own.
	scratch, err := os.MkdirTemp("", "wb-kill-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(scratch, 0o755)
	t.Cleanup(func() { os.RemoveAll(scratch) })
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperGradeProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(raw), "TMPDIR="+scratch)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for countGradings(t, o.DB) == before {
		select {
		case err := <-exited:
			t.Fatalf("the grading process ended before the kill (%v):\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-exited
	return countGradings(t, o.DB)
}

// TestGradebookResumeAfterKill: a run killed with SIGKILL after a grading,
// first a plain run and then a regrade, resumes without losing or
// repeating one.
func TestGradebookResumeAfterKill(t *testing.T) {
	needSandbox(t)
	const n = 3
	subs := classSubs(t, n)
	db := filepath.Join(t.TempDir(), "gradebook.db")
	o := bookOptions(subs, db)
	o.Jobs = 1
	k := killAfterFirst(t, o)
	if k < 1 || k > n {
		t.Fatalf("%d gradings after the kill", k)
	}
	sum := mustRun(t, o)
	if sum.Cached != k || sum.Graded != n-k || countGradings(t, db) != n {
		t.Fatalf("resumed: cached %d graded %d, %d gradings; want %d, %d, %d", sum.Cached, sum.Graded, countGradings(t, db), k, n-k, n)
	}
	// A regrade killed part way resumes as a regrade: what it graded is
	// kept, the rest is graded, nothing twice.
	o.Regrade = true
	k = killAfterFirst(t, o) - n
	if k < 1 || k > n {
		t.Fatalf("%d regradings after the kill", k)
	}
	sum = mustRun(t, o)
	if sum.Cached != k || sum.Graded != n-k || countGradings(t, db) != 2*n {
		t.Errorf("regrade resumed: cached %d graded %d, %d gradings; want %d, %d, %d", sum.Cached, sum.Graded, countGradings(t, db), k, n-k, 2*n)
	}
	// That regrade finished, so the next one starts over.
	if sum := mustRun(t, o); sum.Graded != n {
		t.Errorf("a new regrade graded %d, want %d", sum.Graded, n)
	}
}

// TestShardsMergeEqualSingleRun: the shards' gradebooks merged hold the
// grades one run on one machine gives, and merging again adds nothing.
func TestShardsMergeEqualSingleRun(t *testing.T) {
	needSandbox(t)
	subs := classSubs(t, 5)
	dir := t.TempDir()
	single := filepath.Join(dir, "single.db")
	mustRun(t, bookOptions(subs, single))
	var shards []string
	for i := 1; i <= 2; i++ {
		o := bookOptions(subs, filepath.Join(dir, fmt.Sprintf("shard%d.db", i)))
		o.Shard = Shard{i, 2}
		sum := mustRun(t, o)
		if want := []int{3, 2}[i-1]; len(sum.Results) != want {
			t.Errorf("shard %d/2 graded %d students, want %d", i, len(sum.Results), want)
		}
		shards = append(shards, o.DB)
	}
	merged := filepath.Join(dir, "merged.db")
	b, err := OpenGradebook(merged)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if added, err := b.Merge(context.Background(), shards...); err != nil || added != 5 {
		t.Fatalf("merge: %d added, %v", added, err)
	}
	if added, err := b.Merge(context.Background(), shards...); err != nil || added != 0 {
		t.Errorf("merging again: %d added, %v", added, err)
	}
	if got, want := csvOf(t, merged), csvOf(t, single); got != want {
		t.Errorf("merged:\n%s\nsingle run:\n%s", got, want)
	}
	got, want := comparable(t, merged), comparable(t, single)
	if got != want {
		t.Errorf("merged results:\n%s\nsingle run:\n%s", got, want)
	}
	// The merged gradebook serves a re-grade of the whole class.
	if sum := mustRun(t, bookOptions(subs, merged)); sum.Cached != 5 {
		t.Errorf("re-grade from the merged gradebook: cached %d of 5", sum.Cached)
	}
}

// comparable renders a gradebook's current results without what differs
// between two gradings of the same files: ids, times and feedback text
// (which holds addresses and goroutine numbers).
func comparable(t *testing.T, db string) string {
	t.Helper()
	b, err := OpenGradebook(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rs, err := b.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&out, "%s %s %s %v/%v %v %s\n", r.Student, r.Exercise, r.Hash, r.Score, r.MaxScore, r.Final, r.Status)
		for _, tr := range r.Tests {
			fmt.Fprintf(&out, "  %s %v %v %s\n", tr.Name, tr.Earned, tr.Passed, tr.Reason)
		}
	}
	return out.String()
}
