// Package event defines the runner's event stream: newline-delimited JSON,
// one Event per line, written by "workbook run --json" and "workbook test
// --json" and read by every view of a run (the terminal printer, the site
// builder, the grader).
//
// # Schema
//
// Every event has "time" (RFC 3339 with nanoseconds) and "action". Fields
// that do not apply are left out. Durations are in seconds, as floats.
//
//	action    fields                                       meaning
//	chapter   chapter, title, snippets                     a chapter is about to run
//	start     chapter, snippet, line, code, runs           a snippet starts; code is what readers see
//	engine    chapter, snippet, engine, reason             the engine chosen for it, and why
//	output    chapter, snippet, run, stream, text          what one run printed (stream stdout or stderr);
//	                                                       sent for the first run, and for any run that failed
//	run       chapter, snippet, run, runs, outcome,        one run ended; build is the build time (0 when the
//	          exit_code, elapsed, build, cached, detail,   binary or the whole result came from a cache);
//	          truncated, user_cpu, sys_cpu, max_rss        cached means the result itself was not produced now
//	verdict   chapter, snippet, line, pass, skip, cached,  the snippet's check: pass; or skip with reason
//	          passed, runs, expect, outcome, report,       (e.g. no Go toolchain); report is the readable
//	          reason, elapsed                              want/got explanation of a failure
//	measure   chapter, snippet, measurement                a measured snippet's statistics, sweep table,
//	                                                       Amdahl fit, claims and provenance (see Measurement);
//	                                                       sent before its verdict
//	timeline  chapter, snippet, timeline                   the goroutine timeline of a traced run (package
//	                                                       workbook/runner/timeline)
//	parity    chapter, snippet, line, pass, report         "workbook test --parity": whether yaegi and the
//	                                                       compiled engine agree on the snippet
//	error     chapter, text                                a chapter could not be read or parsed; text holds
//	                                                       every "file:line: message", one per line
//	summary   passed, failed, skipped, elapsed             the end of the stream
//
// Positions in text, detail and report are chapter positions
// ("chapters/03-threads.md:57").
//
// # Order
//
// A snippet's events are contiguous and snippets come in chapter order,
// even when "workbook test" runs them in parallel.
package event

import (
	"encoding/json"
	"io"
	"sync"
	"time"

	"workbook/runner/measure"
	"workbook/runner/timeline"
)

// Actions.
const (
	Chapter  = "chapter"
	Start    = "start"
	Engine   = "engine"
	Output   = "output"
	Run      = "run"
	Verdict  = "verdict"
	Parity   = "parity"
	Measure  = "measure"
	Timeline = "timeline"
	Error    = "error"
	Summary  = "summary"
)

// Event is one line of the stream.
type Event struct {
	Time   time.Time `json:"time"`
	Action string    `json:"action"`

	Chapter  string `json:"chapter,omitempty"`
	Title    string `json:"title,omitempty"`
	Snippets int    `json:"snippets,omitempty"`
	Snippet  string `json:"snippet,omitempty"`
	Line     int    `json:"line,omitempty"`
	Code     string `json:"code,omitempty"`

	Engine string `json:"engine,omitempty"`
	Reason string `json:"reason,omitempty"`

	Run       int      `json:"run,omitempty"`
	Runs      int      `json:"runs,omitempty"`
	Stream    string   `json:"stream,omitempty"`
	Text      string   `json:"text,omitempty"`
	Outcome   string   `json:"outcome,omitempty"`
	ExitCode  int      `json:"exit_code,omitempty"`
	Elapsed   *Seconds `json:"elapsed,omitempty"`
	Build     *Seconds `json:"build,omitempty"`
	Detail    string   `json:"detail,omitempty"`
	Truncated bool     `json:"truncated,omitempty"`
	UserCPU   *Seconds `json:"user_cpu,omitempty"`
	SysCPU    *Seconds `json:"sys_cpu,omitempty"`
	MaxRSS    int64    `json:"max_rss,omitempty"`

	Pass    *bool  `json:"pass,omitempty"`
	Skip    bool   `json:"skip,omitempty"`
	Cached  bool   `json:"cached,omitempty"`
	Passed  int    `json:"passed,omitempty"`
	Failed  int    `json:"failed,omitempty"`
	Skipped int    `json:"skipped,omitempty"`
	Expect  string `json:"expect,omitempty"`
	Report  string `json:"report,omitempty"`

	Measurement *Measurement       `json:"measurement,omitempty"`
	Timeline    *timeline.Timeline `json:"timeline,omitempty"`
}

// Measurement is what the measurement lane found for one snippet.
type Measurement struct {
	Provenance measure.Provenance `json:"provenance"`
	// Stored is set when the measurement was taken earlier and reused
	// from the timing store (workbook build without --remeasure); the
	// provenance says when and where.
	Stored bool `json:"stored,omitempty"`
	Warmup int  `json:"warmup"`
	// Stats summarises the runs of an unswept snippet.
	Stats *measure.Stats `json:"stats,omitempty"`
	// Sweep, Points and Fit describe a swept one.
	Sweep  *measure.Sweep  `json:"sweep,omitempty"`
	Points []measure.Point `json:"points,omitempty"`
	Fit    *measure.Fit    `json:"fit,omitempty"`
	// Baseline is the id of the snippet the speed-up is against.
	Baseline        string                `json:"baseline,omitempty"`
	BaselineSpeedup float64               `json:"baseline_speedup,omitempty"`
	Claims          []measure.ClaimResult `json:"claims,omitempty"`
}

// Seconds is a duration that marshals as a number of seconds.
type Seconds float64

// Dur returns a *Seconds for d.
func Dur(d time.Duration) *Seconds {
	s := Seconds(d.Seconds())
	return &s
}

// Duration converts back; a nil *Seconds is 0.
func (s *Seconds) Duration() time.Duration {
	if s == nil {
		return 0
	}
	return time.Duration(float64(*s) * float64(time.Second))
}

// Bool returns a *bool for b.
func Bool(b bool) *bool { return &b }

// Sink receives events. Implementations need not be safe for concurrent
// use: the runner calls a sink from one goroutine at a time.
type Sink interface {
	Event(Event)
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(Event)

func (f SinkFunc) Event(e Event) { f(e) }

// JSONWriter writes events as newline-delimited JSON.
type JSONWriter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// NewJSONWriter returns a Sink writing to w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{enc: json.NewEncoder(w)}
}

func (j *JSONWriter) Event(e Event) {
	j.mu.Lock()
	defer j.mu.Unlock()
	_ = j.enc.Encode(e) // a closed pipe is the reader's business, not the run's
}

// Tee sends every event to each sink in turn.
type Tee []Sink

func (t Tee) Event(e Event) {
	for _, s := range t {
		s.Event(e)
	}
}

// Decode reads a stream back, calling f for each event.
func Decode(r io.Reader, f func(Event) error) error {
	dec := json.NewDecoder(r)
	for {
		var e Event
		if err := dec.Decode(&e); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := f(e); err != nil {
			return err
		}
	}
}
