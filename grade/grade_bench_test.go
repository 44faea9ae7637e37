package grade

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchStudents is how many students BenchmarkGrade grades. The issue's
// figure is 40 (× 3 exercises, with -race); the default keeps a routine
// "go test -bench" short:
//
//	go test -run '^$' -bench Grade -benchtime 1x ./grade -grade.students 40
var benchStudents = flag.Int("grade.students", 4, "students graded by BenchmarkGrade (each submits the 3 course exercises)")

// BenchmarkGrade grades benchStudents students × the 3 course exercises
// (reference solutions, each made distinct so nothing is shared but the
// build cache) with -race and --jobs 2, with a cold build cache (a fresh
// GOCACHE, so the race-enabled standard library is rebuilt) and a warm one.
// It reports submissions (student × exercise) per minute and the time,
// summed over jobs, spent in the gate, compiling and running.
func BenchmarkGrade(b *testing.B) {
	if _, err := os.Stat("/usr/bin/bwrap"); err != nil {
		b.Skip("bubblewrap is not installed")
	}
	subs := b.TempDir()
	ids := []string{"01-counter/counter", "02-queue/queue", "03-limit/limit"}
	for i := 0; i < *benchStudents; i++ {
		student := fmt.Sprintf("s%03d", i)
		for _, id := range ids {
			copyExercise(b, filepath.Join(course, "solutions"), id, subs, student)
			dir := filepath.Join(subs, student, filepath.Base(id))
			f, _ := os.OpenFile(filepath.Join(dir, filepath.Base(id)+".go"), os.O_APPEND|os.O_WRONLY, 0)
			fmt.Fprintf(f, "\n// submitted by %s\n", student)
			f.Close()
		}
	}
	opts := Options{
		Exercises: filepath.Join(course, "exercises"), Solutions: filepath.Join(course, "solutions"),
		Submissions: subs, Jobs: 2,
	}
	warmCache := b.TempDir()
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			if mode == "warm" {
				b.Setenv("GOCACHE", warmCache)
				if _, err := Run(context.Background(), opts); err != nil { // fill the cache
					b.Fatal(err)
				}
			}
			var gate, compile, run, wall time.Duration
			n := 0
			for b.Loop() {
				if mode == "cold" {
					b.StopTimer()
					b.Setenv("GOCACHE", b.TempDir())
					b.StartTimer()
				}
				start := time.Now()
				sum, err := Run(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				wall += time.Since(start)
				for _, r := range sum.Results {
					if r.Status != StatusPassed {
						b.Fatalf("%s %s: %s %v", r.Student, r.Exercise, r.Status, r.Problems)
					}
				}
				gate, compile, run = gate+sum.Gate, compile+sum.Compile, run+sum.Run
				n += len(sum.Results)
			}
			b.ReportMetric(float64(n)/wall.Minutes(), "submissions/min")
			b.ReportMetric(float64(n)/float64(len(ids))/wall.Minutes(), "students/min")
			b.ReportMetric(gate.Seconds()/float64(b.N), "gate-s")
			b.ReportMetric(compile.Seconds()/float64(b.N), "compile-s")
			b.ReportMetric(run.Seconds()/float64(b.N), "run-s")
		})
	}
}

// unchangedSubmissions is how many submissions BenchmarkUnchangedRegrade
// serves from the gradebook (issue 8's goal: under 1 s per 100).
var unchangedSubmissions = flag.Int("grade.unchanged", 300, "submissions (students × the 3 course exercises) re-graded unchanged by BenchmarkUnchangedRegrade")

// BenchmarkUnchangedRegrade measures a whole "workbook grade" run over a
// class whose every submission the gradebook already holds: loading the
// exercises and submissions, hashing, one gradebook look-up per
// submission, the late policy, the CSV and the summary. The gradebook is
// filled beforehand with a recorded result for each submission, as a first
// run would leave it, so that no sandbox is needed. It reports seconds per
// 100 submissions.
//
//	go test -run '^$' -bench UnchangedRegrade -benchtime 5x ./grade
func BenchmarkUnchangedRegrade(b *testing.B) {
	ctx := context.Background()
	subs := b.TempDir()
	ids := []string{"01-counter/counter", "02-queue/queue", "03-limit/limit"}
	students := (*unchangedSubmissions + len(ids) - 1) / len(ids)
	for i := 0; i < students; i++ {
		student := fmt.Sprintf("s%03d", i)
		for _, id := range ids {
			copyExercise(b, filepath.Join(course, "solutions"), id, subs, student)
			appendTo(b, filepath.Join(subs, student, filepath.Base(id), filepath.Base(id)+".go"), "\n// "+student+"\n")
		}
	}
	dir := b.TempDir()
	opts := Options{
		Exercises: filepath.Join(course, "exercises"), Solutions: filepath.Join(course, "solutions"),
		Submissions: subs, DB: filepath.Join(dir, "gradebook.db"), CSV: filepath.Join(dir, "grades.csv"),
	}
	if err := fillGradebook(ctx, opts); err != nil {
		b.Fatal(err)
	}
	n := 0
	var wall time.Duration
	for b.Loop() {
		start := time.Now()
		sum, err := Run(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start)
		if sum.Graded != 0 || sum.Cached != students*len(ids) {
			b.Fatalf("graded %d, cached %d: not served from the gradebook", sum.Graded, sum.Cached)
		}
		n += sum.Cached
	}
	b.ReportMetric(wall.Seconds()/float64(n)*100, "s/100-submissions")
	b.ReportMetric(float64(n)/wall.Seconds(), "submissions/s")
}

// fillGradebook records a passed result for every submission of opts, as
// a first grading run would.
func fillGradebook(ctx context.Context, opts Options) error {
	exercises, err := LoadExercises(os.DirFS(opts.Exercises), os.DirFS(opts.Solutions))
	if err != nil {
		return err
	}
	subs, err := LoadSubmissions(opts.Submissions)
	if err != nil {
		return err
	}
	book, err := OpenGradebook(opts.DB)
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.startRun(ctx, false, "fill"); err != nil {
		return err
	}
	for _, s := range subs {
		for _, e := range exercises {
			r := &Result{Student: s.Student, Exercise: e.ID, MaxScore: e.MaxScore(), Score: e.MaxScore(), Final: e.MaxScore(),
				Status: StatusPassed, Hash: submissionHash(s.Files[e.Name]), GradedAt: time.Now()}
			for _, c := range e.Cases {
				r.Tests = append(r.Tests, TestResult{Case: c, Max: c.Points, Earned: c.Points, Passed: true, Reason: "passed"})
			}
			if err := book.record(ctx, r, exerciseHash(e), Version); err != nil {
				return err
			}
		}
	}
	return book.finishRun()
}
