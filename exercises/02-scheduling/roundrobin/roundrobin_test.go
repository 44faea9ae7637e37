package roundrobin

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// schedule adds jobs to a new scheduler with quantum q and runs it.
func schedule(t *testing.T, q int, jobs ...Job) Schedule {
	t.Helper()
	s, err := New(q)
	if err != nil {
		t.Fatalf("New(%d): %v", q, err)
	}
	for _, j := range jobs {
		if err := s.Add(j); err != nil {
			t.Fatalf("Add(%+v): %v", j, err)
		}
	}
	return s.Run()
}

func TestOneJob(t *testing.T) {
	got := schedule(t, 3, Job{"A", 2, 7})
	want := Schedule{
		Slices: []Slice{{"A", 2, 5}, {"A", 5, 8}, {"A", 8, 9}},
		Jobs:   []Stats{{"A", 9, 7, 0}},
	}
	check(t, got, want)
}

// The worked example of the README.
func TestTextbook(t *testing.T) {
	got := schedule(t, 2, Job{"A", 0, 5}, Job{"B", 1, 3}, Job{"C", 2, 1})
	want := Schedule{
		Slices: []Slice{
			{"A", 0, 2}, {"B", 2, 4}, {"C", 4, 5}, {"A", 5, 7}, {"B", 7, 8}, {"A", 8, 9},
		},
		Jobs:     []Stats{{"A", 9, 9, 4}, {"B", 8, 7, 4}, {"C", 5, 3, 2}},
		Switches: 5,
	}
	check(t, got, want)
	if a := got.AverageWait(); a < 3.33 || a > 3.34 {
		t.Errorf("AverageWait = %v, want 10/3", a)
	}
	if a := got.AverageTurnaround(); a < 6.33 || a > 6.34 {
		t.Errorf("AverageTurnaround = %v, want 19/3", a)
	}
}

func TestValidation(t *testing.T) {
	if _, err := New(0); err != ErrQuantum {
		t.Errorf("New(0): err = %v, want ErrQuantum", err)
	}
	s, err := New(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		job  Job
		want error
	}{
		{Job{"", 0, 1}, ErrName},
		{Job{"A", -1, 1}, ErrArrival},
		{Job{"A", 0, 0}, ErrBurst},
		{Job{"A", 0, 1}, nil},
		{Job{"A", 3, 2}, ErrDuplicate},
	} {
		if err := s.Add(c.job); err != c.want {
			t.Errorf("Add(%+v): err = %v, want %v", c.job, err, c.want)
		}
	}
}

// TestConcurrentAdd adds 100 jobs from 100 goroutines at once: no data
// race, no job lost, and the same schedule as adding them one by one.
func TestConcurrentAdd(t *testing.T) {
	var jobs []Job
	for i := range 100 {
		jobs = append(jobs, Job{fmt.Sprintf("job%02d", i), i % 7, 1 + i%5})
	}
	want := schedule(t, 3, jobs...)

	s, err := New(3)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			if err := s.Add(j); err != nil {
				t.Errorf("Add(%+v): %v", j, err)
			}
		})
	}
	wg.Wait()
	got := s.Run()
	if len(got.Jobs) != len(jobs) {
		t.Fatalf("Run saw %d jobs after %d concurrent Adds", len(got.Jobs), len(jobs))
	}
	check(t, got, want)
}

func check(t *testing.T, got, want Schedule) {
	t.Helper()
	if !slices.Equal(got.Slices, want.Slices) {
		t.Errorf("Slices:\n got  %v\n want %v", got.Slices, want.Slices)
	}
	if !slices.Equal(got.Jobs, want.Jobs) {
		t.Errorf("Jobs:\n got  %v\n want %v", got.Jobs, want.Jobs)
	}
	if got.Switches != want.Switches {
		t.Errorf("Switches = %d, want %d", got.Switches, want.Switches)
	}
}
