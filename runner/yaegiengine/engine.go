package yaegiengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"workbook/runner/job"
)

// Defaults of Config and Spec.
const (
	DefaultOutputLimit = 1 << 20
	DefaultPrewarm     = 1
	DefaultTimeout     = 10 * time.Second
)

// yaegiModule is the interpreter's module; yaegiVersion is the version this
// package was written for, used when the binary carries no build info.
const (
	yaegiModule  = "github.com/traefik/yaegi"
	yaegiVersion = "v0.16.1"
)

// Config sets up an Engine. The zero Config is ready to use in the workbook
// binary.
type Config struct {
	// Worker is the command line that starts a worker process; the default
	// is this executable with the argument "yaegi-worker".
	Worker []string
	// WorkerEnv is added to the environment of worker processes.
	WorkerEnv []string
	// OutputLimit is how much of each of stdout and stderr a Result keeps
	// (see job.Capture); 0 means DefaultOutputLimit.
	OutputLimit int
	// Prewarm is how many idle workers are kept started ahead of the runs
	// that will take them; 0 means DefaultPrewarm, a negative number none
	// (every run then starts its own worker).
	Prewarm int
	// Now is the clock of Wall; nil means time.Now.
	Now func() time.Time
}

// Engine runs programs with the yaegi interpreter, each in a worker
// process of its own. It is safe for concurrent use.
type Engine struct {
	cfg     Config
	argvErr error // why there is no default worker command
	id      string

	mu      sync.Mutex
	idle    []*proc
	pending int        // replacement workers being started
	started *sync.Cond // on mu: signalled when pending drops
	closed  bool
	starts  sync.WaitGroup // the goroutines starting them
}

// New returns an Engine and starts its prewarmed workers.
func New(cfg Config) *Engine {
	e := &Engine{cfg: cfg, id: engineID()}
	e.started = sync.NewCond(&e.mu)
	if e.cfg.Worker == nil {
		exe, err := os.Executable()
		e.cfg.Worker, e.argvErr = []string{exe, "yaegi-worker"}, err
	}
	if e.cfg.OutputLimit <= 0 {
		e.cfg.OutputLimit = DefaultOutputLimit
	}
	if e.cfg.Prewarm == 0 {
		e.cfg.Prewarm = DefaultPrewarm
	}
	if e.cfg.Now == nil {
		e.cfg.Now = time.Now
	}
	if e.argvErr == nil {
		for range e.cfg.Prewarm {
			e.refill()
		}
	}
	return e
}

// Name is "yaegi".
func (e *Engine) Name() string { return "yaegi" }

// ID is "yaegi VERSION GOVERSION GOOS/GOARCH": what decides how a program
// behaves under this engine.
func (e *Engine) ID() string { return e.id }

func engineID() string {
	v := yaegiVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == yaegiModule {
				v = d.Version
				if d.Replace != nil {
					v = d.Replace.Version
				}
			}
		}
	}
	return fmt.Sprintf("yaegi %s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// ErrClosed is returned by Run after Close.
var ErrClosed = errors.New("yaegi engine: closed")

// Run runs the program of s in a worker. Its error is for a failure of the
// engine (no worker, an interpreter crash, a Spec it cannot take: race
// detection, files in subdirectories) and for the end of ctx, which kills
// the worker.
func (e *Engine) Run(ctx context.Context, s job.Spec) (job.Result, error) {
	res := job.Result{Engine: e.Name()}
	if err := check(s); err != nil {
		return res, err
	}
	body, err := json.Marshal(request{Files: s.Files, Args: s.Args, Env: s.Env, GOMAXPROCS: s.GOMAXPROCS, NoRun: s.NoRun})
	if err != nil {
		return res, err
	}
	p, err := e.take()
	if errors.Is(err, ErrClosed) {
		return res, err
	} else if err != nil {
		return res, fmt.Errorf("yaegi engine: starting a worker: %w", err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sent := e.cfg.Now()
	gone := make(chan struct{})
	go func() { // ends when the worker is gone, or kills it so that it is
		select {
		case <-runCtx.Done():
			p.kill()
		case <-gone:
		}
	}()
	// A write to a worker that died fails; wait and the status say why.
	p.stdin.Write(append(body, '\n'))
	p.stdin.Close()
	state, st := p.wait()
	close(gone)
	end := e.cfg.Now()

	killed := state.ExitCode() < 0 && runCtx.Err() != nil
	if killed && ctx.Err() != nil {
		return res, ctx.Err()
	}
	return finish(res, p, state, st, ending{timedOut: killed, timeout: timeout, sent: sent, end: end})
}

// check rejects what the engine cannot run at all.
func check(s job.Spec) error {
	if s.Race {
		return errors.New("yaegi engine: no race detector; use engine=go")
	}
	for _, f := range s.Files {
		if strings.Contains(f.Name, "/") {
			return fmt.Errorf("yaegi engine: %s: programs with subdirectories need engine=go", f.Name)
		}
	}
	if len(s.Files) == 0 {
		return errors.New("yaegi engine: no files")
	}
	if s.NoRun && len(s.Files) > 1 {
		return errors.New("yaegi engine: yaegi compiles a program of several files only by running it; use engine=go for a compile-only check")
	}
	return nil
}

// take hands out an idle worker, a ready one first, or starts one, and has
// a replacement started in the background.
func (e *Engine) take() (*proc, error) {
	if e.argvErr != nil {
		return nil, e.argvErr
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, ErrClosed
	}
	var p *proc
	if len(e.idle) > 0 {
		i := max(0, slices.IndexFunc(e.idle, (*proc).isReady))
		p = e.idle[i]
		e.idle = slices.Delete(e.idle, i, i+1)
	}
	e.mu.Unlock()
	e.refill()
	if p != nil {
		return p, nil
	}
	return e.start()
}

func (e *Engine) start() (*proc, error) {
	return startProc(e.cfg.Worker, workerEnv(e.cfg.WorkerEnv), e.cfg.OutputLimit, e.cfg.Now)
}

// refill starts a worker in the background if fewer than Prewarm are idle
// or being started. A worker that fails to start is not retried here: the
// next Run starts its own and reports why.
func (e *Engine) refill() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || len(e.idle)+e.pending >= e.cfg.Prewarm {
		return
	}
	e.pending++
	e.starts.Add(1)
	go func() { // ends once the worker is started; Close waits for it
		defer e.starts.Done()
		p, err := e.start()
		e.mu.Lock()
		e.pending--
		e.started.Broadcast()
		keep := err == nil && !e.closed
		if keep {
			e.idle = append(e.idle, p)
		}
		e.mu.Unlock()
		if err == nil && !keep {
			p.dismiss()
		}
	}()
}

// Settle waits until no worker is being started or still setting up its
// interpreter, so that the engine spends no CPU until its next Run: the
// runner's measurement lane calls it before measuring, since a worker
// warming up in the background would steal time from the measured program.
func (e *Engine) Settle(ctx context.Context) error {
	e.mu.Lock()
	for e.pending > 0 {
		e.started.Wait() // a start takes milliseconds: a process and a pipe
	}
	idle := slices.Clone(e.idle)
	e.mu.Unlock()
	for _, p := range idle {
		select {
		case <-p.ready:
		case <-p.gone:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Close kills the idle workers and makes further Runs fail. Runs under way
// finish.
func (e *Engine) Close() error {
	e.mu.Lock()
	e.closed = true
	idle := e.idle
	e.idle = nil
	e.mu.Unlock()
	e.starts.Wait() // a worker started meanwhile is dismissed by its starter
	for _, p := range idle {
		p.dismiss()
	}
	return nil
}
