package timeline

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"golang.org/x/exp/trace"

	"workbook/runner/job"
)

// ErrEmpty is returned by Parse for a trace with no events (an empty file,
// or a header alone): the program did not get to stop its trace (see the
// package doc).
var ErrEmpty = errors.New("empty trace: the program ended before writing it (os.Exit, a fatal error or a kill at the deadline)")

// Parse reads an execution trace, as the wrapper of Instrument writes it
// (or as any program using runtime/trace does), into a Timeline. An empty trace is
// ErrEmpty; a truncated one is an error that says so.
func Parse(r io.Reader) (*Timeline, error) {
	cr := &countingReader{r: r}
	rd, err := trace.NewReader(cr)
	if err != nil {
		if cr.n == 0 {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("trace: %w", err)
	}
	b := newBuilder()
	for n := 0; ; {
		ev, err := rd.ReadEvent()
		if err == io.EOF {
			if n == 0 {
				return nil, ErrEmpty
			}
			break
		}
		if err != nil {
			return nil, fmt.Errorf("truncated or corrupt trace after %d events: %w", n, err)
		}
		if ev.Kind() != trace.EventSync {
			n++
		}
		b.event(ev)
	}
	return b.timeline(), nil
}

// countingReader counts the bytes read, to tell an empty trace from a
// malformed one.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// builder follows the events of a trace.
type builder struct {
	start, last trace.Time
	started     bool
	ps          map[int]bool
	gs          map[trace.GoID]*gInfo
	mainG       trace.GoID // the goroutine that logged the wrapper's event
	renamed     string     // the user's main's new name, from that event
	returned    bool       // the wrapper logged the return of the user's main,
	ret         trace.Time // at this time
}

// gInfo is what is known of one goroutine.
type gInfo struct {
	g Goroutine
	// created: the trace saw the goroutine's creation, with the creator's
	// stack in creator, the start function in g.Func and whether that
	// function is the snippet's code in userStart.
	created   bool
	creator   []trace.StackFrame
	userStart bool
	// outerUser is the outermost function of the snippet's code on the
	// first of the goroutine's own stacks that has one.
	outerUser string
	cur       *Interval // the open interval, if any
	seen      int       // the order in which the trace first showed it
}

func newBuilder() *builder {
	return &builder{ps: map[int]bool{}, gs: map[trace.GoID]*gInfo{}, mainG: trace.NoGoroutine}
}

func (b *builder) event(ev trace.Event) {
	if !b.started {
		b.start, b.started = ev.Time(), true
	}
	b.last = ev.Time()
	if p := ev.Proc(); p != trace.NoProc {
		b.ps[int(p)] = true
	}
	switch ev.Kind() {
	case trace.EventLog:
		switch l := ev.Log(); {
		case l.Category != LogCategory:
		case strings.HasPrefix(l.Message, "main="):
			b.mainG, b.renamed = ev.Goroutine(), strings.TrimPrefix(l.Message, "main=")
		case l.Message == "return" && !b.returned:
			b.returned, b.ret = true, ev.Time()
		}
	case trace.EventStateTransition:
		st := ev.StateTransition()
		switch st.Resource.Kind {
		case trace.ResourceProc:
			if _, to := st.Proc(); to != trace.ProcNotExist {
				b.ps[int(st.Resource.Proc())] = true
			}
		case trace.ResourceGoroutine:
			b.goTransition(ev, st)
		}
	}
}

// goTransition closes the goroutine's open interval and opens the next.
func (b *builder) goTransition(ev trace.Event, st trace.StateTransition) {
	id := st.Resource.Goroutine()
	gi := b.gs[id]
	if gi == nil {
		gi = &gInfo{g: Goroutine{ID: int64(id)}, seen: len(b.gs)}
		b.gs[id] = gi
	}
	from, to := st.Goroutine()
	if from == trace.GoNotExist && to != trace.GoNotExist {
		gi.created = true
		for f := range st.Stack.Frames() {
			gi.g.Func, gi.userStart = f.Func, isUserFrame(f)
			break
		}
		gi.creator = slices.Collect(ev.Stack().Frames())
	} else if gi.outerUser == "" && st.Stack != trace.NoStack {
		for f := range st.Stack.Frames() { // innermost first
			if isUserFrame(f) {
				gi.outerUser = f.Func
			}
		}
	}
	state, ok := modelState(to)
	p := -1
	if to == trace.GoRunning {
		p = int(ev.Proc())
	}
	t := int64(ev.Time() - b.start)
	if c := gi.cur; c != nil {
		if ok && c.State == state && c.P == p && from == trace.GoUndetermined {
			return // a restatement at a generation boundary
		}
		c.End = t
		if c.End > c.Start {
			gi.g.Intervals = append(gi.g.Intervals, *c)
		}
		gi.cur = nil
	}
	if ok {
		gi.cur = &Interval{State: state, Start: t, P: p, Reason: st.Reason}
	}
}

func modelState(s trace.GoState) (State, bool) {
	switch s {
	case trace.GoRunning:
		return Running, true
	case trace.GoRunnable:
		return Runnable, true
	case trace.GoWaiting:
		return Blocked, true
	case trace.GoSyscall:
		return Syscall, true
	}
	return "", false
}

// timeline closes the open intervals at the end, which is the return of
// the user's main when the wrapper logged it and the last event otherwise,
// and keeps the goroutines that matter.
func (b *builder) timeline() *Timeline {
	end := b.last
	if b.returned {
		end = b.ret // what follows is the wrapper stopping the trace
	}
	t := &Timeline{Duration: int64(end - b.start), Ps: []int{}, Goroutines: []Goroutine{}}
	for p := range b.ps {
		t.Ps = append(t.Ps, p)
	}
	slices.Sort(t.Ps)
	mainG := b.mainG
	if mainG == trace.NoGoroutine {
		mainG = 1 // the runtime's main goroutine, in a trace not from the wrapper
	}
	for id, gi := range b.gs {
		if c := gi.cur; c != nil {
			c.End = t.Duration
			gi.g.Intervals = append(gi.g.Intervals, *c)
		}
		gi.g.Intervals = clip(gi.g.Intervals, t.Duration)
		isMain := id == mainG
		if !isMain && !b.matters(gi) {
			continue
		}
		g := gi.g
		if isMain {
			g.Main, g.Func = true, "main.main"
		}
		g.Func = userMainFunc(g.Func, b.renamed)
		if g.Intervals == nil {
			g.Intervals = []Interval{}
		}
		t.Goroutines = append(t.Goroutines, g)
	}
	// Goroutine IDs come from per-P batches, so they do not follow the
	// order of creation; the order of first appearance does.
	slices.SortFunc(t.Goroutines, func(x, y Goroutine) int {
		if x.Main != y.Main {
			if x.Main {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.gs[trace.GoID(x.ID)].seen, b.gs[trace.GoID(y.ID)].seen)
	})
	return t
}

// clip cuts intervals at end, dropping those that would be empty.
func clip(ivs []Interval, end int64) []Interval {
	out := ivs[:0]
	for _, iv := range ivs {
		iv.End = min(iv.End, end)
		if iv.End > iv.Start {
			out = append(out, iv)
		}
	}
	return out
}

// matters reports whether a goroutine other than main is the snippet's,
// and fills in its CreatedAt, and its Func when the start function does not
// say what it runs.
func (b *builder) matters(gi *gInfo) bool {
	if !gi.created {
		// There before the trace started (from an init function): its own
		// stacks are all there is to go by.
		gi.g.Func = gi.outerUser
		return gi.outerUser != ""
	}
	if strings.HasPrefix(gi.g.Func, "runtime.") || strings.HasPrefix(gi.g.Func, "runtime/") {
		return false
	}
	creatorFunc := ""
	for _, f := range gi.creator {
		if isUserFrame(f) {
			gi.g.CreatedAt = fmt.Sprintf("%s:%d", f.File, f.Line)
			creatorFunc = f.Func
			break
		}
	}
	switch {
	case !gi.userStart && gi.outerUser != "":
		// Started by a library on the snippet's behalf, as wg.Go(f) is:
		// name f rather than the library's closure.
		gi.g.Func = gi.outerUser
	case !gi.userStart && creatorFunc != "":
		// f never showed in a stack (it ran to its end without being
		// preempted or blocking): name it by the code that started it.
		gi.g.Func = "go from " + userMainFunc(creatorFunc, b.renamed)
	}
	return gi.userStart || gi.g.CreatedAt != ""
}

// isUserFrame reports whether a frame is the snippet's code: in package
// main or in a file under job.PosPrefix, and not in the wrapper.
func isUserFrame(f trace.StackFrame) bool {
	if path.Base(f.File) == WrapperFile {
		return false
	}
	return strings.HasPrefix(f.Func, "main.") || strings.Contains(f.File, job.PosPrefix)
}
