package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"workbook/grade"
)

var gradeCommand = command{
	name:    "grade",
	summary: "grade students' submissions in a sandbox (export, merge: the gradebook; --selftest: prove the sandbox)",
	run:     gradeRun,
}

func gradeRun(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "export":
			return gradeExport(ctx, e, args[1:])
		case "merge":
			return gradeMerge(ctx, e, args[1:])
		}
	}
	fs := newFlags("grade", "[flags] SUBMISSIONS | export [flags] | merge [flags] DB...", `
Grade compiles each student's files for each exercise with the instructor's
visible and hidden tests and runs every test as its own sandboxed process.
SUBMISSIONS holds one folder STUDENT/NAME/*.go per student (NAME is the
exercise's folder name) or an archive STUDENT.zip or STUDENT.tar.gz holding
the same.

Every grading is recorded in the gradebook (--db); a submission whose files
and exercise are unchanged since its last grading is served from it unless
--regrade, so an interrupted run (Ctrl-C, kill -9) resumes where it stopped.
It prints a line per student and exercise (a progress bar on a terminal),
then a summary per exercise.

  workbook grade export --db FILE --csv FILE | --json FILE
  workbook grade merge --db OUT DB...

export writes the gradebook's current grades; merge combines shard
gradebooks (--shard) into one. See docs/grading.md, and the package doc of
workbook/grade for grading.json, the CSV and the threat model.`, e.stdout)
	var o grade.Options
	var shard, db string
	var gradescope, noDB bool
	fs.StringVar(&o.Exercises, "exercises", "", "folder of NN-slug/NAME exercises (default exercises, or /autograder/source/exercises with --gradescope)")
	fs.StringVar(&o.Solutions, "solutions", "", "folder of NN-slug/NAME solutions (default solutions, or /autograder/source/solutions with --gradescope)")
	fs.StringVar(&o.Exercise, "exercise", "", "grade only this exercise (NAME or NN-slug/NAME)")
	fs.IntVar(&o.Jobs, "jobs", 2, "submissions graded at once")
	fs.StringVar(&db, "db", "", "the gradebook `FILE` (default gradebook.db beside SUBMISSIONS)")
	fs.BoolVar(&noDB, "no-db", false, "keep no gradebook: grade everything, record nothing")
	fs.BoolVar(&o.Regrade, "regrade", false, "grade again submissions the gradebook already has (resumes an interrupted --regrade)")
	fs.StringVar(&o.Course, "course", "", "course `FILE` with due dates, grace and penalty per day (see docs/grading.md)")
	fs.StringVar(&shard, "shard", "", "grade only share `i/n` of the students (1 <= i <= n), for several machines")
	fs.StringVar(&o.CSV, "csv", "", "write student,exercise,score,max_score,status,late_days,final_score,TEST... to `FILE`")
	fs.StringVar(&o.Out, "out", "", "write STUDENT.json, STUDENT/results.json (Gradescope) and STUDENT/NAME/results.json (Exercism) into `DIR`")
	fs.StringVar(&o.JUnit, "junit", "", "write JUnit XML to `FILE`")
	fs.BoolVar(&gradescope, "gradescope", false, "run as a Gradescope autograder: grade /autograder/submission, write /autograder/results/results.json")
	root := fs.String("gradescope-root", grade.GradescopeRoot, "with --gradescope: the autograder's `DIR`")
	fs.BoolVar(&o.SelfTest, "selftest", false, "prove the sandbox's properties on this machine, print a table and exit")
	fs.BoolVar(&o.Unsafe, "unsafe-no-sandbox", false, "run submissions without isolation if no sandbox works (never on untrusted code)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if shard != "" {
		if o.Shard, err = grade.ParseShard(shard); err != nil {
			return usageError{err.Error()}
		}
	}
	o.Stdout, o.Stderr = e.stdout, e.stderr
	o.Args = strings.Join(args, " ")
	switch {
	case gradescope && (o.SelfTest || len(pos) > 0 || shard != ""):
		return usageError{"--gradescope takes no SUBMISSIONS, --shard or --selftest"}
	case o.SelfTest && len(pos) > 0:
		return usageError{"--selftest takes no SUBMISSIONS"}
	case gradescope:
		o.Exercises = or(o.Exercises, filepath.Join(*root, "source", "exercises"))
		o.Solutions = or(o.Solutions, filepath.Join(*root, "source", "solutions"))
		_, err = grade.RunGradescope(ctx, o, *root)
		return err
	case !o.SelfTest && len(pos) != 1:
		return usageError{"want one SUBMISSIONS folder"}
	case !o.SelfTest:
		o.Submissions = pos[0]
		if !noDB {
			o.DB = or(db, grade.DefaultDB(o.Submissions))
		}
	}
	o.Exercises = or(o.Exercises, "exercises")
	o.Solutions = or(o.Solutions, "solutions")
	if isTerminal(e.stderr) {
		o.Progress = e.stderr
	}
	_, err = grade.Run(ctx, o)
	if errors.Is(err, grade.ErrSelfTest) {
		return errFailed
	}
	return err
}

func gradeExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("grade export", "--db FILE [--csv FILE] [--json FILE]", `
Export writes the gradebook's current grade of every student on every
exercise (their latest grading): --csv as workbook grade --csv does, --json
as an array of results in the student view (hidden tests say only passed
or failed). "-" is standard output.`, e.stdout)
	db := fs.String("db", "", "the gradebook `FILE`")
	csvOut := fs.String("csv", "", "write the CSV to `FILE`")
	jsonOut := fs.String("json", "", "write JSON to `FILE`")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usageError{"export takes no arguments"}
	case *db == "":
		return usageError{"want --db FILE"}
	case *csvOut == "" && *jsonOut == "":
		return usageError{"want --csv FILE or --json FILE"}
	}
	return grade.Export(ctx, *db, *csvOut, *jsonOut, e.stdout)
}

func gradeMerge(ctx context.Context, e *env, args []string) error {
	fs := newFlags("grade merge", "--db OUT DB...", `
Merge copies every grading of the gradebooks DB... into OUT (created if
need be) that OUT does not have yet. Merging the gradebooks of the shards of
a run (--shard i/n) gives the gradebook of the same run on one machine;
merging a gradebook twice changes nothing.`, e.stdout)
	out := fs.String("db", "", "the merged gradebook `OUT`")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) == 0 {
		return usageError{"want --db OUT and at least one DB"}
	}
	for _, p := range pos {
		if _, err := os.Stat(p); err != nil {
			return err
		}
	}
	book, err := grade.OpenGradebook(*out)
	if err != nil {
		return err
	}
	defer book.Close()
	n, err := book.Merge(ctx, pos...)
	if err != nil {
		return err
	}
	total, err := book.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "merged %d gradings into %s (%d in all)\n", n, *out, total)
	return nil
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// isTerminal reports whether w is a terminal, which gets a progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
