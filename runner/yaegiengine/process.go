package yaegiengine

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"workbook/runner/job"
)

// proc is one worker process, from its start to its end.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *job.Capture
	stderr *job.Capture
	dir    string        // its working directory, removed when it is gone
	ready  chan struct{} // closed when its interpreter is set up
	gone   chan struct{} // closed when it has ended
	status chan status   // what it wrote on fd 3, sent once it is gone
}

// startProc starts a worker. Its output goes to fresh Captures from the
// start, since a prewarmed worker exists before the run it will serve.
func startProc(argv, env []string, limit int, now func() time.Time) (*proc, error) {
	dir, err := os.MkdirTemp("", "yaegi-worker-")
	if err != nil {
		return nil, err
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p := &proc{
		stdout: job.NewCapture(limit),
		stderr: job.NewCapture(limit),
		dir:    dir,
		ready:  make(chan struct{}),
		gone:   make(chan struct{}),
		status: make(chan status, 1),
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	cmd.ExtraFiles = []*os.File{statusW} // fd 3
	cmd.SysProcAttr = sysProcAttr()
	// The output pipes close when the worker dies, since it can start no
	// process that would inherit them; WaitDelay is a bound all the same.
	cmd.WaitDelay = time.Second
	if p.stdin, err = cmd.StdinPipe(); err == nil {
		err = cmd.Start()
	}
	statusW.Close() // the worker has its copy; EOF on statusR means it is gone
	if err != nil {
		statusR.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	p.cmd = cmd
	// Ends at EOF, when the worker is gone: a run waits for it, Close
	// kills idle workers.
	go func() {
		defer statusR.Close()
		defer close(p.gone)
		p.status <- readStatus(statusR, now, func() { close(p.ready) })
	}()
	return p, nil
}

// isReady reports, without waiting, whether the worker's interpreter is
// set up.
func (p *proc) isReady() bool {
	select {
	case <-p.ready:
		return true
	default:
		return false
	}
}

// kill kills the worker's process group. Signalling the process first
// (through a pidfd, so never another process that took its pid) tells
// whether it is still there; only then is its group, which has its pid as
// id, signalled too.
func (p *proc) kill() {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); errors.Is(err, os.ErrProcessDone) {
		return
	}
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
}

// wait waits for the worker to be gone and returns how it ended and what
// it reported.
func (p *proc) wait() (*os.ProcessState, status) {
	p.cmd.Wait() // the state says how it ended; the error adds nothing
	st := <-p.status
	os.RemoveAll(p.dir)
	return p.cmd.ProcessState, st
}

// dismiss ends an idle worker.
func (p *proc) dismiss() {
	p.kill()
	p.wait()
}

// workerEnv is the environment of a worker: the runner's less the settings
// that would change how the worker's own runtime and interpreter behave
// (the compiled engine drops the same Go settings; YAEGI_* are read by
// interp.New), plus extra.
func workerEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "GOMAXPROCS" || k == "GOTRACEBACK" || k == "GODEBUG" || strings.HasPrefix(k, "YAEGI_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// cpuOf returns the CPU times and peak memory of a finished worker.
func cpuOf(state *os.ProcessState) (user, sys time.Duration, maxRSS int64) {
	ru, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), int64(ru.Maxrss) * int64(maxRSSUnit)
}
