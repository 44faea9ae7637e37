package grade

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// defaultTimingFactor is how much slower than the reference solution a
// student's test may run under the "timing" criterion. Two test processes
// measured back to back on a quiet machine differ by well under 2×; an
// implementation that forgoes the parallelism the exercise asks for is
// slower by about the parallelism it forwent.
const defaultTimingFactor = 2.0

// references compiles each exercise's reference solution once per grading
// run, for the timing criterion.
type references struct {
	mu sync.Mutex
	m  map[string]*reference
}

type reference struct {
	once  sync.Once
	b     *build
	files map[string]bool
	err   error
}

func (g *grader) reference(ctx context.Context, e *Exercise) (*reference, error) {
	g.refs.mu.Lock()
	if g.refs.m == nil {
		g.refs.m = map[string]*reference{}
	}
	ref := g.refs.m[e.ID]
	if ref == nil {
		ref = &reference{files: map[string]bool{}}
		g.refs.m[e.ID] = ref
	}
	g.refs.mu.Unlock()
	ref.once.Do(func() {
		for name := range e.Solution {
			ref.files[name] = true
		}
		dir, err := os.MkdirTemp(g.dir, "reference-")
		if err != nil {
			ref.err = err
			return
		}
		g.quiet.RLock()
		ref.b, ref.err = g.comp.compile(ctx, dir, e, e.Solution)
		g.quiet.RUnlock()
		if ref.err == nil && ref.b.bin == "" {
			ref.err = fmt.Errorf("%s: the reference solution does not compile:\n%s", e.ID, ref.b.output)
		}
	})
	return ref, ref.err
}

// runTiming runs a "timing" test: the reference solution's and then the
// student's, back to back, with nothing else of the grading run on the
// machine (the exclusive side of g.quiet), and compares their wall times,
// which the grader measures (a test's own "(0.52s)" is the student's to
// print). The student's test must pass and take at most timing_factor
// times the reference's.
func (g *grader) runTiming(ctx context.Context, e *Exercise, b *build, c Case, student map[string]bool) (TestResult, error) {
	ref, err := g.reference(ctx, e)
	if err != nil {
		return TestResult{}, err
	}
	g.quiet.Lock()
	defer g.quiet.Unlock()
	rt, rres, err := g.runOne(ctx, e, ref.b, c, ref.files)
	if err != nil {
		return TestResult{}, err
	}
	if !rt.Passed {
		return TestResult{}, fmt.Errorf("%s: the reference solution fails %s: %s", e.ID, c.Name, rt.Reason)
	}
	tr, res, err := g.runOne(ctx, e, b, c, student)
	if err != nil || !tr.Passed {
		return tr, err
	}
	factor := e.Config.TimingFactor
	if factor <= 0 {
		factor = defaultTimingFactor
	}
	limit := time.Duration(float64(rres.Elapsed) * factor)
	if res.Elapsed > limit {
		tr.Passed, tr.Earned = false, 0
		tr.Reason = fmt.Sprintf("timing: took %v, more than %g× the reference solution's %v",
			res.Elapsed.Round(time.Millisecond), factor, rres.Elapsed.Round(time.Millisecond))
	}
	return tr, nil
}
