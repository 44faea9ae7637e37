package grade

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress reports a run as it goes: on a terminal (bar set) a progress
// bar redrawn in place, with students graded and an estimate of the time
// left; otherwise a quiet line per result on out, which a log or CI keeps.
type progress struct {
	mu    sync.Mutex
	out   io.Writer
	bar   io.Writer // nil: lines instead of a bar
	now   func() time.Time
	start time.Time

	total, done, fresh int
	left               map[string]int // tasks left per student
	students           int            // students with nothing left
	drawn              bool
}

func newProgress(out, bar io.Writer, total int, subs []*Submission, now func() time.Time) *progress {
	p := &progress{out: out, bar: bar, now: now, start: now(), total: total, left: map[string]int{}}
	if len(subs) > 0 {
		per := total / len(subs)
		for _, s := range subs {
			p.left[s.Student] = per
		}
	}
	return p
}

// add counts a result and shows it. Safe for concurrent use.
func (p *progress) add(r *Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if !r.Cached {
		p.fresh++
	}
	if p.left[r.Student]--; p.left[r.Student] == 0 {
		p.students++
	}
	if p.bar == nil {
		printResult(p.out, r)
		return
	}
	fmt.Fprintf(p.bar, "\r%s\x1b[K", barLine(p.done, p.total, p.students, len(p.left), p.fresh, p.now().Sub(p.start), 30))
	p.drawn = true
}

// close ends the bar's line so that what follows starts on its own.
func (p *progress) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.bar)
		p.drawn = false
	}
}

// barLine renders the bar: done of total submissions, students finished,
// and the time left, estimated from the submissions graded in this run
// (those served from the gradebook take no time to speak of).
func barLine(done, total, students, allStudents, fresh int, elapsed time.Duration, width int) string {
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	eta := "ETA -"
	if left := total - done; left == 0 {
		eta = "done"
	} else if fresh > 0 {
		eta = "ETA " + (elapsed / time.Duration(fresh) * time.Duration(left)).Round(time.Second).String()
	}
	return fmt.Sprintf("[%s%s] %d/%d students, %d/%d submissions, %s",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), students, allStudents, done, total, eta)
}

// printResult writes a result's line, and under it why it lost points.
func printResult(w io.Writer, r *Result) {
	line := fmt.Sprintf("%-16s %-24s %5s/%-5s %s", r.Student, r.Exercise, num(r.Final), num(r.MaxScore), r.Status)
	if r.Late != nil && r.Late.Days > 0 {
		line += fmt.Sprintf(" (%d day(s) late, %s before the penalty)", r.Late.Days, num(r.Score))
	}
	if r.Cached {
		line += " (unchanged)"
	}
	fmt.Fprintln(w, line)
	for _, p := range r.Problems {
		fmt.Fprintf(w, "    %s\n", firstLine(p))
	}
	for _, t := range r.Tests {
		if !t.Passed && r.Status == StatusFailed {
			fmt.Fprintf(w, "    %s: %s\n", t.Name, t.Reason)
		}
	}
}
