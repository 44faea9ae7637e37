package procpool

import (
	"encoding/gob"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// A farm of fake worker processes: goroutines behind io.Pipes that speak
// the same gob protocol, so that tests can run on synctest's fake clock
// and watch every worker's life.

// behaviour decides what a fake worker does with a job: how long it
// works, and whether it then dies instead of answering.
type behaviour func(j Job) (took time.Duration, die bool)

type farm struct {
	behave   behaviour
	failAt   int // the spawn call (1-based) that fails; 0: none
	dieAt    int // the spawned worker (1-based) that dies before reading anything; 0: none
	mu       sync.Mutex
	spawned  int
	alive    int // spawned and not yet reaped
	peak     int // most alive at once
	busy     int // working on a job now
	peakBusy int
	procs    []*fake
}

type fake struct {
	inR, outR     *io.PipeReader
	inW, outW     *io.PipeWriter
	exited        chan struct{}
	exitErr       error
	inClosed      bool
	outEnded      bool
	waits         int
	waitBeforeEOF bool
}

// outReader notes when the pool has read Out to its end.
type outReader struct {
	f  *farm
	p  *fake
	rd io.Reader
}

func (o outReader) Read(b []byte) (int, error) {
	n, err := o.rd.Read(b)
	if err != nil {
		o.f.mu.Lock()
		o.p.outEnded = true
		o.f.mu.Unlock()
	}
	return n, err
}

type inWriter struct {
	f *farm
	p *fake
}

func (w inWriter) Write(b []byte) (int, error) { return w.p.inW.Write(b) }
func (w inWriter) Close() error {
	w.f.mu.Lock()
	w.p.inClosed = true
	w.f.mu.Unlock()
	return w.p.inW.Close()
}

var errSpawn = errors.New("fork: resource temporarily unavailable")

func (f *farm) spawn() (*Proc, error) {
	f.mu.Lock()
	f.spawned++
	if f.spawned == f.failAt {
		f.mu.Unlock()
		return nil, errSpawn
	}
	p := &fake{exited: make(chan struct{})}
	p.inR, p.inW = io.Pipe()
	p.outR, p.outW = io.Pipe()
	f.procs = append(f.procs, p)
	f.alive++
	f.peak = max(f.peak, f.alive)
	dieNow := f.spawned == f.dieAt
	f.mu.Unlock()

	go f.run(p, dieNow)
	return &Proc{
		In:  inWriter{f, p},
		Out: outReader{f, p, p.outR},
		Wait: func() error {
			f.mu.Lock()
			p.waits++
			if !p.outEnded {
				p.waitBeforeEOF = true
			}
			f.mu.Unlock()
			<-p.exited
			f.mu.Lock()
			if p.waits == 1 {
				f.alive--
			}
			f.mu.Unlock()
			return p.exitErr
		},
	}, nil
}

// run is the fake worker process.
func (f *farm) run(p *fake, dieNow bool) {
	defer close(p.exited)
	die := func() {
		p.exitErr = errors.New("exit status 2")
		p.inR.CloseWithError(errors.New("write |1: broken pipe"))
		p.outW.Close()
	}
	if dieNow {
		die()
		return
	}
	dec, enc := gob.NewDecoder(p.inR), gob.NewEncoder(p.outW)
	for {
		var j Job
		if err := dec.Decode(&j); err != nil { // the pool closed our input
			p.inR.Close()
			p.outW.Close()
			return
		}
		took, dying := f.behave(j)
		f.mu.Lock()
		f.busy++
		f.peakBusy = max(f.peakBusy, f.busy)
		f.mu.Unlock()
		time.Sleep(took)
		f.mu.Lock()
		f.busy--
		f.mu.Unlock()
		if dying {
			die()
			return
		}
		if err := enc.Encode(Result{ID: j.ID, Output: j.Input * j.Input}); err != nil {
			p.inR.Close()
			return
		}
	}
}

// checkReaped: every spawned worker had its input closed, was read to the
// end of its output, then waited for exactly once.
func (f *farm) checkReaped(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, p := range f.procs {
		switch {
		case p.waits != 1:
			t.Errorf("worker %d: Wait called %d times, want exactly 1", i+1, p.waits)
		case !p.inClosed:
			t.Errorf("worker %d: its In was never closed", i+1)
		case p.waitBeforeEOF:
			t.Errorf("worker %d: Wait called before Out was read to its end", i+1)
		}
	}
}

// seconds: every job takes Input seconds and no worker dies.
func seconds(j Job) (time.Duration, bool) { return time.Duration(j.Input) * time.Second, false }

// TestBoundedWorkers: nine one-second jobs on three workers take three
// seconds; never more than three workers are alive, and all three work.
func TestBoundedWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &farm{behave: seconds}
		start := time.Now()
		rep, err := Run(3, f.spawn, jobs(1, 1, 1, 1, 1, 1, 1, 1, 1))
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if len(rep.Results) != 9 {
			t.Errorf("%d results, want 9", len(rep.Results))
		}
		if f.peak > 3 {
			t.Errorf("%d workers alive at once, want at most 3", f.peak)
		}
		if f.peakBusy != 3 {
			t.Errorf("at most %d jobs ran at once, want 3", f.peakBusy)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("9 one-second jobs on 3 workers took %v, want 3s", d)
		}
		f.checkReaped(t)
	})
}

