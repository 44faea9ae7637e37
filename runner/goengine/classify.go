package goengine

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"time"

	"workbook/runner/gdump"
	"workbook/runner/job"
)

// classify fills res from a finished run, deciding its Outcome by the rules
// of the package doc (the compile error, rule 1, is decided before a run).
func classify(res job.Result, r *run) job.Result {
	res.Stdout, res.Stderr = r.stdout.String(), r.stderr.String()
	res.Truncated = r.stdout.Truncated() || r.stderr.Truncated()
	res.Wall = r.wall
	res.ExitCode = r.state.ExitCode()
	if ru, ok := r.state.SysUsage().(*syscall.Rusage); ok {
		res.UserCPU = time.Duration(ru.Utime.Nano())
		res.SysCPU = time.Duration(ru.Stime.Nano())
		res.MaxRSS = ru.Maxrss * 1024 // KiB on Linux
	}
	if r.deadline {
		res.Dump = r.dump
	}
	res.Outcome, res.Detail = outcome(ending{
		watch:    r.watch,
		deadline: r.deadline,
		dump:     r.dump,
		timeout:  r.timeout,
		exitCode: r.state.ExitCode(),
		exit:     r.state.String(),
		clock:    r.clockWakes,
	})
	return res
}

// ending is what classification looks at of a finished run.
type ending struct {
	watch    stderrWatch
	deadline bool
	dump     string
	timeout  time.Duration
	exitCode int    // -1 for a signal
	exit     string // "exit status 3", "signal: killed"
	clock    bool   // the program uses timers (gdump.ClockWakes)
}

// outcome applies rules 2 to 7 of the package doc.
func outcome(r ending) (job.Outcome, string) {
	switch {
	case r.watch.race:
		if r.watch.raceAt != "" {
			return job.Race, "WARNING: DATA RACE at " + r.watch.raceAt
		}
		return job.Race, "WARNING: DATA RACE"
	case r.watch.deadlock:
		return job.Deadlock, "fatal error: all goroutines are asleep - deadlock!"
	case r.deadline:
		return deadlineOutcome(r.dump, r.timeout, r.clock)
	case r.exitCode == 2 && r.watch.panicLine != "":
		return job.Panic, r.watch.panicLine
	case r.exitCode != 0:
		return job.Exit, r.exit
	}
	return job.OK, ""
}

// deadlineOutcome tells a program that could never have finished from one
// that was merely slow, by the dump taken at the deadline. A program that
// uses timers is never called deadlocked: a goroutine waiting for a tick
// looks in a dump exactly like one waiting forever (gdump.ClockWakes).
func deadlineOutcome(dump string, timeout time.Duration, clockWakes bool) (job.Outcome, string) {
	if dump == "" {
		return job.Timeout, fmt.Sprintf("still running when the %v deadline passed; it printed no goroutine dump", timeout)
	}
	n, blocked := allBlocked(gdump.Parse(dump))
	switch {
	case blocked && clockWakes:
		return job.Timeout, fmt.Sprintf("still waiting when the %v deadline passed (%s blocked, but it uses timers, which may still wake it)",
			timeout, plural(n, "goroutine"))
	case blocked:
		return job.Deadlock, fmt.Sprintf("every goroutine was blocked when the %v deadline passed (%s)", timeout, plural(n, "goroutine"))
	}
	return job.Timeout, fmt.Sprintf("still running when the %v deadline passed", timeout)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// firstErrorLine is the Detail of a compile error: its first line that is
// not a package header.
func firstErrorLine(msg string) string {
	for line := range strings.Lines(msg) {
		line = strings.TrimSpace(line)
		// Package headers ("# snippet") and the go command's progress
		// ("go: downloading golang.org/x/exp v0.0.0-…") are not errors.
		if line != "" && !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "go: downloading ") {
			return line
		}
	}
	return "build failed"
}

// compileErrorResult is the Result of a program that did not build.
func compileErrorResult(res job.Result, msg string) job.Result {
	res.Outcome = job.CompileError
	res.Stderr = msg
	res.Detail = firstErrorLine(msg)
	return res
}

// maxWatchedLine bounds the line stderrWatch buffers; the runtime's lines
// are short, and a longer one is looked at by its start only.
const maxWatchedLine = 4096

// stderrWatch looks at every line of standard error for the runtime's
// verdicts, so that classification does not depend on what the Capture
// kept of a flooded stream. It is written to by one goroutine only.
type stderrWatch struct {
	partial   []byte
	race      bool   // "WARNING: DATA RACE"
	raceAt    string // the first user position after it
	deadlock  bool   // "fatal error: all goroutines are asleep - deadlock!"
	panicLine string // the first line starting "panic: " or "fatal error: "
}

func (w *stderrWatch) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p[:min(len(p), maxWatchedLine-len(w.partial))]...)
			break
		}
		w.partial = append(w.partial, p[:min(i, maxWatchedLine-len(w.partial))]...)
		w.line(string(w.partial))
		w.partial, p = w.partial[:0], p[i+1:]
	}
	return n, nil
}

// flush looks at a last line that had no newline.
func (w *stderrWatch) flush() {
	if len(w.partial) > 0 {
		w.line(string(w.partial))
		w.partial = w.partial[:0]
	}
}

func (w *stderrWatch) line(l string) {
	switch {
	case strings.Contains(l, "WARNING: DATA RACE"):
		w.race = true
	case w.race && w.raceAt == "" && strings.Contains(l, job.PosPrefix):
		w.raceAt = posOf(l)
	case strings.HasPrefix(l, "fatal error: all goroutines are asleep - deadlock!"):
		w.deadlock = true
	}
	if w.panicLine == "" && (strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ")) {
		w.panicLine = l
	}
}

// posOf returns the "@wb/NAME:LINE" in a traceback line.
func posOf(l string) string {
	p := l[strings.Index(l, job.PosPrefix):]
	p, _, _ = strings.Cut(p, " ")
	return p
}
