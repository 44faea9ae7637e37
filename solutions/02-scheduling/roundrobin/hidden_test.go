package roundrobin

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// The CPU idles between B's end and C's arrival; idle time has no slice
// and counts as no one's waiting.
func TestIdleGap(t *testing.T) {
	got := schedule(t, 4, Job{"C", 20, 2}, Job{"A", 1, 3}, Job{"B", 2, 2})
	want := Schedule{
		Slices:   []Slice{{"A", 1, 4}, {"B", 4, 6}, {"C", 20, 22}},
		Jobs:     []Stats{{"A", 4, 3, 0}, {"B", 6, 4, 2}, {"C", 22, 2, 0}},
		Switches: 2,
	}
	check(t, got, want)
}

// A job arriving at the instant a turn ends is queued before the job that
// was preempted; jobs arriving together join in order of name.
func TestTies(t *testing.T) {
	got := schedule(t, 2, Job{"Z", 0, 3}, Job{"Y", 2, 1}, Job{"X", 2, 1})
	want := Schedule{
		Slices:   []Slice{{"Z", 0, 2}, {"X", 2, 3}, {"Y", 3, 4}, {"Z", 4, 5}},
		Jobs:     []Stats{{"X", 3, 1, 0}, {"Y", 4, 2, 1}, {"Z", 5, 5, 2}},
		Switches: 3,
	}
	check(t, got, want)
}

// With a quantum longer than every burst, round robin is first come,
// first served.
func TestLongQuantumIsFCFS(t *testing.T) {
	got := schedule(t, 100, Job{"P1", 0, 24}, Job{"P2", 0, 3}, Job{"P3", 0, 3})
	want := Schedule{
		Slices:   []Slice{{"P1", 0, 24}, {"P2", 24, 27}, {"P3", 27, 30}},
		Jobs:     []Stats{{"P1", 24, 24, 0}, {"P2", 27, 27, 24}, {"P3", 30, 30, 27}},
		Switches: 2,
	}
	check(t, got, want)
	if got.AverageWait() != 17 {
		t.Errorf("AverageWait = %v, want 17", got.AverageWait())
	}
}

// The classic example with quantum 4: short jobs no longer wait behind
// the long one, and the long one runs alone at the end without switches.
func TestQuantumFour(t *testing.T) {
	got := schedule(t, 4, Job{"P1", 0, 24}, Job{"P2", 0, 3}, Job{"P3", 0, 3})
	want := Schedule{
		Slices: []Slice{
			{"P1", 0, 4}, {"P2", 4, 7}, {"P3", 7, 10},
			{"P1", 10, 14}, {"P1", 14, 18}, {"P1", 18, 22}, {"P1", 22, 26}, {"P1", 26, 30},
		},
		Jobs:     []Stats{{"P1", 30, 30, 6}, {"P2", 7, 7, 4}, {"P3", 10, 10, 7}},
		Switches: 3,
	}
	check(t, got, want)
}

// Quantum 1 with two equal jobs alternates every tick.
func TestQuantumOne(t *testing.T) {
	got := schedule(t, 1, Job{"a", 0, 3}, Job{"b", 0, 3})
	want := Schedule{
		Slices: []Slice{
			{"a", 0, 1}, {"b", 1, 2}, {"a", 2, 3}, {"b", 3, 4}, {"a", 4, 5}, {"b", 5, 6},
		},
		Jobs:     []Stats{{"a", 5, 5, 2}, {"b", 6, 6, 3}},
		Switches: 5,
	}
	check(t, got, want)
}

func TestEmpty(t *testing.T) {
	got := schedule(t, 3)
	if len(got.Slices) != 0 || len(got.Jobs) != 0 || got.Switches != 0 {
		t.Errorf("no jobs gave %+v", got)
	}
	if got.AverageWait() != 0 || got.AverageTurnaround() != 0 {
		t.Errorf("averages of no jobs: %v, %v", got.AverageWait(), got.AverageTurnaround())
	}
}

// The schedule depends on the set of jobs, not on the order of Add.
func TestAddOrderIrrelevant(t *testing.T) {
	var jobs []Job
	for i := range 30 {
		jobs = append(jobs, Job{fmt.Sprint("j", i), (i * 7) % 11, 1 + (i*5)%9})
	}
	want := schedule(t, 3, jobs...)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
		check(t, schedule(t, 3, jobs...), want)
	}
}

// Run called while other goroutines are adding jobs sees a consistent
// snapshot: its schedule is the schedule of exactly the jobs it reports.
func TestRunWhileAdding(t *testing.T) {
	s, err := New(2)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]Job{}
	for i := range 60 {
		j := Job{fmt.Sprintf("w%02d", i), i % 5, 1 + i%4}
		all[j.Name] = j
	}
	var wg sync.WaitGroup
	for _, j := range all {
		wg.Go(func() { s.Add(j) })
	}
	results := make(chan Schedule, 20)
	for range 20 {
		wg.Go(func() { results <- s.Run() })
	}
	wg.Wait()
	close(results)
	for got := range results {
		var jobs []Job
		for _, st := range got.Jobs {
			j, ok := all[st.Name]
			if !ok {
				t.Fatalf("Run reported a job %q that was never added", st.Name)
			}
			jobs = append(jobs, j)
		}
		want := schedule(t, 2, jobs...)
		if !slices.Equal(got.Slices, want.Slices) || !slices.Equal(got.Jobs, want.Jobs) || got.Switches != want.Switches {
			t.Fatalf("a Run during Adds is not the schedule of the %d jobs it reports", len(jobs))
		}
	}
	if n := len(s.Run().Jobs); n != len(all) {
		t.Errorf("after every Add returned, Run saw %d jobs, want %d", n, len(all))
	}
}

// Running twice gives the same schedule: Run does not consume the jobs.
func TestRunTwice(t *testing.T) {
	s, err := New(2)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(Job{"A", 0, 5})
	s.Add(Job{"B", 1, 3})
	first := s.Run()
	check(t, s.Run(), first)
	if len(first.Jobs) != 2 {
		t.Errorf("Run reported %d jobs, want 2", len(first.Jobs))
	}
}
