// Package timeline turns a snippet's execution trace into a small model of
// which goroutine ran on which P, and when: what the scheduling and threads
// chapters draw as "three goroutines sharing one CPU" from a real run.
//
// # Instrumenting
//
// A snippet holds no trace code. Instrument rewrites the program: the
// user's func main, in the package of the program's root directory, is
// renamed on its own line (to "main_", or "main__" if that name is taken),
// so that line numbers in compile errors and panics do not move, and the
// file WrapperFile ("zz_workbook_trace.go") adds a main that records a
// runtime/trace around the user's main.
//
// The runner-to-program protocol is one environment variable:
//
//	WORKBOOK_TRACE=PATH
//
// When it is set, the program creates PATH (relative to its working
// directory, so the runner passes an absolute path), starts runtime/trace
// into it, logs an event (category "workbook", message "main=main_"),
// calls the user's main, and when that main returns or panics logs another
// ("workbook", "return") and stops the trace. When it is unset or empty the
// program just runs. A failure to create PATH or to start the trace is
// printed as "workbook: trace: …" and exits with status 2. Tracing slows a
// program down, so a traced run is no measurement.
//
// The trace is written only when main's deferred calls run: a main that
// returns or panics leaves a complete trace. A program that calls os.Exit,
// dies of a fatal runtime error (such as "all goroutines are asleep"),
// panics in another goroutine or is killed at its deadline leaves an empty
// or truncated trace, and Parse says so. Two other costs: a panic's
// goroutine dump names the user's main "main.main_" and shows the
// wrapper's frame below it, and a snippet that calls main() itself calls
// the wrapper instead.
//
// # The model
//
// Parse reads a trace with golang.org/x/exp/trace. A Timeline has the Ps
// of the run (the lanes; there are GOMAXPROCS of them) and the goroutines
// that matter: the main goroutine and every goroutine whose start function
// is the snippet's code, or that was created (directly or through a library,
// as sync.WaitGroup.Go does) by the snippet's code. The snippet's code is a
// stack frame whose function is in package main or whose file is under
// job.PosPrefix ("@wb/"), the wrapper excepted. The runtime's own
// goroutines (the garbage collector's workers, the trace reader) are left
// out.
//
// Each goroutine has a list of intervals in time order that never overlap:
// running (on P), runnable (waiting for a P), blocked (waiting for
// something, with the reason the trace gives: "chan receive", "sync",
// "sleep", "select", …) and syscall. Times are nanoseconds since the start
// of the trace. The timeline ends when the user's main returns (stopping
// the trace keeps the main goroutine busy for a while, which is not the
// snippet's time), or at the last event of a trace without the wrapper's
// events. A goroutine's label is its start function, such as "main.worker"
// or "main.main.func1" (the renaming undone), and the position of the go
// statement that created it, such as "@wb/main.go:14".
//
// All of it is JSON-tagged for the site; Chart (a row per goroutine) and
// ProcChart (a row per P) adapt it to chart.TimelineChart.
package timeline

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"workbook/runner/chart"
)

// State is what a goroutine is doing during an interval.
type State string

const (
	Running  State = "running"  // executing on a P
	Runnable State = "runnable" // ready, waiting for a P
	Blocked  State = "blocked"  // waiting on a channel, lock, timer, I/O…
	Syscall  State = "syscall"  // in a system call
)

// Timeline is the scheduling history of one run.
type Timeline struct {
	// Duration is the time from the start of the trace to the return of the
	// user's main (or to the last event).
	Duration int64 `json:"duration_ns"`
	// Ps lists the IDs of the Ps of the run, in increasing order.
	Ps []int `json:"ps"`
	// Goroutines lists the goroutines that matter: the main goroutine
	// first, then the others in the order the trace first shows them
	// (their order of creation, for those created while it ran).
	Goroutines []Goroutine `json:"goroutines"`
}

// Goroutine is one goroutine's history.
type Goroutine struct {
	ID int64 `json:"id"`
	// Main is set for the main goroutine.
	Main bool `json:"main,omitempty"`
	// Func is the start function, such as "main.worker"; "main.main" for
	// the main goroutine. For a goroutine that a library started on the
	// snippet's behalf (wg.Go(f) runs f in a closure of package sync) it
	// is the outermost function of the snippet's code seen on the
	// goroutine's stacks, when one was seen.
	Func string `json:"func"`
	// CreatedAt is the position of the go statement in the snippet's code
	// that created the goroutine, such as "@wb/main.go:14"; empty for the
	// main goroutine and when the trace does not say.
	CreatedAt string `json:"created_at,omitempty"`
	// Intervals are in time order and do not overlap. Gaps are times the
	// goroutine did not exist or the trace did not say.
	Intervals []Interval `json:"intervals"`
}

