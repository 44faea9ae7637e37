package runner

import (
	"fmt"
	"strings"

	"workbook/runner/chapter"
	"workbook/runner/job"
)

// judge checks one run of s. report explains a failure; positions in it
// are chapter positions.
func judge(ch *chapter.Chapter, s *chapter.Snippet, r job.Result) (ok bool, report string) {
	want := s.Attrs.Expect
	if s.Attrs.NoRun && want.Outcome == job.OK {
		want.Outcome = job.Compiled
	}
	got := r.Outcome
	if got != want.Outcome || (got == job.Exit && r.ExitCode != want.ExitCode) {
		return false, outcomeReport(ch, s, want, r)
	}
	if s.Output == nil {
		return true, ""
	}
	if ok, rep := s.Output.Expect.Check(r.Stdout); !ok {
		if strings.TrimSpace(r.Stdout) == "" && strings.TrimSpace(r.Stderr) != "" {
			rep += "\n(the program printed only to standard error, which is not checked: " +
				"println and log write there; use fmt.Println)"
		}
		return false, fmt.Sprintf("output does not match the block at line %d (%s):\n%s",
			s.Output.Line, s.Output.Expect.Mode, rep)
	}
	return true, ""
}

// outcomeReport says how the run ended against how it should have. The
// run's standard error is not repeated here: an output event carries it
// for every run that failed.
func outcomeReport(ch *chapter.Chapter, s *chapter.Snippet, want chapter.Expect, r job.Result) string {
	report := fmt.Sprintf("want %s, got %s", describe(want.Outcome, want.ExitCode), describe(r.Outcome, r.ExitCode))
	if r.Detail != "" {
		report += ": " + job.MapPositions(r.Detail, ch.Path, s.Program)
	}
	return report
}

func describe(o job.Outcome, code int) string {
	switch o {
	case job.OK:
		return "a clean exit"
	case job.Exit:
		return fmt.Sprintf("exit status %d", code)
	case job.Compiled:
		return "a successful build"
	case job.CompileError:
		return "a compile error"
	}
	return "a " + string(o)
}
