// Package roundrobin simulates a round-robin CPU scheduler with a time
// quantum, the way an operating system shares one core between jobs.
package roundrobin

import (
	"errors"
	"slices"
	"strings"
	"sync"
)

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
	mu      sync.Mutex
	jobs    []Job
	names   map[string]bool
}

// New returns a scheduler whose turns last at most quantum ticks.
func New(quantum int) (*Scheduler, error) {
	if quantum < 1 {
		return nil, ErrQuantum
	}
	return &Scheduler{quantum: quantum, names: map[string]bool{}}, nil
}

// Add submits a job. It fails for a job without a name, with a name
// already added, with a negative arrival or with a burst below 1.
func (s *Scheduler) Add(j Job) error {
	switch {
	case j.Name == "":
		return ErrName
	case j.Arrival < 0:
		return ErrArrival
	case j.Burst < 1:
		return ErrBurst
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names[j.Name] {
		return ErrDuplicate
	}
	s.names[j.Name] = true
	s.jobs = append(s.jobs, j)
	return nil
}

// Run simulates the jobs added so far. The result depends only on the set
// of jobs and the quantum, never on the order in which they were added.
func (s *Scheduler) Run() Schedule {
	s.mu.Lock()
	jobs := slices.Clone(s.jobs)
	s.mu.Unlock()
	return simulate(jobs, s.quantum)
}

func simulate(jobs []Job, quantum int) Schedule {
	// Arrival order, ties by name: the order in which jobs join the queue.
	slices.SortFunc(jobs, func(a, b Job) int {
		if a.Arrival != b.Arrival {
			return a.Arrival - b.Arrival
		}
		return strings.Compare(a.Name, b.Name)
	})
	remaining := make([]int, len(jobs))
	finish := make([]int, len(jobs))
	for i, j := range jobs {
		remaining[i] = j.Burst
	}

	var sched Schedule
	var queue []int // indices into jobs
	next := 0       // the first job that has not arrived yet
	admit := func(now int) {
		for next < len(jobs) && jobs[next].Arrival <= now {
			queue = append(queue, next)
			next++
		}
	}
	now := 0
	for next < len(jobs) || len(queue) > 0 {
		admit(now)
		if len(queue) == 0 { // idle until the next arrival
			now = jobs[next].Arrival
			continue
		}
		i := queue[0]
		queue = queue[1:]
		run := min(quantum, remaining[i])
		if n := len(sched.Slices); n > 0 && sched.Slices[n-1].Name != jobs[i].Name {
			sched.Switches++
		}
		sched.Slices = append(sched.Slices, Slice{jobs[i].Name, now, now + run})
		now += run
		remaining[i] -= run
		admit(now) // jobs arriving by the end of the turn go first
		if remaining[i] > 0 {
			queue = append(queue, i)
		} else {
			finish[i] = now
		}
	}

	for i, j := range jobs {
		ta := finish[i] - j.Arrival
		sched.Jobs = append(sched.Jobs, Stats{j.Name, finish[i], ta, ta - j.Burst})
	}
	slices.SortFunc(sched.Jobs, func(a, b Stats) int { return strings.Compare(a.Name, b.Name) })
	return sched
}
