package grade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
)

// Verification is the check of one exercise's content: its reference
// solution must get full marks and its stub must compile, run and get
// less (docs/authoring.md).
type Verification struct {
	Exercise  *Exercise
	Reference *Result
	Stub      *Result
	Problems  []string // why the exercise fails verification; empty when it passes
}

// OK reports whether the exercise passed verification.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// ErrVerify is returned by Verify when an exercise failed verification or
// could not be loaded; Verify has printed why.
var ErrVerify = errors.New("exercises failed verification")

// Verify grades, in the sandbox and through the same path as a student's
// submission, every selected exercise's reference solution (as student
// "reference") and its stub (as student "stub"). names select exercises by
// NAME, NN-slug/NAME or NN-slug; none selects all. It prints a line per
// exercise and, under a failing one, the reasons; it returns ErrVerify when
// any exercise failed or did not load, after verifying those that loaded.
func Verify(ctx context.Context, opts Options, names []string) ([]*Verification, error) {
	opts.defaults()
	exercises, loadErr := LoadExercises(os.DirFS(opts.Exercises), os.DirFS(opts.Solutions))
	if loadErr != nil {
		for _, line := range strings.Split(loadErr.Error(), "\n") {
			fmt.Fprintf(opts.Stdout, "FAIL  %s\n", line)
		}
	}
	exercises, err := selectNamed(exercises, names)
	if err != nil && loadErr != nil {
		return nil, ErrVerify // the name may be of an exercise that did not load
	}
	if err != nil {
		return nil, err
	}
	if len(exercises) == 0 {
		return nil, ErrVerify
	}
	g := newGrader(opts)
	if err := g.start(ctx); err != nil {
		return nil, err
	}
	defer g.close()
	ref := &Submission{Student: "reference", Files: map[string]map[string][]byte{}}
	stub := &Submission{Student: "stub", Files: map[string]map[string][]byte{}}
	var tasks []task
	for _, e := range exercises {
		ref.Files[e.Name] = e.Solution
		stub.Files[e.Name] = e.Stub
		tasks = append(tasks, task{sub: ref, ex: e}, task{sub: stub, ex: e})
	}
	var mu sync.Mutex
	var results []*Result
	g.gradeTasks(ctx, tasks, func(_ task, r *Result) {
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	byKey := map[string]*Result{}
	for _, r := range results {
		byKey[r.Student+" "+r.Exercise] = r
	}
	var vs []*Verification
	failed := loadErr != nil
	for _, e := range exercises {
		v := &Verification{Exercise: e, Reference: byKey["reference "+e.ID], Stub: byKey["stub "+e.ID]}
		v.check()
		vs = append(vs, v)
		v.print(opts.Stdout)
		failed = failed || !v.OK()
	}
	if failed {
		return vs, ErrVerify
	}
	return vs, nil
}

// check fills v.Problems.
func (v *Verification) check() {
	e, ref, stub := v.Exercise, v.Reference, v.Stub
	if len(e.Cases) == 0 {
		v.Problems = append(v.Problems, fmt.Sprintf("%s: no tests (want Test functions in the visible or hidden test files)", e.ID))
	}
	for name := range e.Solution {
		if _, ok := e.Stub[name]; !ok {
			v.Problems = append(v.Problems, fmt.Sprintf("solutions/%s/%s: no stub file of that name, so a student could not submit it (the grader ignores it)", e.ID, name))
		}
	}
	switch {
	case ref == nil:
		v.Problems = append(v.Problems, "reference: not graded")
	case ref.Status != StatusPassed || ref.Score != ref.MaxScore:
		v.Problems = append(v.Problems, fmt.Sprintf("reference: %s/%s %s, want full marks", num(ref.Score), num(ref.MaxScore), ref.Status))
		v.Problems = append(v.Problems, why("reference", ref)...)
	}
	switch {
	case stub == nil:
		v.Problems = append(v.Problems, "stub: not graded")
	case stub.Status != StatusFailed:
		// A stub that is rejected or does not compile leaves a student
		// nothing to start from; one that passes teaches nothing.
		v.Problems = append(v.Problems, fmt.Sprintf("stub: %s/%s %s, want it to compile, run and fail a test", num(stub.Score), num(stub.MaxScore), stub.Status))
		v.Problems = append(v.Problems, why("stub", stub)...)
	case stub.Score >= stub.MaxScore:
		v.Problems = append(v.Problems, fmt.Sprintf("stub: %s/%s, want less than full marks", num(stub.Score), num(stub.MaxScore)))
	}
}

// why lists a result's problems and failed tests, one line each.
func why(who string, r *Result) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, who+": "+firstLine(p))
	}
	for _, t := range r.Tests {
		if !t.Passed && r.Status == StatusFailed {
			out = append(out, fmt.Sprintf("%s: %s: %s", who, t.Name, firstLine(t.Reason)))
		}
	}
	return out
}

func (v *Verification) print(w io.Writer) {
	word := "ok"
	if !v.OK() {
		word = "FAIL"
	}
	line := fmt.Sprintf("%-5s %-32s", word, v.Exercise.ID)
	if r := v.Reference; r != nil {
		line += fmt.Sprintf(" reference %s/%s %s", num(r.Score), num(r.MaxScore), r.Status)
	}
	if r := v.Stub; r != nil {
		line += fmt.Sprintf("  stub %s/%s %s", num(r.Score), num(r.MaxScore), r.Status)
	}
	fmt.Fprintln(w, strings.TrimRight(line, " "))
	for _, p := range v.Problems {
		fmt.Fprintf(w, "    %s\n", p)
	}
}

// selectNamed keeps the exercises named by NAME, NN-slug/NAME or NN-slug,
// in their order; no names keeps all. A name that matches nothing is an
// error.
func selectNamed(all []*Exercise, names []string) ([]*Exercise, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []*Exercise
	var missing []string
	for _, n := range names {
		n = strings.TrimSuffix(n, "/")
		found := false
		for _, e := range all {
			if e.Name == n || e.ID == n || path.Dir(e.ID) == n {
				found = true
				if !containsExercise(out, e) {
					out = append(out, e)
				}
			}
		}
		if !found {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no exercise %s", strings.Join(quoteAll(missing), ", "))
	}
	return out, nil
}

func containsExercise(list []*Exercise, e *Exercise) bool {
	for _, o := range list {
		if o == e {
			return true
		}
	}
	return false
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
