package goengine

import (
	"strings"

	"workbook/runner/gdump"
	"workbook/runner/job"
)

// userCode reports whether the goroutine has a frame in the user's code: in
// package main, or in a file of the program (another package of a
// multi-directory program).
func userCode(g gdump.Goroutine) bool {
	for _, f := range g.Frames {
		if strings.HasPrefix(f.Func, "main.") || strings.HasPrefix(f.Pos, job.PosPrefix) {
			return true
		}
	}
	return false
}

// allBlocked reports how many goroutines run user code and whether every
// one of them is blocked, with at least one of them: the program could
// never have finished, whatever the deadline.
func allBlocked(gs []gdump.Goroutine) (n int, blocked bool) {
	for _, g := range gs {
		if !userCode(g) {
			continue
		}
		n++
		if !gdump.Blocking(g.State) {
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
