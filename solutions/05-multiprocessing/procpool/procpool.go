// Package procpool runs jobs on a pool of worker processes that receive
// gob-encoded jobs on their standard input and answer on their standard
// output, and replaces a worker that dies.
package procpool

import (
	"encoding/gob"
	"errors"
	"io"
	"sync"
)

// MaxAttempts is how many workers a job may be sent to. A job whose
// worker died that many times is given up.
const MaxAttempts = 3

// Job is one piece of work for a worker.
type Job struct {
	ID    int
	Input int
}

// Result is a worker's answer to the job with the same ID.
type Result struct {
	ID     int
	Output int
}

// Proc is one running worker process as the pool sees it.
type Proc struct {
	// In is the worker's standard input: the pool writes gob-encoded
	// Jobs here, and closes it to tell the worker that no more will come.
	In io.WriteCloser
	// Out is the worker's standard output: gob-encoded Results.
	Out io.Reader
	// Wait waits for the process to exit and reaps it. The pool calls it
	// exactly once, after Out has ended. It returns an error if the worker
	// did not exit cleanly.
	Wait func() error
}

// Report is the outcome of Run.
type Report struct {
	Results  []Result // one per job that completed, in the order of the jobs
	Failed   []int    // the IDs of the jobs given up, in the order of the jobs
	Restarts int      // workers started to replace workers that died
}

// Serve is the worker's side of the protocol: it decodes Jobs from r until
// r ends, and for each writes f's Result, with its ID set to the job's, to
// w. It returns nil when r ends cleanly between two jobs.
func Serve(r io.Reader, w io.Writer, f func(Job) Result) error {
	dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
	for {
		var j Job
		if err := dec.Decode(&j); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		res := f(j)
		res.ID = j.ID
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
}

// worker is a started Proc with the two ends of its gob streams. Each
// process gets encoders of its own: a gob stream starts with the type
// descriptions, which a replacement has not yet seen.
type worker struct {
	p   *Proc
	enc *gob.Encoder
	dec *gob.Decoder
}

func startWorker(spawn func() (*Proc, error)) (*worker, error) {
	p, err := spawn()
	if err != nil {
		return nil, err
	}
	return &worker{p: p, enc: gob.NewEncoder(p.In), dec: gob.NewDecoder(p.Out)}, nil
}

// do sends j and waits for its result; false means the worker is dead
// (it could not take the job, or ended or garbled its answer).
func (w *worker) do(j Job) (Result, bool) {
	if err := w.enc.Encode(j); err != nil {
		return Result{}, false
	}
	var r Result
	if err := w.dec.Decode(&r); err != nil || r.ID != j.ID {
		return Result{}, false
	}
	return r, true
}

// stop ends the worker's input, reads what is left of its output (a
// process cannot exit while its output pipe is full) and reaps it.
func (w *worker) stop() {
	w.p.In.Close()
	io.Copy(io.Discard, w.p.Out)
	w.p.Wait()
}

// Run runs jobs on at most n worker processes (fewer when there are fewer
// jobs), each started by spawn and sent one job at a time from a queue
// they share. A worker that dies while it has a job is reaped and replaced
// by a new one, and its job goes back to the queue, until the job has been
// sent to MaxAttempts workers. Run returns when every job has a result or
// has been given up, after closing and reaping every worker. If spawn
// fails, Run stops, reaps every worker it started and returns the error
// with the results it has.
func Run(n int, spawn func() (*Proc, error), jobs []Job) (Report, error) {
	if n < 1 {
		return Report{}, errors.New("procpool: need at least one worker")
	}
	if len(jobs) == 0 {
		return Report{}, nil
	}
	type item struct{ idx, attempts int }
	queue := make(chan item, len(jobs)) // room for every job: requeueing never blocks
	for i := range jobs {
		queue <- item{idx: i}
	}
	abort := make(chan struct{})

	var (
		mu        sync.Mutex
		results   = make([]*Result, len(jobs))
		failed    = make([]bool, len(jobs))
		remaining = len(jobs)
		restarts  int
		runErr    error
	)
	settle := func() { // with mu held: one job is done for good
		remaining--
		if remaining == 0 {
			close(queue)
		}
	}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if runErr == nil {
			runErr = err
			close(abort)
		}
	}

	var wg sync.WaitGroup
	for range min(n, len(jobs)) {
		wg.Go(func() {
			w, err := startWorker(spawn)
			if err != nil {
				fail(err)
				return
			}
			for {
				var it item
				select {
				case next, ok := <-queue:
					if !ok {
						w.stop()
						return
					}
					it = next
				case <-abort:
					w.stop()
					return
				}
				r, alive := w.do(jobs[it.idx])
				if alive {
					mu.Lock()
					results[it.idx] = &r
					settle()
					mu.Unlock()
					continue
				}
				w.stop() // reap the dead one before starting another
				it.attempts++
				mu.Lock()
				if it.attempts >= MaxAttempts {
					failed[it.idx] = true
					settle()
				} else {
					queue <- it
				}
				restarts++
				mu.Unlock()
				if w, err = startWorker(spawn); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()

	var rep Report
	for i := range jobs {
		if results[i] != nil {
			rep.Results = append(rep.Results, *results[i])
		}
		if failed[i] {
			rep.Failed = append(rep.Failed, jobs[i].ID)
		}
	}
	rep.Restarts = restarts
	return rep, runErr
}
