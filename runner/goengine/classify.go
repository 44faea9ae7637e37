package goengine

import (
	"fmt"
	"syscall"
	"time"

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
		return deadlineOutcome(r.dump, r.timeout)
	case r.exitCode == 2 && r.watch.panicLine != "":
		return job.Panic, r.watch.panicLine
	case r.exitCode != 0:
		return job.Exit, r.exit
	}
	return job.OK, ""
}

// deadlineOutcome tells a program that could never have finished from one
// that was merely slow, by the dump taken at the deadline.
func deadlineOutcome(dump string, timeout time.Duration) (job.Outcome, string) {
	if dump == "" {
		return job.Timeout, fmt.Sprintf("still running when the %v deadline passed; it printed no goroutine dump", timeout)
	}
	n, blocked := allBlocked(parseDump(dump))
	if blocked {
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
