// Package gdump reads the goroutine dumps the Go runtime prints (on
// SIGQUIT, on a fatal error, from runtime.Stack) and knows which wait
// states only another goroutine can end. Both engines decide "deadlock"
// from it: the compiled engine on the dump a hung program prints at its
// deadline, the yaegi worker on the dump of its own process.
package gdump

import (
	"regexp"
	"strconv"
	"strings"
)

// Goroutine is one entry of a dump.
type Goroutine struct {
	ID int64
	// State is the wait reason in brackets, without the ", 2 minutes" or
	// ", locked to thread" that may follow it: "chan receive",
	// "sync.Mutex.Lock", "running".
	State  string
	Frames []Frame
}

// Frame is one call of a goroutine's stack: the function and the position
// ("@wb/main.go:12" or "/usr/local/go/src/sync/mutex.go:90").
type Frame struct {
	Func, Pos string
}

// header matches both "goroutine 7 [chan send]:" and the crash form
// "goroutine 7 gp=0xc000007 m=nil [chan send, 2 minutes]:".
var header = regexp.MustCompile(`^goroutine (\d+) (?:[^\[]* )?\[(.*)\]:$`)

// Parse returns the goroutines of a dump, in the order printed. Anything
// that is not part of a goroutine (a "SIGQUIT: quit" banner, registers,
// program output) is skipped, and "created by" lines are not frames of the
// goroutine they created: a goroutine started by main but blocked inside
// the runtime is not running main's code.
func Parse(text string) []Goroutine {
	var (
		gs      []Goroutine
		cur     *Goroutine
		created bool // the next position line belongs to a "created by" line
	)
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if m := header.FindStringSubmatch(line); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64) // the regexp admits only digits
			state, _, _ := strings.Cut(m[2], ", ")
			gs = append(gs, Goroutine{ID: id, State: state})
			cur, created = &gs[len(gs)-1], false
			continue
		}
		switch {
		case cur == nil:
		case line == "":
			cur = nil // a blank line ends a goroutine
		case strings.HasPrefix(line, "\t"):
			if !created && len(cur.Frames) > 0 && cur.Frames[len(cur.Frames)-1].Pos == "" {
				pos, _, _ := strings.Cut(strings.TrimPrefix(line, "\t"), " ")
				cur.Frames[len(cur.Frames)-1].Pos = pos
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
			cur.Frames = append(cur.Frames, Frame{Func: fn})
		}
	}
	return gs
}

// blocking are the wait reasons of a goroutine that only another goroutine
// can wake up. Sleeping, I/O, system calls and running are not among them:
// such a goroutine may still finish on its own.
var blocking = map[string]bool{
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

// Blocking reports whether a goroutine in this state can be woken only by
// another goroutine.
func Blocking(state string) bool { return blocking[state] }
