package cooprun

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
)

// stepper returns a task that logs name1, name2, … nameN, yielding after
// each step. The log is a plain slice shared by all tasks, without a lock:
// the runner runs one task at a time, so the tasks need none.
func stepper(log *[]string, name string, n int) Task {
	return func(yield func() bool) {
		for i := 1; i <= n; i++ {
			*log = append(*log, fmt.Sprint(name, i))
			if !yield() {
				return
			}
		}
	}
}

func TestRoundRobin(t *testing.T) {
	var log []string
	var r Runner
	r.Spawn(stepper(&log, "A", 3))
	r.Spawn(stepper(&log, "B", 2))
	r.Spawn(stepper(&log, "C", 3))
	if err := r.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []string{"A1", "B1", "C1", "A2", "B2", "C2", "A3", "C3"}
	if !slices.Equal(log, want) {
		t.Errorf("turns came in the order\n %v\nwant\n %v", log, want)
	}
}

// TestOneAtATime runs 20 tasks of 50 turns each. They update a shared
// counter without locks and check that no other task is inside its turn.
func TestOneAtATime(t *testing.T) {
	var inside atomic.Int32
	var overlaps atomic.Int32
	counter := 0
	var r Runner
	for range 20 {
		r.Spawn(func(yield func() bool) {
			for range 50 {
				if inside.Add(1) != 1 {
					overlaps.Add(1)
				}
				counter++
				inside.Add(-1)
				if !yield() {
					return
				}
			}
		})
	}
	if err := r.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := overlaps.Load(); n > 0 {
		t.Errorf("%d times a task's turn overlapped another's", n)
	}
	if counter != 1000 {
		t.Errorf("counter = %d, want 1000", counter)
	}
}

// A task spawned during a turn goes to the back of the queue, ahead of the
// task that spawned it (which joins the back when it yields).
func TestSpawnFromTask(t *testing.T) {
	var log []string
	var r Runner
	r.Spawn(func(yield func() bool) {
		log = append(log, "A1")
		r.Spawn(stepper(&log, "C", 2))
		if !yield() {
			return
		}
		log = append(log, "A2")
	})
	r.Spawn(stepper(&log, "B", 2))
	if err := r.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []string{"A1", "B1", "C1", "A2", "B2", "C2"}
	if !slices.Equal(log, want) {
		t.Errorf("turns came in the order\n %v\nwant\n %v", log, want)
	}
}

// TestCancel cancels the context during B's second turn. Run must then
// finish every started task (its yield returns false), in queue order,
// discard D, which never started, and return context.Canceled.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log []string
	var r Runner
	looper := func(name string, onTurn2 func()) Task {
		return func(yield func() bool) {
			for i := 1; i <= 100; i++ {
				log = append(log, fmt.Sprint(name, i))
				if i == 2 && onTurn2 != nil {
					onTurn2()
				}
				if !yield() {
					log = append(log, name+" stopped")
					return
				}
			}
		}
	}
	r.Spawn(looper("A", func() { r.Spawn(looper("D", nil)) }))
	r.Spawn(looper("B", cancel))
	r.Spawn(looper("C", nil))
	if err := r.Run(ctx); err != context.Canceled {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	want := []string{"A1", "B1", "C1", "A2", "B2", "C stopped", "A stopped", "B stopped"}
	if !slices.Equal(log, want) {
		t.Errorf("turns came in the order\n %v\nwant\n %v", log, want)
	}
}
