// Package term prints the runner's event stream for people at a terminal.
//
// Two layouts: Chapter ("workbook run") shows each snippet's code, what it
// printed, how it ended and how long each run took, so a student can follow
// the chapter in a terminal; Compact ("workbook test") gives one line a
// snippet and the full story only for failures. Both end with the line
// "N passed, N failed" (", N skipped" when any were). Colour is used only
// when asked for (the caller decides: a terminal, and NO_COLOR unset).
package term

import (
	"fmt"
	"io"
	"strings"
	"time"

	"workbook/runner/event"
)

// Layout chooses how much is printed.
type Layout int

const (
	Compact Layout = iota
	Chapter
)

// Printer is an event.Sink that writes for people.
type Printer struct {
	w       io.Writer
	layout  Layout
	verbose bool
	color   bool
	engine  map[string]string // snippet -> engine, for the verdict line
	runs    map[string][]event.Event
	// host is the provenance already printed: "workbook run prints them
	// once", and again only if the machine's description changes.
	host string
}

// New returns a Printer writing to w.
func New(w io.Writer, layout Layout, verbose, color bool) *Printer {
	return &Printer{w: w, layout: layout, verbose: verbose, color: color,
		engine: map[string]string{}, runs: map[string][]event.Event{}}
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	dim    = "\x1b[2m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

func (p *Printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + reset
}

func (p *Printer) printf(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

// Event prints one event.
func (p *Printer) Event(e event.Event) {
	key := e.Chapter + "#" + e.Snippet
	switch e.Action {
	case event.Chapter:
		if p.layout == Chapter {
			p.printf("%s\n%s\n", p.paint(bold, e.Title), p.paint(dim, fmt.Sprintf("%s · %d snippets", e.Chapter, e.Snippets)))
		}
	case event.Start:
		p.start(e)
	case event.Engine:
		p.engine[key] = e.Engine
		if p.verbose {
			p.printf("  %s\n", p.paint(dim, fmt.Sprintf("engine %s: %s", e.Engine, e.Reason)))
		}
	case event.Output:
		if p.layout == Chapter {
			p.output(e)
		} else {
			p.runs[key] = append(p.runs[key], e)
		}
	case event.Run:
		p.runs[key] = append(p.runs[key], e)
	case event.Verdict:
		p.verdict(e, p.runs[key], p.engine[key])
		delete(p.runs, key)
		delete(p.engine, key)
	case event.Parity:
		p.parity(e)
	case event.Measure:
		p.measurement(e.Measurement)
	case event.Timeline:
		if p.layout == Chapter {
			p.timeline(e.Timeline)
		}
	case event.Error:
		p.printf("%s %s\n%s\n", p.paint(red+bold, "FAIL"), e.Chapter, indent(e.Text, "  "))
	case event.Summary:
		p.summary(e)
	}
}

func (p *Printer) start(e event.Event) {
	if p.layout != Chapter {
		return
	}
	title := fmt.Sprintf("── %s · line %d ", e.Snippet, e.Line)
	p.printf("\n%s\n", p.paint(dim, title+strings.Repeat("─", max(3, 64-len([]rune(title))))))
	p.printf("%s", indent(strings.TrimRight(e.Code, "\n"), "  "))
	p.printf("\n")
	if e.Runs == 0 && e.Reason != "" {
		p.printf("  %s\n", p.paint(dim, e.Reason))
	}
}

func (p *Printer) output(e event.Event) {
	label := "output"
	if e.Stream == "stderr" {
		label = "stderr"
	}
	if e.Run > 1 {
		label += fmt.Sprintf(" (run %d)", e.Run)
	}
	p.printf("  %s\n%s\n", p.paint(dim, label+":"), indent(strings.TrimRight(e.Text, "\n"), "  │ "))
}

func (p *Printer) verdict(e event.Event, runs []event.Event, engine string) {
	where := fmt.Sprintf("%s:%d %s", e.Chapter, e.Line, e.Snippet)
	timing := timings(runs, engine, e.Cached)
	switch {
	case e.Skip:
		p.printf("%s %s: %s\n", p.paint(yellow, "SKIP"), where, e.Reason)
	case *e.Pass:
		p.printf("%s %s%s\n", p.paint(green, "ok  "), where, p.paint(dim, timing))
		if e.Report != "" { // a warning, such as a claim that did not hold
			p.printf("%s\n", p.paint(yellow, indent(e.Report, "    ")))
		}
	default:
		p.printf("%s %s%s\n", p.paint(red+bold, "FAIL"), where, p.paint(dim, timing))
		if p.layout == Compact {
			for _, o := range runs {
				if o.Action == event.Output {
					p.output(o)
				}
			}
		}
		p.printf("%s\n", indent(e.Report, "    "))
	}
}

func (p *Printer) parity(e event.Event) {
	where := fmt.Sprintf("%s:%d %s", e.Chapter, e.Line, e.Snippet)
	switch {
	case e.Skip:
		p.printf("%s parity %s: %s\n", p.paint(yellow, "SKIP"), where, e.Reason)
	case *e.Pass:
		if p.verbose {
			p.printf("%s parity %s: the engines agree\n", p.paint(green, "ok  "), where)
		}
	default:
		p.printf("%s parity %s: the engines diverge\n%s\n", p.paint(red+bold, "FAIL"), where, indent(e.Report, "    "))
	}
}

func (p *Printer) summary(e event.Event) {
	line := fmt.Sprintf("%d passed, %d failed", e.Passed, e.Failed)
	if e.Skipped > 0 {
		line += fmt.Sprintf(", %d skipped", e.Skipped)
	}
	p.printf("\n%s\n", p.paint(dim, "took "+roundDur(e.Elapsed.Duration())))
	if e.Failed > 0 {
		line = p.paint(red+bold, line)
	} else {
		line = p.paint(green, line)
	}
	p.printf("%s\n", line)
}

// timings renders " yaegi · 12ms" or " go · 3 runs: 10ms 11ms 9ms · build 1.2s".
func timings(runs []event.Event, engine string, cached bool) string {
	var ds []string
	var build time.Duration
	for _, r := range runs {
		if r.Action == event.Run {
			ds = append(ds, roundDur(r.Elapsed.Duration()))
			build += r.Build.Duration()
		}
	}
	if len(ds) == 0 {
		return ""
	}
	s := "  " + engine
	if len(ds) == 1 {
		s += " · " + ds[0]
	} else {
		s += fmt.Sprintf(" · %d runs: %s", len(ds), strings.Join(ds, " "))
	}
	if build > 0 {
		s += " · build " + roundDur(build)
	}
	if cached {
		s += " · cached"
	}
	return s
}

func roundDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// indent prefixes every line of s; blank lines get the prefix without its
// trailing spaces, so nothing ends a line in white space.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = strings.TrimRight(prefix, " ")
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
