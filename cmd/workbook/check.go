package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"workbook/grade"
	"workbook/site"
)

var checkCommand = command{
	name:    "check",
	summary: "run an exercise's visible tests on your work, as the grader would (--watch: on every save)",
	run:     checkRun,
}

func checkRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags("check", "[flags] NAME [DIR]", `
Check runs the visible tests of exercise NAME (with -race, as the exercise's
grading.json says) on your files in DIR, through the grader's own gate,
build and verdicts, and prints what the grader will say of those tests:
PASS or FAIL for each, with the race report, deadlock dump or failure
lines trimmed to your code. Hidden tests are not run; the grader runs them.

DIR is the folder holding NAME's files, or a folder holding NAME/ (as
'workbook exercises init DIR' lays them out); without DIR, the exercise's
folder under --exercises. --watch checks again each time a .go file in
DIR is saved, until Ctrl-C. Exit status 1 when a test fails.`, e.stdout)
	var o grade.Options
	fs.StringVar(&o.Exercises, "exercises", "exercises", "folder of NN-slug/NAME exercises")
	fs.StringVar(&o.Solutions, "solutions", "solutions", "folder of solutions, for grading.json when it is there")
	watch := fs.Bool("watch", false, "check again on every save")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 1 || len(pos) > 2 {
		return usageError{"want NAME and at most one DIR"}
	}
	dir := ""
	if len(pos) == 2 {
		dir = pos[1]
	}
	if dir, err = grade.CheckDir(o.Exercises, pos[0], dir); err != nil {
		return err
	}
	o.Stdout, o.Stderr, o.Jobs = e.stdout, e.stderr, 1
	check := func(ctx context.Context) error {
		_, err := grade.Check(ctx, o, pos[0], dir)
		if errors.Is(err, grade.ErrCheckFailed) {
			return errFailed
		}
		return err
	}
	if !*watch {
		return check(ctx)
	}
	w, err := site.NewWatcher(dir)
	if err != nil {
		return err
	}
	go w.Run(ctx)
	return watchLoop(ctx, w.Batches(), e.stdout, check)
}

// watchLoop checks once, then again for every batch of changes that
// touches a .go file, until ctx ends or batches closes. A check's failure
// is the student's to fix, not the end of the loop; a failure of the
// tool (no exercise, no Go) is.
func watchLoop(ctx context.Context, batches <-chan []string, out io.Writer, check func(context.Context) error) error {
	for {
		if err := check(ctx); err != nil && !errors.Is(err, errFailed) {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		fmt.Fprintln(out, "watching for changes (Ctrl-C to stop)")
		changed := ""
		for changed == "" {
			select {
			case <-ctx.Done():
				return nil
			case batch, ok := <-batches:
				if !ok {
					return nil
				}
				changed = goFiles(batch)
			}
		}
		fmt.Fprintf(out, "\n--- %s changed: checking again\n", changed)
	}
}

// goFiles names the .go files of a batch, or "" when there are none.
func goFiles(batch []string) string {
	var names []string
	for _, p := range batch {
		if strings.HasSuffix(p, ".go") {
			names = append(names, filepath.Base(p))
		}
	}
	return strings.Join(names, ", ")
}
