package yaegiengine

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"workbook/runner/job"
)

// ending is what the engine knows of a worker that is gone, beyond its
// status and process state.
type ending struct {
	timedOut bool // the engine killed it at the deadline
	timeout  time.Duration
	sent     time.Time // when the job was written
	end      time.Time // when the worker was gone
}

// finish fills res from a worker that is gone.
func finish(res job.Result, p *proc, state *os.ProcessState, st status, e ending) (job.Result, error) {
	res.Stdout, res.Stderr = p.stdout.String(), p.stderr.String()
	res.Truncated = p.stdout.Truncated() || p.stderr.Truncated()
	res.ExitCode = state.ExitCode()
	var err error
	res.Outcome, res.Detail, err = outcome(st, state.ExitCode(), state.String(), e)
	if err != nil {
		if s := strings.TrimSpace(res.Stderr); s != "" {
			err = fmt.Errorf("%w\n%s", err, s)
		}
		return res, fmt.Errorf("yaegi engine: %w", err)
	}
	if res.Outcome == job.CompileError && st.end != nil {
		res.Stderr = strings.Join(st.end.Messages, "\n") + "\n"
	}
	// The run starts when the worker took the job: a cold worker's start-up
	// is not the program's time, and neither is its interpreter's set-up.
	start := e.sent
	if st.started {
		start = st.startedAt
	}
	res.Wall = e.end.Sub(start)
	user, sys, rss := cpuOf(state)
	res.UserCPU, res.SysCPU, res.MaxRSS = max(0, user-st.baseUser), max(0, sys-st.baseSys), rss
	return res, nil
}

// outcome classifies a run by the rules of the package doc. exit is how
// os.ProcessState prints the process's end ("exit status 3").
func outcome(st status, exitCode int, exit string, e ending) (job.Outcome, string, error) {
	switch {
	case e.timedOut:
		return job.Timeout, fmt.Sprintf("still running when the %v deadline passed", e.timeout), nil
	case !st.started:
		return "", "", fmt.Errorf("the worker ended before it took the job (%s)", exit)
	case st.crash != "":
		o, d := crashOutcome(st.crash)
		return o, d, nil
	case st.end != nil && st.end.Error != "":
		return "", "", errors.New(st.end.Error)
	case st.end != nil:
		return st.end.Outcome, st.end.Detail, nil
	case exitCode == 0:
		return job.OK, "", nil
	}
	return job.Exit, exit, nil
}

// crashOutcome classifies the Go runtime's crash report by its first line.
// A panic in a goroutine reaches the runtime through yaegi's frames, each
// of which recovers and panics again, hence the suffix it drops.
func crashOutcome(crash string) (job.Outcome, string) {
	line, _, _ := strings.Cut(crash, "\n")
	line = strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(line, deadlockLine):
		return job.Deadlock, deadlockLine
	case strings.HasPrefix(line, "panic: "):
		line = strings.TrimSuffix(line, " [recovered, repanicked]")
		return job.Panic, strings.TrimSuffix(line, " [recovered]")
	}
	return job.Panic, line
}
