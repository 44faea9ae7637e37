package runner

import (
	"workbook/runner/chapter"
	"workbook/runner/job"
)

// choice is the engine picked for a snippet and why.
type choice struct {
	engine Engine // nil: skipped
	reason string
	skip   string // why the snippet cannot run here
}

// needsToolchain says why a snippet must be compiled whatever the engine
// eligibility of its code, or "".
func needsToolchain(s *chapter.Snippet) string {
	a := s.Attrs
	switch {
	case a.Measure:
		return "measurements are of compiled programs, in the measurement lane"
	case a.Trace:
		return "execution traces come from the compiled runtime"
	case a.Race || a.Expect.Outcome == job.Race:
		return "race detection needs the compiled engine"
	case a.Expect.Outcome == job.Deadlock:
		return "deadlock detection needs the compiled runtime"
	case a.Expect.Outcome == job.CompileError:
		return "compile errors are the toolchain's to report"
	case a.NoRun:
		return "compile-only checks use the toolchain"
	}
	return ""
}

func (r *Runner) choose(ch *chapter.Chapter, s *chapter.Snippet) choice {
	name, why := s.Attrs.Engine, "engine="+s.Attrs.Engine
	if r.cfg.Engine != "" && r.cfg.Engine != "auto" {
		name, why = r.cfg.Engine, "--engine "+r.cfg.Engine
	}
	if name == "auto" {
		name, why = r.auto(ch, s)
	}
	if name == "yaegi" {
		if s.Attrs.Measure || s.Attrs.Trace {
			return choice{skip: why + ": measurements and traces are of compiled programs only"}
		}
		if r.cfg.Yaegi == nil {
			return choice{skip: "the yaegi engine is not available"}
		}
		return choice{engine: r.cfg.Yaegi, reason: why}
	}
	if r.cfg.Go == nil {
		msg := "needs the Go toolchain (" + why + ")"
		if r.cfg.GoErr != nil {
			msg += ": " + r.cfg.GoErr.Error()
		}
		return choice{skip: msg}
	}
	return choice{engine: r.cfg.Go, reason: why}
}

func (r *Runner) auto(ch *chapter.Chapter, s *chapter.Snippet) (string, string) {
	if why := needsToolchain(s); why != "" {
		return "go", why
	}
	if r.cfg.Eligible == nil {
		return "go", "no interpreter configured"
	}
	if ok, why := r.cfg.Eligible(s.Program); !ok {
		return "go", "not for yaegi: " + job.MapPositions(why, ch.Path, s.Program)
	}
	return "yaegi", "yaegi runs it faithfully and needs no build"
}
