package goengine

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"workbook/runner/job"
)

// drainGrace bounds the wait for the output pipes to close once the process
// group is dead. Only a process that left the group (setsid) can keep them
// open that long; its output is then cut rather than waited for.
const drainGrace = 2 * time.Second

// run is what came of executing a binary, before classification.
type run struct {
	stdout, stderr *job.Capture
	watch          stderrWatch
	state          *os.ProcessState
	wall           time.Duration
	timeout        time.Duration // the deadline that applied
	deadline       bool          // the deadline passed
	dump           string        // standard error from the SIGQUIT on, at the deadline
	clockWakes     bool          // the program uses timers (read only at a deadline)
}

// execute runs bin for s and waits for it and its process group to end.
// The error is for the binary not starting, or ctx ending.
func (e *Engine) execute(ctx context.Context, bin string, s job.Spec) (*run, error) {
	dir, err := os.MkdirTemp("", "workbook-run-")
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	defer os.RemoveAll(dir)
	start := e.now()
	cmd, outR, errR, err := startProcess(bin, dir, s)
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	defer outR.Close()
	defer errR.Close()

	r := &run{
		stdout:  job.NewCapture(e.outputLimit),
		stderr:  job.NewCapture(e.outputLimit),
		timeout: orDefault(s.Timeout, defaultTimeout),
	}
	tap := &dumpTap{c: job.NewCapture(e.outputLimit)}
	var copiers sync.WaitGroup
	copiers.Go(func() { io.Copy(r.stdout, outR) })
	copiers.Go(func() { io.Copy(io.MultiWriter(r.stderr, &r.watch, tap), errR) })

	exited := make(chan struct{})
	go func() {
		cmd.Wait() // its error is in ProcessState
		close(exited)
	}()
	err = e.supervise(ctx, cmd.Process.Pid, exited, r, tap)
	r.wall = e.now().Sub(start)
	// Whatever ended the main process, the rest of its group goes too.
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	drain(&copiers, outR, errR)
	if err != nil {
		return nil, err
	}
	r.watch.flush()
	r.state = cmd.ProcessState
	if r.deadline {
		r.dump = trimDump(tap.c.String())
	}
	return r, nil
}

// startProcess starts bin in dir as the leader of a new process group,
// with no standard input, and returns the read ends of its standard output
// and standard error.
func startProcess(bin, dir string, s job.Spec) (cmd *exec.Cmd, stdout, stderr *os.File, err error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, nil, nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, nil, nil, err
	}
	cmd = &exec.Cmd{
		Path: bin,
		Args: append([]string{bin}, s.Args...),
		Env:  runEnv(os.Environ(), s),
		Dir:  dir,
		// *os.File writers are handed to the child as they are, so Wait
		// does not wait for a grandchild that holds them: the copying is
		// the caller's, and ends when it says.
		Stdout:      outW,
		Stderr:      errW,
		SysProcAttr: sysProcAttr(),
	}
	err = cmd.Start()
	// The child has its copies; ours would keep the pipes from ending.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, nil, nil, err
	}
	return cmd, outR, errR, nil
}

// supervise waits for the process to exit, for its deadline, or for ctx.
// At the deadline it asks the Go runtime for a goroutine dump (SIGQUIT) and
// gives it DumpGrace to print it. It returns once the main process exited.
func (e *Engine) supervise(ctx context.Context, pid int, exited <-chan struct{}, r *run, tap *dumpTap) error {
	deadline := time.NewTimer(r.timeout)
	defer deadline.Stop()
	select {
	case <-exited:
		return nil
	case <-ctx.Done():
		return killAndWait(ctx.Err(), pid, exited)
	case <-deadline.C:
	}
	r.deadline = true
	tap.arm()
	syscall.Kill(pid, syscall.SIGQUIT)
	grace := time.NewTimer(e.dumpGrace)
	defer grace.Stop()
	select {
	case <-exited:
		return nil
	case <-grace.C:
		return killAndWait(nil, pid, exited)
	case <-ctx.Done():
		return killAndWait(ctx.Err(), pid, exited)
	}
}

// killAndWait kills the process group and returns err once the main
// process exited.
func killAndWait(err error, pid int, exited <-chan struct{}) error {
	syscall.Kill(-pid, syscall.SIGKILL)
	syscall.Kill(pid, syscall.SIGKILL) // in case it left its group
	<-exited
	return err
}

// drain waits for the output copiers to reach the end of the pipes, which
// they do once every process holding them died; after drainGrace it closes
// the pipes under them.
func drain(copiers *sync.WaitGroup, pipes ...*os.File) {
	done := make(chan struct{})
	go func() {
		copiers.Wait()
		close(done)
	}()
	t := time.NewTimer(drainGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		for _, p := range pipes {
			p.Close() // pipes are pollable: Close unblocks the Read
		}
		<-done
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// runEnv is the program's environment: the runner's, without the runtime
// settings the runner itself may run under, plus the Spec's.
func runEnv(parent []string, s job.Spec) []string {
	env := make([]string, 0, len(parent)+len(s.Env)+1)
	for _, kv := range parent {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GOMAXPROCS", "GOTRACEBACK", "GODEBUG", "GORACE":
			continue
		}
		env = append(env, kv)
	}
	if s.GOMAXPROCS > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(s.GOMAXPROCS))
	}
	if s.Race {
		// The race runtime sleeps 1s at exit (atexit_sleep_ms) so that
		// goroutines still running can report; that was 97% of a racy
		// snippet's run (1.03s of 1.06s in the sample chapter). 50ms keeps
		// the chance for late reports without the wait. A snippet's own
		// GORACE, below, wins.
		env = append(env, "GORACE=atexit_sleep_ms=50")
	}
	// exec.Cmd uses the last value of a key: the Spec's win.
	return append(env, s.Env...)
}

// dumpTap keeps standard error from the moment it is armed, at the
// deadline, so that the dump is found whatever the program printed before.
type dumpTap struct {
	armed atomic.Bool
	c     *job.Capture
}

func (t *dumpTap) arm() { t.armed.Store(true) }

func (t *dumpTap) Write(p []byte) (int, error) {
	if t.armed.Load() {
		t.c.Write(p)
	}
	return len(p), nil
}
