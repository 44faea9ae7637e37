// Package roundrobin simulates a round-robin CPU scheduler with a time
// quantum, the way an operating system shares one core between jobs.
package roundrobin

import "errors"

// A Job needs Burst ticks of CPU time and becomes ready at tick Arrival.
type Job struct {
	Name    string
	Arrival int
	Burst   int
}

// A Slice is one turn on the CPU: job Name ran from tick Start to tick End.
type Slice struct {
	Name       string
	Start, End int
}

// Stats are one job's times.
type Stats struct {
	Name       string
	Finish     int // the tick at which its last slice ended
	Turnaround int // Finish − Arrival
	Wait       int // Turnaround − Burst: ticks spent ready but not running
}

// A Schedule is the result of a simulation.
type Schedule struct {
	Slices   []Slice // every turn, in time order; idle time has no slice
	Jobs     []Stats // one per job, sorted by name
	Switches int     // turns whose job differs from the previous turn's
}

// AverageTurnaround is the mean turnaround of the jobs (0 with none).
func (s Schedule) AverageTurnaround() float64 {
	return mean(s.Jobs, func(j Stats) int { return j.Turnaround })
}

// AverageWait is the mean waiting time of the jobs (0 with none).
func (s Schedule) AverageWait() float64 {
	return mean(s.Jobs, func(j Stats) int { return j.Wait })
}

func mean(jobs []Stats, f func(Stats) int) float64 {
	if len(jobs) == 0 {
		return 0
	}
	sum := 0
	for _, j := range jobs {
		sum += f(j)
	}
	return float64(sum) / float64(len(jobs))
}

// Errors returned by New and Add.
var (
	ErrQuantum   = errors.New("roundrobin: quantum must be at least 1")
	ErrName      = errors.New("roundrobin: job needs a name")
	ErrDuplicate = errors.New("roundrobin: a job of that name was already added")
	ErrArrival   = errors.New("roundrobin: arrival must not be negative")
	ErrBurst     = errors.New("roundrobin: burst must be at least 1")
)

// A Scheduler collects jobs and simulates them. Its methods are safe for
// concurrent use.
type Scheduler struct {
	quantum int
	// TODO: keep the jobs added so far, safely for concurrent callers.
}

// New returns a scheduler whose turns last at most quantum ticks.
func New(quantum int) (*Scheduler, error) {
	// TODO: reject a quantum below 1.
	return &Scheduler{quantum: quantum}, nil
}

// Add submits a job. It fails for a job without a name, with a name
// already added, with a negative arrival or with a burst below 1.
func (s *Scheduler) Add(j Job) error {
	// TODO
	return nil
}

// Run simulates the jobs added so far. The result depends only on the set
// of jobs and the quantum, never on the order in which they were added.
func (s *Scheduler) Run() Schedule {
	// TODO: the rules are in README.md.
	return Schedule{}
}