// Interval is a stretch of time in one state.
type Interval struct {
	State State `json:"state"`
	Start int64 `json:"start_ns"` // since the start of the trace
	End   int64 `json:"end_ns"`   // after Start
	// P is the P a running goroutine runs on; -1 in the other states.
	P int `json:"p"`
	// Reason is the trace's reason for entering the state: what a blocked
	// goroutine waits for ("chan receive", "sync", "sleep"), why a running
	// one became runnable ("preempted", "yield"); often empty.
	Reason string `json:"reason,omitempty"`
}

// Label is how a goroutine is named on a chart: "G7 main.worker".
func (g *Goroutine) Label() string {
	return fmt.Sprintf("G%d %s", g.ID, g.Func)
}

// Total returns the time the goroutine spent in state s.
func (g *Goroutine) Total(s State) int64 {
	var d int64
	for _, iv := range g.Intervals {
		if iv.State == s {
			d += iv.End - iv.Start
		}
	}
	return d
}

// Chart returns the timeline as a chart with one row per goroutine, for
// chart.Timeline. Running segments are noted with their P, blocked ones
// with their reason.
func (t *Timeline) Chart() chart.TimelineChart {
	c := chart.TimelineChart{
		Title: fmt.Sprintf("%d goroutines on %s", len(t.Goroutines), plural(len(t.Ps), "P")),
		End:   t.Duration,
	}
	for _, g := range t.Goroutines {
		row := chart.TimelineRow{Label: g.Label()}
		if g.CreatedAt != "" {
			row.Note = "created at " + g.CreatedAt
		}
		for _, iv := range g.Intervals {
			seg := chart.Segment{Start: iv.Start, End: iv.End, State: chartState(iv.State), Note: iv.Reason}
			if iv.State == Running {
				seg.Note = fmt.Sprintf("P%d", iv.P)
			}
			row.Segments = append(row.Segments, seg)
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// ProcChart returns the timeline as a chart with one row per P, for
// chart.Timeline: the running intervals of the goroutines that matter,
// each noted with its goroutine ("G7"). A gap is a P idle or running the
// runtime's own goroutines. It is the picture of "three goroutines sharing
// one CPU": with one P, one row in which they take turns.
func (t *Timeline) ProcChart() chart.TimelineChart {
	c := chart.TimelineChart{
		Title: fmt.Sprintf("What each P ran: %d goroutines on %s", len(t.Goroutines), plural(len(t.Ps), "P")),
		End:   t.Duration,
	}
	row := map[int]int{}
	for i, p := range t.Ps {
		row[p] = i
		c.Rows = append(c.Rows, chart.TimelineRow{Label: fmt.Sprintf("P%d", p)})
	}
	for _, g := range t.Goroutines {
		for _, iv := range g.Intervals {
			if i, ok := row[iv.P]; ok && iv.State == Running {
				c.Rows[i].Segments = append(c.Rows[i].Segments, chart.Segment{
					Start: iv.Start, End: iv.End, State: chart.Running, Note: fmt.Sprintf("G%d", g.ID),
				})
			}
		}
	}
	for _, r := range c.Rows {
		slices.SortFunc(r.Segments, func(a, b chart.Segment) int { return cmp.Compare(a.Start, b.Start) })
	}
	return c
}

func chartState(s State) chart.State {
	switch s {
	case Running:
		return chart.Running
	case Runnable:
		return chart.Runnable
	case Syscall:
		return chart.Syscall
	}
	return chart.Blocked
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// userMainFunc undoes the renaming of the user's main in a function name:
// with renamed "main_", "main.main_.func1" becomes "main.main.func1".
func userMainFunc(fn, renamed string) string {
	if renamed == "" {
		return fn
	}
	old := "main." + renamed
	if fn == old || strings.HasPrefix(fn, old+".") {
		return "main.main" + fn[len(old):]
	}
	return fn
}
