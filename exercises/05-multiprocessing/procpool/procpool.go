// Package procpool runs jobs on a pool of worker processes that receive
// gob-encoded jobs on their standard input and answer on their standard
// output, and replaces a worker that dies.
package procpool

import "io"

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
	// TODO: a gob.Decoder on r, a gob.Encoder on w, one Result per Job.
	return nil
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
	// TODO
	return Report{}, nil
}
