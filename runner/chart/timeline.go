package chart

import (
	"fmt"
	"math"
	"strings"
)

// State is what a timeline segment shows a goroutine doing.
type State string

const (
	Running  State = "running"  // solid
	Runnable State = "runnable" // hatched: ready, waiting for a P
	Blocked  State = "blocked"  // pale box with an outline; also any other state
	Syscall  State = "syscall"  // cross-hatched
)

// states is the order of the legend and of the description.
var states = []State{Running, Runnable, Blocked, Syscall}

// TimelineChart is an execution timeline: one row per goroutine (or per
// P), each a sequence of segments in time. It is its own input type, so
// that this package needs nothing from the trace reader.
type TimelineChart struct {
	ID    string // id prefix (see the package doc); "" derives one
	Title string // such as "3 goroutines on 1 P"; "Execution timeline" when empty
	// End is the end of the time axis in nanoseconds; when 0, the end of
	// the latest segment.
	End  int64
	Rows []TimelineRow
}

// TimelineRow is one lane of the timeline.
type TimelineRow struct {
	Label string // such as "G7 main.worker" or "P0"
	// Note is said in the description and shown as the label's tooltip,
	// such as "created at @wb/main.go:14".
	Note     string
	Segments []Segment
}

// Segment is a stretch of time in one state. Times are nanoseconds from
// the start of the timeline.
type Segment struct {
	Start, End int64
	State      State
	// Note is printed inside a running or blocked segment wide enough to
	// hold it (such as "P0" or "chan receive") and is part of every
	// segment's tooltip.
	Note string
}

// The timeline's frame.
const (
	tlW                     = 640.0
	tlTop                   = 72.0
	tlRow, tlThickness      = 30.0, 20.0
	tlMaxLabel              = 30 // runes
	tlRight                 = 20.0
	tlMinSegment            = 0.5 // px: a shorter segment is drawn this wide
	tlNoteFont, tlNotePad   = 10.0, 3.0
	tlLegendBox, tlLegendGp = 14.0, 22.0
)

// Timeline draws an execution timeline (see the package doc for what every
// chart is): rows of coloured, patterned segments over a time axis in ms.
func Timeline(c TimelineChart) []byte {
	end := c.End
	labelW := 40.0
	for _, r := range c.Rows {
		labelW = max(labelW, textWidth(shorten(r.Label, tlMaxLabel), 13))
		for _, sg := range r.Segments {
			if c.End == 0 {
				end = max(end, sg.End)
			}
		}
	}
	t := ticks(float64(end)/1e6, 8)
	axisMs := t[len(t)-1]
	left := 16 + labelW + 10
	pw := tlW - left - tlRight
	bottom := tlTop + float64(len(c.Rows))*tlRow
	x := func(ns int64) float64 { return left + min(max(float64(ns)/1e6/axisMs, 0), 1)*pw }

	id := chartID(c.ID, c)
	title := or(c.Title, "Execution timeline")
	s := begin(id, tlW, bottom+56, title, timelineDesc(c, end))
	s.printf(`<defs><pattern id="%s-runnable" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" class="runnable-bg"/><rect width="2.5" height="6" class="runnable"/></pattern>`+
		`<pattern id="%s-syscall" width="6" height="6" patternUnits="userSpaceOnUse">`+
		`<rect width="6" height="6" class="syscall-bg"/><path d="M0 0L6 6M6 0L0 6" class="syscall"/></pattern></defs>`+"\n", id, id)
	s.text(16, 24, "start", "title", title, 0)
	timelineLegend(s, c)
	for _, v := range t {
		s.line(x(int64(v*1e6)), tlTop-6, x(int64(v*1e6)), bottom, "grid")
		s.text(x(int64(v*1e6)), bottom+18, "middle", "muted small", formatTick(v, t[1]-t[0]), 0)
	}
	s.line(left, bottom, left+pw, bottom, "axis")
	s.text(left+pw/2, bottom+42, "middle", "", "time (ms)", 0)
	for i, r := range c.Rows {
		top := tlTop + float64(i)*tlRow
		timelineLabel(s, left-10, top+tlThickness/2+4, r)
		for _, sg := range r.Segments {
			timelineSegment(s, r.Label, sg, x(sg.Start), x(sg.End), top)
		}
	}
	return s.end()
}

