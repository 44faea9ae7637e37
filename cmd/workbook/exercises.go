package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"workbook/grade"
)

var exercisesCommand = command{
	name:    "exercises",
	summary: "verify the exercises (verify) or copy them out for a student (init DIR)",
	run:     exercisesRun,
}

func exercisesRun(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprint(e.stdout, `usage: workbook exercises verify [flags] [NAME...]
       workbook exercises init [flags] DIR [NAME...]

verify grades every reference solution (full marks expected) and every stub
(less than full marks expected) in the sandbox, as the grader would a
student's submission; init copies the exercises' stubs, visible tests,
README and go.mod into DIR/NAME for a student to work in.
Run 'workbook exercises verify --help' or 'workbook exercises init --help'.
`)
		if len(args) == 0 {
			return usageError{"want a subcommand: verify or init"}
		}
		return errHelp
	}
	switch args[0] {
	case "verify":
		return exercisesVerify(ctx, e, args[1:])
	case "init":
		return exercisesInit(e, args[1:])
	}
	return usageError{fmt.Sprintf("unknown subcommand %q (want verify or init)", args[0])}
}

func exercisesVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags("exercises verify", "[flags] [NAME...]", `
Verify grades each exercise's reference solution and its stub in the
sandbox, through the grader a student's submission goes through. The
reference must get full marks; the stub must compile, run and get less.
It prints a line per exercise, with the reasons under a failing one, and
exits 1 when any exercise fails or does not load. NAME selects exercises
by NAME, NN-slug/NAME or chapter folder NN-slug; none selects all.`, e.stdout)
	var o grade.Options
	fs.StringVar(&o.Exercises, "exercises", "exercises", "folder of NN-slug/NAME exercises (stubs, visible tests)")
	fs.StringVar(&o.Solutions, "solutions", "solutions", "folder of NN-slug/NAME solutions (hidden tests, grading.json)")
	fs.IntVar(&o.Jobs, "jobs", 2, "submissions graded at once")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	o.Stdout, o.Stderr = e.stdout, e.stderr
	_, err = grade.Verify(ctx, o, pos)
	if errors.Is(err, grade.ErrVerify) {
		return errFailed
	}
	return err
}

func exercisesInit(e *env, args []string) error {
	fs := newFlags("exercises init", "[flags] DIR [NAME...]", `
Init copies each exercise's stub, visible tests, README.md and go.mod into
DIR/NAME, the layout the grader expects of a submission: work there, run
'workbook check NAME DIR/NAME' (or 'go test -race .' in the folder), and
hand in DIR's NAME folders. A file already in DIR is left as it is. NAME
selects exercises by NAME, NN-slug/NAME or chapter folder NN-slug; none
selects all.`, e.stdout)
	exercises := fs.String("exercises", "exercises", "folder of NN-slug/NAME exercises")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"want a destination DIR"}
	}
	if _, err := os.Stat(*exercises); err != nil {
		return err
	}
	return grade.InitExercises(os.DirFS(*exercises), pos[0], pos[1:], e.stdout)
}
