package chapter

import (
	"errors"
	"fmt"
	"strings"

	"workbook/runner/job"
	"workbook/runner/measure"
)

// Defaults of a measured snippet.
const (
	DefaultRuns   = 5
	DefaultWarmup = 1
)

// setMeasureAttr stores the measurement attributes; it returns a message
// for a bad value. Columns in sweep and assert errors are inside the value.
func setMeasureAttr(a *Attrs, at Attr, ncpu int) string {
	switch at.Key {
	case "measure":
		a.Measure = true
	case "trace":
		a.Trace = true
	case "baseline":
		a.Baseline = at.Value
	case "sweep":
		sw, err := measure.ParseSweep(at.Value, ncpu)
		if err != nil {
			return "sweep: " + err.Error()
		}
		a.Sweep = &sw
	case "assert":
		claims, err := measure.ParseClaims(at.Value)
		if err != nil {
			return "assert: " + joinErrs(err)
		}
		a.Claims = claims
	}
	return ""
}

// checkMeasure reports measurement attributes that cannot work together.
func (p *parseState) checkMeasure(line int, a *Attrs, seen map[string]bool) {
	if a.Trace {
		switch {
		case a.NoRun:
			p.errorf(line, "a no-run snippet has no run to trace")
		case a.Engine == "yaegi":
			p.errorf(line, "execution traces come from the compiled runtime; engine=yaegi cannot trace")
		}
	}
	if a.Measure && a.NoRun {
		p.errorf(line, "a no-run snippet has no run to measure")
	}
	if !a.Measure {
		for _, k := range []string{"runs", "warmup", "sweep", "baseline", "assert"} {
			if seen[k] {
				p.errorf(line, "%s needs measure", k)
			}
		}
		return
	}
	switch {
	case a.Trace:
		p.errorf(line, "a traced run is slowed by tracing, so it cannot also be measured: use two snippets")
	case a.Race:
		p.errorf(line, "the race detector slows a program down several times, so a race build cannot be measured")
	case a.Expect.Outcome != job.OK && a.Expect.Outcome != job.Exit:
		p.errorf(line, "a measured snippet must run to its end, not expect %s", a.Expect)
	case a.Repeat > 1:
		p.errorf(line, "measure runs the snippet runs=N times; repeat does not apply")
	case a.Engine == "yaegi":
		p.errorf(line, "measured snippets run compiled; engine=yaegi cannot measure")
	case a.Sweep != nil && a.GOMAXPROCS > 0 && strings.EqualFold(a.Sweep.Var, "GOMAXPROCS"):
		p.errorf(line, "gomaxprocs and a GOMAXPROCS sweep contradict each other")
	}
	if len(a.Claims) > 0 {
		if err := measure.CheckClaims(a.Claims, a.Sweep, a.Baseline != ""); err != nil {
			p.errorf(line, "assert: %s", joinErrs(err))
		}
	}
}

// checkBaselines runs once every snippet is known: a baseline must be an
// earlier measured snippet of the same chapter.
func (p *parseState) checkBaselines() {
	byID := map[string]*Snippet{}
	for _, s := range p.ch.Snippets {
		byID[s.ID] = s
	}
	for _, s := range p.ch.Snippets {
		b := s.Attrs.Baseline
		if b == "" {
			continue
		}
		switch base, ok := byID[b]; {
		case !ok:
			p.errorf(s.Line, "baseline %q is not a snippet of this chapter", b)
		case base == s:
			p.errorf(s.Line, "a snippet cannot be its own baseline")
		case !base.Attrs.Measure:
			p.errorf(s.Line, "baseline %q is not measured (add measure to it)", b)
		case base.Line > s.Line:
			// The runner measures in chapter order and waits for the
			// baseline; one further down could not have started.
			p.errorf(s.Line, "baseline %q must come before the snippet that compares with it", b)
		}
	}
}

func joinErrs(err error) string {
	var multi interface{ Unwrap() []error }
	if errors.As(err, &multi) {
		var parts []string
		for _, e := range multi.Unwrap() {
			parts = append(parts, e.Error())
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(err)
}
