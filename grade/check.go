package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"workbook/grade/sandbox"
)

// ErrCheckFailed is returned by Check when a visible test failed or the
// work was rejected or did not compile; Check has printed why.
var ErrCheckFailed = errors.New("check failed")

// CheckDir is the folder "workbook check NAME [DIR]" checks: DIR/NAME when
// DIR holds a folder NAME (the layout of "workbook exercises init DIR"),
// else DIR; with no DIR, the exercise's own folder under exercises, where
// a student working in a clone of the workbook edits the stub.
func CheckDir(exercises, name, dir string) (string, error) {
	if dir != "" {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.IsDir() {
			return filepath.Join(dir, name), nil
		}
		return dir, nil
	}
	ids, err := exerciseIDs(os.DirFS(exercises))
	if err != nil {
		return "", fmt.Errorf("%s: %v", exercises, err)
	}
	ids, err = selectIDs(ids, []string{name})
	if err != nil {
		return "", err
	}
	return filepath.Join(exercises, filepath.FromSlash(ids[0])), nil
}

// Check runs the visible tests of exercise name (NAME or NN-slug/NAME)
// against the student's files in dir, through the grader's gate, build,
// harness and verdicts, so that a student sees what the grader will say of
// those tests. Hidden tests are never compiled in (the student may not
// have them, and the feedback would show them). grading.json is read from
// opts.Solutions when there is one there (points, limits, imports), else
// the defaults apply; a timing test, which compares with the reference
// solution, is run as a plain test when the solution is not there.
//
// The student's code is their own, so when no sandbox can be had (macOS,
// a container without user namespaces) the tests run without isolation,
// as "go test" would run them, with the grader's limits.
func Check(ctx context.Context, opts Options, name, dir string) (*Result, error) {
	opts.defaults()
	e, err := loadVisible(opts.Exercises, opts.Solutions, name)
	if err != nil {
		return nil, err
	}
	sub, err := readWork(dir, e.Name)
	if err != nil {
		return nil, err
	}
	g := newGrader(opts)
	if err := g.start(ctx); err != nil {
		if opts.Sandbox != "" {
			return nil, err
		}
		fmt.Fprintf(opts.Stderr, "workbook check: no sandbox here (%v); running the tests without isolation\n", firstLine(err.Error()))
		o := opts
		o.Sandbox = sandbox.ModeNone
		g = newGrader(o)
		if err := g.start(ctx); err != nil {
			return nil, err
		}
	}
	defer g.close()
	r := g.grade(ctx, sub, e)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.Final = r.Score
	printCheck(opts.Stdout, r, dir)
	if r.Status != StatusPassed {
		return r, ErrCheckFailed
	}
	return r, nil
}

// loadVisible loads one exercise with only its visible tests.
func loadVisible(exercises, solutions, name string) (*Exercise, error) {
	exFS := os.DirFS(exercises)
	ids, err := exerciseIDs(exFS)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", exercises, err)
	}
	ids, err = selectIDs(ids, []string{name})
	if err != nil {
		return nil, err
	}
	id := ids[0]
	var solFS fs.FS = fstest.MapFS{id + "/README": {}} // no solution: defaults
	if fi, err := os.Stat(filepath.Join(solutions, filepath.FromSlash(id))); err == nil && fi.IsDir() {
		solFS = os.DirFS(solutions)
	}
	full, err := loadExercise(exFS, solFS, id, true)
	if err != nil {
		return nil, err
	}
	e := *full
	e.Tests, e.Cases = map[string][]byte{}, nil
	for file := range full.Visible {
		e.Tests[file] = full.Tests[file]
	}
	for _, c := range full.Cases {
		if !full.Visible[c.File] {
			continue
		}
		if c.Criterion == "timing" && len(e.Solution) == 0 {
			c.Criterion = "correct"
		}
		e.Cases = append(e.Cases, c)
	}
	if len(e.Cases) == 0 {
		return nil, fmt.Errorf("exercises/%s: no visible tests to check", id)
	}
	return &e, nil
}

// readWork reads the student's .go files of dir as exercise name's.
func readWork(dir, name string) (*Submission, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	c, _ := newCollector("you")
	addGoFiles(c, root, ".", name, false) // the visible tests are the exercise's
	return c.s, nil
}

// printCheck writes the verdict on each visible test, with the grader's
// feedback under a failed one.
func printCheck(w io.Writer, r *Result, dir string) {
	fmt.Fprintf(w, "%s (%s): %s/%s points from the visible tests, %s\n", path.Base(r.Exercise), dir, num(r.Score), num(r.MaxScore), r.Status)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(p, "\n", "\n  "))
	}
	if r.Status != StatusPassed && r.Status != StatusFailed {
		return
	}
	for _, t := range r.Tests {
		if t.Passed {
			fmt.Fprintf(w, "  PASS %s (%s)\n", t.Name, points(t.Max))
			continue
		}
		fmt.Fprintf(w, "  FAIL %s (%s): %s\n", t.Name, points(t.Max), t.Reason)
		if t.Feedback != "" {
			fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(t.Feedback, "\n", "\n      "))
		}
	}
	if r.Status == StatusPassed {
		fmt.Fprintln(w, "  every visible test passes; the grader also runs hidden tests")
	}
}

func points(p float64) string {
	if p == 1 {
		return "1 point"
	}
	return num(p) + " points"
}
