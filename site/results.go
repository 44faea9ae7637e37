package site

import (
	"sync"
	"time"

	"workbook/runner/event"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

// Result is what one snippet's run leaves for its page: the first run's
// output, the verdict, and the measurement or timeline, if any.
type Result struct {
	Engine      string             `json:"engine,omitempty"`
	Stdout      string             `json:"stdout,omitempty"`
	Stderr      string             `json:"stderr,omitempty"`
	Truncated   bool               `json:"truncated,omitempty"`
	Outcome     string             `json:"outcome,omitempty"`
	ExitCode    int                `json:"exit_code,omitempty"`
	Detail      string             `json:"detail,omitempty"`
	Pass        bool               `json:"pass"`
	Skip        bool               `json:"skip,omitempty"`
	Cached      bool               `json:"cached,omitempty"`
	Expect      string             `json:"expect,omitempty"`
	Report      string             `json:"report,omitempty"`
	Reason      string             `json:"reason,omitempty"`
	Runs        int                `json:"runs,omitempty"`
	Elapsed     time.Duration      `json:"elapsed,omitempty"`
	Measurement *event.Measurement `json:"measurement,omitempty"`
	Timeline    *timeline.Timeline `json:"timeline,omitempty"`

	run int // the run whose output is kept
}

// Verdict is the word the page shows for the result: passed, expected
// failure, measured, failed or skipped.
func (r *Result) Verdict() string {
	switch {
	case r == nil:
		return "not run"
	case r.Skip:
		return "skipped"
	case !r.Pass:
		return "failed"
	case r.Measurement != nil:
		return "measured"
	case r.Expect != "" && r.Expect != "ok":
		return "expected " + r.Expect
	}
	return "passed"
}

// Results are the results of one run of the runner, by chapter path and
// snippet id; chapter-level errors (a chapter that does not parse) by
// chapter path. It is an event.Sink.
type Results struct {
	mu       sync.Mutex
	snippets map[string]map[string]*Result
	errors   map[string]string
}

// NewResults returns an empty Results.
func NewResults() *Results {
	return &Results{snippets: map[string]map[string]*Result{}, errors: map[string]string{}}
}

// Event records e.
func (rs *Results) Event(e event.Event) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if e.Action == event.Error {
		rs.errors[e.Chapter] = e.Text
		return
	}
	if e.Snippet == "" {
		return
	}
	byID := rs.snippets[e.Chapter]
	if byID == nil {
		byID = map[string]*Result{}
		rs.snippets[e.Chapter] = byID
	}
	r := byID[e.Snippet]
	if r == nil || e.Action == event.Start {
		r = &Result{}
		byID[e.Snippet] = r
	}
	switch e.Action {
	case event.Engine:
		r.Engine = e.Engine
	case event.Output:
		// The runner sends the first run's output, and a later run's only
		// when it failed: the page shows the last one sent.
		if e.Run > r.run {
			r.run, r.Stdout, r.Stderr = e.Run, "", ""
		}
		if e.Stream == "stderr" {
			r.Stderr += e.Text
		} else {
			r.Stdout += e.Text
		}
	case event.Run:
		if e.Run <= 1 || e.Run == r.run {
			r.Outcome, r.ExitCode, r.Detail, r.Truncated = e.Outcome, e.ExitCode, e.Detail, e.Truncated
		}
	case event.Verdict:
		r.Pass = e.Pass != nil && *e.Pass
		r.Skip, r.Cached, r.Expect, r.Report, r.Reason = e.Skip, e.Cached, e.Expect, e.Report, e.Reason
		r.Runs, r.Elapsed = e.Runs, e.Elapsed.Duration()
	case event.Measure:
		r.Measurement = e.Measurement
	case event.Timeline:
		r.Timeline = e.Timeline
	}
}

// Chapter returns the results of one chapter's snippets by id, and its
// parse error text, if any.
func (rs *Results) Chapter(path string) (map[string]*Result, string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.snippets[path], rs.errors[path]
}

// figureEnv is what {{measured}} references of a snippet read.
func figureEnv(r *Result, base *Result) (measure.FigureEnv, bool) {
	if r == nil || r.Measurement == nil {
		return measure.FigureEnv{}, false
	}
	m := r.Measurement
	env := measure.FigureEnv{ClaimEnv: measure.ClaimEnv{Cores: m.Provenance.Cores, Stats: m.Stats, Sweep: m.Sweep, Points: m.Points}, Fit: m.Fit}
	if base != nil && base.Measurement != nil {
		env.Baseline = base.Measurement.Stats
	}
	return env, true
}
