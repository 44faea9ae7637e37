package goengine

import (
	"regexp"
	"strconv"
	"strings"

	"workbook/runner/job"
)

// A goroutine is one entry of a Go traceback, as printed on SIGQUIT or by a
// fatal error.
type goroutine struct {
	id int
	// state is the wait reason in brackets, without the ", 2 minutes" or
	// ", locked to thread" that may follow it: "chan receive",
	// "sync.Mutex.Lock", "running".
	state  string
	frames []frame
}

// A frame is one call of a goroutine's stack: the function and the
// position ("@wb/main.go:12" or "/usr/local/go/src/sync/mutex.go:90").
type frame struct {
	fn, pos string
}

// goroutineHeader matches both "goroutine 7 [chan send]:" and the crash
// form "goroutine 7 gp=0xc000007 m=nil [chan send, 2 minutes]:".
var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) (?:[^\[]* )?\[(.*)\]:$`)

// parseDump returns the goroutines of a traceback. Anything that is not part
// of a goroutine (the "SIGQUIT: quit" banner, registers, program output) is
// skipped, and "created by" lines are not frames of the goroutine they
// created: a goroutine started by main but blocked inside the runtime is
// not running user code.
func parseDump(text string) []goroutine {
	var (
		gs      []goroutine
		cur     *goroutine
		created bool // the next position line belongs to a "created by" line
	)
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if m := goroutineHeader.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1]) // the regexp admits only digits
			state, _, _ := strings.Cut(m[2], ", ")
			gs = append(gs, goroutine{id: id, state: state})
			cur, created = &gs[len(gs)-1], false
			continue
		}
		switch {
		case cur == nil:
		case line == "":
			cur = nil // a blank line ends a goroutine
		case strings.HasPrefix(line, "\t"):
			if !created && len(cur.frames) > 0 && cur.frames[len(cur.frames)-1].pos == "" {
				pos, _, _ := strings.Cut(strings.TrimPrefix(line, "\t"), " ")
				cur.frames[len(cur.frames)-1].pos = pos
			}
			created = false
		case strings.HasPrefix(line, "created by "):
			created = true
		case strings.HasPrefix(line, "..."): // "...additional frames elided..."
		default:
			fn := line
			if i := strings.LastIndexByte(fn, '('); i > 0 {
				fn = fn[:i]
			}
			cur.frames = append(cur.frames, frame{fn: fn})
		}
	}
	return gs
}

// userCode reports whether the goroutine has a frame in the user's code: in
// package main, or in a file of the program (another package of a
// multi-directory program).
func (g goroutine) userCode() bool {
	for _, f := range g.frames {
		if strings.HasPrefix(f.fn, "main.") || strings.HasPrefix(f.pos, job.PosPrefix) {
			return true
		}
	}
	return false
}

// blockingStates are the wait reasons of a goroutine that only another
// goroutine can wake up. Sleeping, I/O, system calls and running are not
// among them: such a goroutine may still finish on its own.
var blockingStates = map[string]bool{
	"chan receive":            true,
	"chan send":               true,
	"chan receive (nil chan)": true,
	"chan send (nil chan)":    true,
	"select":                  true,
	"select (no cases)":       true,
	"sync.Mutex.Lock":         true,
	"sync.RWMutex.Lock":       true,
	"sync.RWMutex.RLock":      true,
	"sync.WaitGroup.Wait":     true,
	"sync.Cond.Wait":          true,
	"semacquire":              true,
}

// allBlocked reports how many goroutines run user code and whether every
// one of them is blocked, with at least one of them: the program could
// never have finished, whatever the deadline.
func allBlocked(gs []goroutine) (n int, blocked bool) {
	for _, g := range gs {
		if !g.userCode() {
			continue
		}
		n++
		if !blockingStates[g.state] {
			return n, false
		}
	}
	return n, n > 0
}

// dumpStart is where the runtime's SIGQUIT traceback begins.
const dumpStart = "SIGQUIT: quit"

// trimDump returns the traceback from its banner on, dropping program output
// that reached the pipe before it; text without a banner is returned as is.
func trimDump(text string) string {
	if i := strings.Index(text, dumpStart); i >= 0 {
		return text[i:]
	}
	return text
}
