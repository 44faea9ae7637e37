package main

import (
	"context"
	"errors"

	"workbook/grade"
)

var gradeCommand = command{
	name:    "grade",
	summary: "grade students' submissions in a sandbox (or prove the sandbox: --selftest)",
	run:     gradeRun,
}

func gradeRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags("grade", "[flags] SUBMISSIONS", `
Grade compiles each student's files for each exercise with the instructor's
visible and hidden tests and runs every test as its own sandboxed process.
SUBMISSIONS holds one folder STUDENT/NAME/*.go per student (NAME is the
exercise's folder name) or an archive STUDENT.zip or STUDENT.tar.gz holding
the same. It prints one line per student and exercise. See the package doc
of workbook/grade for grading.json, the CSV and the threat model.`, e.stdout)
	var o grade.Options
	fs.StringVar(&o.Exercises, "exercises", "exercises", "folder of NN-slug/NAME exercises (stubs, visible tests)")
	fs.StringVar(&o.Solutions, "solutions", "solutions", "folder of NN-slug/NAME solutions (hidden tests, grading.json)")
	fs.StringVar(&o.Exercise, "exercise", "", "grade only this exercise (NAME or NN-slug/NAME)")
	fs.IntVar(&o.Jobs, "jobs", 2, "submissions graded at once")
	fs.StringVar(&o.CSV, "csv", "", "write student,exercise,score,max_score,status,TEST... to `FILE`")
	fs.StringVar(&o.Out, "out", "", "write a STUDENT.json report per student into `DIR`")
	fs.BoolVar(&o.SelfTest, "selftest", false, "prove the sandbox's properties on this machine, print a table and exit")
	fs.BoolVar(&o.Unsafe, "unsafe-no-sandbox", false, "run submissions without isolation if no sandbox works (never on untrusted code)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case o.SelfTest && len(pos) > 0:
		return usageError{"--selftest takes no SUBMISSIONS"}
	case !o.SelfTest && len(pos) != 1:
		return usageError{"want one SUBMISSIONS folder"}
	case !o.SelfTest:
		o.Submissions = pos[0]
	}
	o.Stdout, o.Stderr = e.stdout, e.stderr
	_, err = grade.Run(ctx, o)
	if errors.Is(err, grade.ErrSelfTest) {
		return errFailed
	}
	return err
}
