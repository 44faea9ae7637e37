package yaegiengine

import (
	"fmt"
	"go/ast"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"workbook/runner/gdump"
)

// The Go runtime never reports "all goroutines are asleep" in a process
// linked with cgo: the extra M that cgo callbacks need counts as a running
// thread in checkdead (runtime/proc.go). The worker is such a process,
// because yaegi's symbol table links package net, which uses cgo for its
// resolver (a deadlocked snippet hung until its deadline in the worker,
// and was reported at once by the same binary built with CGO_ENABLED=0).
// The watchdog does the runtime's check itself.

// Watchdog polling: quick at first, since a snippet that deadlocks usually
// does so at once, then backing off so that a long, busy program pays
// almost nothing (a check is a few metrics reads; a goroutine dump, which
// stops the world, is taken only when nothing runs).
const (
	watchFirst = time.Millisecond
	watchMax   = 100 * time.Millisecond
)

// startWatchdog watches for a deadlock of the program that the calling
// goroutine is about to run, and calls found with a dump of the blocked
// goroutines' states when every goroutine of the program is blocked. stop
// ends the watchdog.
func startWatchdog(found func(dump string)) (stop func()) {
	// The goroutines that exist now (os/signal's, the worker's own) are not
	// the program's; the calling one is, as it runs the program's main.
	ignore := make(map[int64]bool)
	for _, g := range gdump.Parse(string(allStacks()))[1:] {
		ignore[g.ID] = true
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		interval := watchFirst
		t := time.NewTimer(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if nothingRuns() {
				gs := gdump.Parse(string(allStacks()))[1:] // [0] is this goroutine
				if dump, ok := deadlocked(gs, ignore); ok && !closed(done) {
					found(dump)
					return
				}
			}
			interval = min(2*interval, watchMax)
			t.Reset(interval)
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// closed reports whether done is closed. The program's goroutine that
// stops the watchdog waits for it, blocked on a channel, after closing
// done: a dump that shows it so was taken after done was closed.
func closed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// nothingRuns is a cheap first look: the runtime's counts of running and
// runnable goroutines, the watchdog's own being the one running. The
// counts are approximate; the dump that follows is exact, as it is taken
// with the world stopped.
func nothingRuns() bool {
	s := []metrics.Sample{
		{Name: "/sched/goroutines/running:goroutines"},
		{Name: "/sched/goroutines/runnable:goroutines"},
	}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return true // an older runtime: always look at the dump
	}
	return s[0].Value.Uint64() <= 1 && s[1].Value.Uint64() == 0
}

// maxStacks bounds the dump the watchdog takes; a program with more
// goroutines than fit is left to its deadline.
const maxStacks = 64 << 20

func allStacks() []byte {
	for n := 64 << 10; ; n *= 4 {
		buf := make([]byte, n)
		k := runtime.Stack(buf, true)
		if k < n || n >= maxStacks {
			return buf[:k]
		}
	}
}

// deadlocked reports whether every goroutine of the program is blocked,
// with a dump of their states in the runtime's header format (yaegi's
// frames would say nothing about the program's lines).
func deadlocked(gs []gdump.Goroutine, ignore map[int64]bool) (string, bool) {
	var b strings.Builder
	n := 0
	for _, g := range gs {
		if ignore[g.ID] {
			continue
		}
		if !gdump.Blocking(g.State) {
			return "", false
		}
		n++
		fmt.Fprintf(&b, "goroutine %d [%s]:\n\n", g.ID, g.State)
	}
	return b.String(), n > 0
}

// wakerPackages are imports whose goroutines wait on the outside world.
var wakerPackages = []string{"os/signal", "net", "net/", "crypto/tls", "log/syslog", "database/sql", "expvar"}

// mayWake reports whether the program may block in a way that the clock or
// the outside world ends: it uses timers (gdump.ClockWakes), or imports a
// package whose goroutines wait on signals or the network.
func mayWake(files []*ast.File) bool {
	for _, f := range files {
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			for _, w := range wakerPackages {
				if p == w || strings.HasSuffix(w, "/") && strings.HasPrefix(p, w) {
					return true
				}
			}
		}
	}
	return gdump.ClockWakes(files)
}
