package procpool

import (
	"bytes"
	"encoding/gob"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
)

// The test binary doubles as the worker program: started with
// PROCPOOL_WORKER=1 in its environment, it serves jobs on its standard
// input and output with your Serve and exits, before any test runs.
func init() {
	if os.Getenv("PROCPOOL_WORKER") != "1" {
		return
	}
	if err := Serve(os.Stdin, os.Stdout, square); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// square is the workers' job: Input², with two ways to die. A negative
// Input panics in every worker (a poison job). Input 1000 kills the first
// worker it is sent to with exit status 3, and succeeds after that: the
// worker leaves a file in $PROCPOOL_MARKS to remember it crashed.
func square(j Job) Result {
	if j.Input < 0 {
		panic("poison job " + strconv.Itoa(j.ID))
	}
	if j.Input == 1000 {
		mark := filepath.Join(os.Getenv("PROCPOOL_MARKS"), strconv.Itoa(j.ID))
		if _, err := os.Stat(mark); err != nil {
			os.WriteFile(mark, nil, 0o600)
			os.Exit(3)
		}
	}
	return Result{ID: j.ID, Output: j.Input * j.Input}
}

// processes starts real worker processes (this test binary) and counts
// how many were started and how many reaped.
type processes struct {
	t              *testing.T
	marks          string
	started, waits atomic.Int32
}

func newProcesses(t *testing.T) *processes {
	return &processes{t: t, marks: t.TempDir()}
}

func (ps *processes) spawn() (*Proc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-test.run=^$") // runs no test if the hook did not catch it
	cmd.Env = append(os.Environ(), "PROCPOOL_WORKER=1", "PROCPOOL_MARKS="+ps.marks,
		"GORACE=atexit_sleep_ms=0") // a -race binary otherwise sleeps 1s at exit
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ps.started.Add(1)
	return &Proc{In: in, Out: out, Wait: func() error {
		ps.waits.Add(1)
		return cmd.Wait()
	}}, nil
}

// reaped checks that every process started was waited for once.
func (ps *processes) reaped() {
	ps.t.Helper()
	if s, w := ps.started.Load(), ps.waits.Load(); s != w {
		ps.t.Errorf("%d worker processes started, Wait called %d times: every process must be reaped once", s, w)
	}
}

func jobs(inputs ...int) []Job {
	js := make([]Job, len(inputs))
	for i, in := range inputs {
		js[i] = Job{ID: 100 + i, Input: in}
	}
	return js
}

func squares(js []Job) []Result {
	var rs []Result
	for _, j := range js {
		if j.Input >= 0 {
			rs = append(rs, Result{ID: j.ID, Output: j.Input * j.Input})
		}
	}
	return rs
}

// TestServe runs the worker's side on in-memory streams: every job is
// answered, in order, with the job's ID.
func TestServe(t *testing.T) {
	var in, out bytes.Buffer
	enc := gob.NewEncoder(&in)
	for _, j := range jobs(3, 4, 5) {
		if err := enc.Encode(j); err != nil {
			t.Fatal(err)
		}
	}
	err := Serve(&in, &out, func(j Job) Result {
		return Result{ID: -1, Output: j.Input + 1} // Serve fixes the ID
	})
	if err != nil {
		t.Fatalf("Serve returned %v at the end of its input, want nil", err)
	}
	var got []Result
	dec := gob.NewDecoder(&out)
	for {
		var r Result
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decoding Serve's output: %v", err)
		}
		got = append(got, r)
	}
	want := []Result{{100, 4}, {101, 5}, {102, 6}}
	if !slices.Equal(got, want) {
		t.Errorf("Serve wrote %v, want %v", got, want)
	}
}

// TestRealWorkers runs 20 jobs on 3 real worker processes.
func TestRealWorkers(t *testing.T) {
	ps := newProcesses(t)
	js := jobs(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
	rep, err := Run(3, ps.spawn, js)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if want := squares(js); !slices.Equal(rep.Results, want) {
		t.Errorf("Results = %v, want %v", rep.Results, want)
	}
	if rep.Restarts != 0 || len(rep.Failed) != 0 {
		t.Errorf("Restarts = %d, Failed = %v; no worker died, want 0 and none", rep.Restarts, rep.Failed)
	}
	if s := ps.started.Load(); s < 1 || s > 3 {
		t.Errorf("%d workers started, want between 1 and 3", s)
	}
	ps.reaped()
}

// TestRealCrashRestarts: job 1000 kills the first worker it meets. The
// pool replaces that worker and sends the job again.
func TestRealCrashRestarts(t *testing.T) {
	ps := newProcesses(t)
	js := jobs(1, 2, 1000, 3, 4, 5)
	rep, err := Run(2, ps.spawn, js)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if want := squares(js); !slices.Equal(rep.Results, want) {
		t.Errorf("Results = %v, want %v", rep.Results, want)
	}
	if rep.Restarts != 1 || len(rep.Failed) != 0 {
		t.Errorf("Restarts = %d, Failed = %v; want 1 restart and no failed job", rep.Restarts, rep.Failed)
	}
	ps.reaped()
}

// TestRealPoisonJob: a job that kills every worker is given up after
// MaxAttempts workers died of it; the other jobs still complete.
func TestRealPoisonJob(t *testing.T) {
	ps := newProcesses(t)
	js := jobs(1, 2, -1, 3, 4)
	rep, err := Run(2, ps.spawn, js)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if want := squares(js); !slices.Equal(rep.Results, want) {
		t.Errorf("Results = %v, want %v", rep.Results, want)
	}
	if !slices.Equal(rep.Failed, []int{102}) {
		t.Errorf("Failed = %v, want [102]", rep.Failed)
	}
	if rep.Restarts != MaxAttempts {
		t.Errorf("Restarts = %d, want %d (one per death)", rep.Restarts, MaxAttempts)
	}
	ps.reaped()
}
