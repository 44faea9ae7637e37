package yaegiengine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"workbook/runner/job"
)

// request is the job a worker reads from its standard input.
type request struct {
	Files      []job.File `json:"files"`
	Args       []string   `json:"args,omitempty"`
	Env        []string   `json:"env,omitempty"`
	GOMAXPROCS int        `json:"gomaxprocs,omitempty"`
	NoRun      bool       `json:"no_run,omitempty"`
}

// The events a worker writes on fd 3, one JSON object a line.
const (
	evReady = "ready" // the interpreter is set up; the worker waits for its job
	evStart = "start" // the job was read; the program is about to be compiled
	evEnd   = "end"   // how the program ended, when the worker lived to say it
)

// event is one line of the status pipe.
type event struct {
	Event string `json:"event"`
	// start: CPU time the worker spent before the job (setting up the
	// interpreter), which the parent subtracts from the process's rusage.
	UserCPU time.Duration `json:"user_cpu,omitempty"`
	SysCPU  time.Duration `json:"sys_cpu,omitempty"`
	// end: ok, compiled, compile-error, panic or deadlock.
	Outcome  job.Outcome `json:"outcome,omitempty"`
	Detail   string      `json:"detail,omitempty"`
	Messages []string    `json:"messages,omitempty"` // compile-error: every message
	// end: the interpreter itself failed (a yaegi bug, a program shape it
	// cannot take); Run returns it as an error.
	Error string `json:"error,omitempty"`
}

// reporter writes events. The first end event is the only one: the deadlock
// watchdog and the program's goroutine may both try to end the run.
type reporter struct {
	mu    sync.Mutex
	w     io.Writer
	ended bool
}

func (r *reporter) send(e event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return
	}
	r.ended = e.Event == evEnd
	b, _ := json.Marshal(e) // an event always marshals
	r.w.Write(append(b, '\n'))
}

// maxCrash bounds what the parent keeps of the runtime's crash report; the
// first line decides the outcome, the rest is a goroutine dump of
// interpreter frames.
const maxCrash = 64 << 10

// status is what the parent read on a worker's fd 3.
type status struct {
	ready     bool
	started   bool
	startedAt time.Time // when the start event arrived
	baseUser  time.Duration
	baseSys   time.Duration
	end       *event
	crash     string // the runtime's crash report (debug.SetCrashOutput)
}

// readStatus reads a worker's status pipe until EOF, that is until the
// worker is gone. It calls onReady when the ready event arrives. Lines that
// are not events, and everything after the first of them, are the Go
// runtime's crash report: once a program's goroutine panics, the runtime
// writes it to the pipe where the worker had written events.
func readStatus(r io.Reader, now func() time.Time, onReady func()) status {
	var st status
	br := bufio.NewReaderSize(r, 64<<10)
	var crash bytes.Buffer
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var ev event
			if crash.Len() == 0 && line[0] == '{' && json.Unmarshal(line, &ev) == nil && ev.Event != "" {
				st.apply(ev, now, onReady)
			} else if crash.Len() < maxCrash {
				crash.Write(line[:min(len(line), maxCrash-crash.Len())])
			}
		}
		if err != nil {
			break
		}
	}
	st.crash = crash.String()
	return st
}

func (st *status) apply(ev event, now func() time.Time, onReady func()) {
	switch ev.Event {
	case evReady:
		if !st.ready {
			st.ready = true
			onReady()
		}
	case evStart:
		st.started, st.startedAt = true, now()
		st.baseUser, st.baseSys = ev.UserCPU, ev.SysCPU
	case evEnd:
		if st.end == nil {
			st.end = &ev
		}
	}
}

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