// TestBoundedWithCrashes: workers that die are replaced, but a replacement
// starts only after the dead one is reaped: still at most n alive.
func TestBoundedWithCrashes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		tries := map[int]int{}
		f := &farm{behave: func(j Job) (time.Duration, bool) {
			mu.Lock()
			defer mu.Unlock()
			tries[j.ID]++
			return time.Second, j.Input == 7 && tries[j.ID] == 1 // each 7 kills one worker
		}}
		js := jobs(7, 1, 7, 1, 7, 1)
		rep, err := Run(2, f.spawn, js)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if want := squares(js); !slices.Equal(rep.Results, want) {
			t.Errorf("Results = %v, want %v", rep.Results, want)
		}
		if rep.Restarts != 3 {
			t.Errorf("Restarts = %d, want 3", rep.Restarts)
		}
		if f.peak > 2 {
			t.Errorf("%d workers alive at once, want at most 2", f.peak)
		}
		f.checkReaped(t)
	})
}

// TestSharedQueue: workers take jobs from one queue, so a worker that is
// stuck on a long job does not hold up the short ones behind it.
func TestSharedQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &farm{behave: seconds}
		start := time.Now()
		rep, err := Run(2, f.spawn, jobs(10, 1, 1, 1, 1, 1, 1, 1, 1))
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if len(rep.Results) != 9 {
			t.Errorf("%d results, want 9", len(rep.Results))
		}
		if d := time.Since(start); d != 10*time.Second {
			t.Errorf("a 10s job and eight 1s jobs on 2 workers took %v, want 10s: the idle worker should take every short job", d)
		}
		f.checkReaped(t)
	})
}

// TestReapsEveryWorker: after Run, whether workers lived or died, every
// one was closed, drained and waited for once, and no goroutine is left
// (synctest.Test fails if one is).
func TestReapsEveryWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &farm{behave: func(j Job) (time.Duration, bool) {
			return time.Second, j.Input < 0
		}}
		js := jobs(1, -1, 2, 3, -1, 4)
		rep, err := Run(3, f.spawn, js)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if want := squares(js); !slices.Equal(rep.Results, want) {
			t.Errorf("Results = %v, want %v", rep.Results, want)
		}
		if !slices.Equal(rep.Failed, []int{101, 104}) {
			t.Errorf("Failed = %v, want [101 104]", rep.Failed)
		}
		if rep.Restarts != 2*MaxAttempts {
			t.Errorf("Restarts = %d, want %d", rep.Restarts, 2*MaxAttempts)
		}
		f.checkReaped(t)
	})
}

// TestWriteToDeadWorker: the first worker dies before it reads its first
// job, so sending to it fails. The pool must treat that as a death, not
// hang or give up.
func TestWriteToDeadWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &farm{behave: seconds, dieAt: 1}
		js := jobs(1, 2, 3)
		rep, err := Run(1, f.spawn, js)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if want := squares(js); !slices.Equal(rep.Results, want) {
			t.Errorf("Results = %v, want %v", rep.Results, want)
		}
		if rep.Restarts != 1 {
			t.Errorf("Restarts = %d, want 1", rep.Restarts)
		}
		f.checkReaped(t)
	})
}

// TestSpawnError: when starting a worker fails, Run returns that error
// and still reaps every worker it had started.
func TestSpawnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &farm{behave: seconds, failAt: 3}
		_, err := Run(4, f.spawn, jobs(1, 1, 1, 1, 1, 1, 1, 1))
		if !errors.Is(err, errSpawn) {
			t.Errorf("Run returned %v, want the spawn error %v", err, errSpawn)
		}
		f.checkReaped(t)
	})
}

// TestNoJobs: nothing to do starts no worker.
func TestNoJobs(t *testing.T) {
	f := &farm{behave: seconds}
	rep, err := Run(3, f.spawn, nil)
	if err != nil || len(rep.Results) != 0 || f.spawned != 0 {
		t.Errorf("Run with no jobs: %+v, %v, %d workers started; want nothing at all", rep, err, f.spawned)
	}
}

// TestConcurrentRuns: Run keeps no state between calls, so several may
// run at once (checked by the race detector).
func TestConcurrentRuns(t *testing.T) {
	var wg sync.WaitGroup
	for k := range 4 {
		wg.Go(func() {
			f := &farm{behave: func(j Job) (time.Duration, bool) { return 0, false }}
			js := jobs(k, k+1, k+2, k+3, k+4, k+5, k+6, k+7)
			rep, err := Run(3, f.spawn, js)
			if err != nil {
				t.Errorf("Run: %v", err)
				return
			}
			if want := squares(js); !slices.Equal(rep.Results, want) {
				t.Errorf("Results = %v, want %v", rep.Results, want)
			}
			f.checkReaped(t)
		})
	}
	wg.Wait()
}