// timelineLabel writes a row's label, with its note as a tooltip.
func timelineLabel(s *svg, x, y float64, r TimelineRow) {
	tip := r.Label
	if r.Note != "" {
		tip += " (" + r.Note + ")"
	}
	short := shorten(r.Label, tlMaxLabel)
	if short == r.Label && r.Note == "" {
		s.text(x, y, "end", "", r.Label, 0)
		return
	}
	s.printf(`<text x="%s" y="%s" text-anchor="end"><title>%s</title>%s</text>`+"\n",
		num(x), num(y), esc(tip), esc(short))
}

// timelineSegment draws one segment from x0 to x1 in the row whose top is
// top, with a tooltip, and its note inside when it fits.
func timelineSegment(s *svg, row string, sg Segment, x0, x1, top float64) {
	w := max(x1-x0, tlMinSegment)
	var paint string
	switch stateOf(sg) {
	case Running:
		paint = `class="run"`
	case Runnable:
		paint = fmt.Sprintf(`fill="url(#%s-runnable)"`, s.id)
	case Syscall:
		paint = fmt.Sprintf(`fill="url(#%s-syscall)"`, s.id)
	default:
		paint = `class="blocked"`
	}
	tip := fmt.Sprintf("%s: %s", row, stateOf(sg))
	if sg.Note != "" {
		tip += " (" + sg.Note + ")"
	}
	tip += fmt.Sprintf(", %s to %s ms", formatMs(sg.Start), formatMs(sg.End))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" %s><title>%s</title></rect>`+"\n",
		num(x0), num(top), num(w), num(tlThickness), paint, esc(tip))
	if st := stateOf(sg); sg.Note == "" || (st != Running && st != Blocked) {
		return
	}
	if textWidth(sg.Note, tlNoteFont)+2*tlNotePad > w {
		return
	}
	class := "on"
	if stateOf(sg) == Blocked {
		class = "small"
	}
	s.text(x0+w/2, top+tlThickness/2+3.5, "middle", class, sg.Note, 0)
}

// timelineLegend draws a swatch for each state the chart uses (all four
// when it has no segment).
func timelineLegend(s *svg, c TimelineChart) {
	used := map[State]bool{}
	for _, r := range c.Rows {
		for _, sg := range r.Segments {
			used[stateOf(sg)] = true
		}
	}
	names := map[State]string{
		Running: "running", Runnable: "runnable (waiting for a P)",
		Blocked: "blocked", Syscall: "in a system call",
	}
	x, y := 16.0, 44.0
	for _, st := range states {
		if len(used) > 0 && !used[st] {
			continue
		}
		timelineSegment(s, "legend", Segment{State: st}, x, x+tlLegendBox, y)
		s.text(x+tlLegendBox+6, y+tlThickness/2+4, "start", "", names[st], 0)
		x += tlLegendBox + 6 + textWidth(names[st], 13) + tlLegendGp
	}
}

// timelineDesc states the data in words: per row, the time spent in each
// state and in how many stretches.
func timelineDesc(c TimelineChart, end int64) string {
	var b strings.Builder
	if c.Title != "" {
		b.WriteString(strings.TrimSuffix(c.Title, ".") + ". ")
	}
	fmt.Fprintf(&b, "Execution timeline over %s ms, %d rows.", formatMs(end), len(c.Rows))
	for _, r := range c.Rows {
		fmt.Fprintf(&b, " %s", r.Label)
		if r.Note != "" {
			fmt.Fprintf(&b, " (%s)", r.Note)
		}
		total, count := map[State]int64{}, map[State]int{}
		for _, sg := range r.Segments {
			st := stateOf(sg)
			total[st] += sg.End - sg.Start
			count[st]++
		}
		sep := ":"
		for _, st := range states {
			if count[st] == 0 {
				continue
			}
			fmt.Fprintf(&b, "%s %s %s ms in %s", sep, st, formatMs(total[st]), plural(count[st], "stretch", "stretches"))
			sep = ","
		}
		if sep == ":" {
			b.WriteString(": nothing recorded")
		}
		b.WriteString(".")
	}
	return b.String()
}

// stateOf returns the state a segment is drawn in: its own, or blocked
// for an empty or unknown one.
func stateOf(sg Segment) State {
	switch sg.State {
	case Running, Runnable, Syscall:
		return sg.State
	}
	return Blocked
}

func formatMs(ns int64) string {
	return format(math.Round(float64(ns)/1e3) / 1e3)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
