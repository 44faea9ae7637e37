package cooprun

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestSleepsAreSerialized: three tasks each sleep 1s, yield, and sleep 1s
// again, inside their turns. Cooperatively only one runs at a time, so on
// synctest's fake clock the whole run takes exactly 6s (in parallel it
// would take 2s).
func TestSleepsAreSerialized(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r Runner
		var inside, peak atomic.Int32
		for range 3 {
			r.Spawn(func(yield func() bool) {
				for turn := range 2 {
					peak.Store(max(peak.Load(), inside.Add(1)))
					time.Sleep(time.Second)
					inside.Add(-1)
					if turn == 0 && !yield() {
						return
					}
				}
			})
		}
		start := time.Now()
		if err := r.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if p := peak.Load(); p > 1 {
			t.Errorf("%d tasks were inside their turns at once, want 1", p)
		}
		if d := time.Since(start); d != 6*time.Second {
			t.Errorf("three tasks sleeping 2s each took %v, want 6s", d)
		}
	})
}

// TestDeadline: two tasks of 300ms turns under a 1s timeout. The deadline
// passes during the fourth turn (0.9s–1.2s); Run notices before the fifth,
// gives both tasks a last turn in which yield returns false, and returns
// context.DeadlineExceeded at 1.2s.
func TestDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		var r Runner
		var stopped atomic.Int32
		for range 2 {
			r.Spawn(func(yield func() bool) {
				for range 100 {
					time.Sleep(300 * time.Millisecond)
					if !yield() {
						stopped.Add(1)
						return
					}
				}
			})
		}
		start := time.Now()
		if err := r.Run(ctx); err != context.DeadlineExceeded {
			t.Errorf("Run returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 1200*time.Millisecond {
			t.Errorf("Run returned after %v, want 1.2s", d)
		}
		if n := stopped.Load(); n != 2 {
			t.Errorf("%d tasks saw yield return false, want 2", n)
		}
	})
}

// TestConcurrentSpawn spawns 200 tasks from 10 goroutines before Run and
// 50 more from another goroutine while Run runs; every one runs once.
func TestConcurrentSpawn(t *testing.T) {
	var r Runner
	var ran atomic.Int32
	task := func(yield func() bool) { ran.Add(1) }
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 20 {
				r.Spawn(task)
			}
		})
	}
	wg.Wait()

	outsideDone := make(chan struct{})
	// The sentinel keeps the queue from running empty until the outside
	// goroutine has spawned all of its tasks.
	r.Spawn(func(yield func() bool) {
		for {
			select {
			case <-outsideDone:
				return
			default:
				if !yield() {
					return
				}
			}
		}
	})
	wg.Go(func() {
		defer close(outsideDone)
		for range 50 {
			r.Spawn(task)
		}
	})
	if err := r.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	wg.Wait()
	if n := ran.Load(); n != 250 {
		t.Errorf("%d tasks ran, want 250", n)
	}
}

// TestBusy calls Run while another Run is inside a task's turn.
func TestBusy(t *testing.T) {
	var r Runner
	entered, release := make(chan struct{}), make(chan struct{})
	r.Spawn(func(yield func() bool) {
		close(entered)
		<-release
	})
	first := make(chan error)
	go func() { first <- r.Run(context.Background()) }()
	<-entered
	if err := r.Run(context.Background()); err != ErrBusy {
		t.Errorf("a second Run during the first returned %v, want ErrBusy", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("the first Run returned %v, want nil", err)
	}
	if err := r.Run(context.Background()); err != nil {
		t.Errorf("Run after the first had returned: %v, want nil", err)
	}
}

// TestRunAgain: an empty runner returns at once; tasks spawned after a Run
// has returned run in the next Run; a cancelled Run discards unstarted
// tasks, so they do not run later either.
func TestRunAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r Runner
		if err := r.Run(context.Background()); err != nil {
			t.Fatalf("Run with no tasks: %v", err)
		}
		var log []string
		r.Spawn(stepper(&log, "A", 2))
		if err := r.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r.Spawn(stepper(&log, "B", 2))
		if err := r.Run(ctx); err != context.Canceled {
			t.Errorf("Run with a cancelled context returned %v, want context.Canceled", err)
		}
		if err := r.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if want := []string{"A1", "A2"}; !slices.Equal(log, want) {
			t.Errorf("log %v, want %v", log, want)
		}
	})
}

// TestYieldAfterStop: during shutdown a task may keep working, and yield
// keeps returning false without ending the task's last turn; Run waits
// for the task to return.
func TestYieldAfterStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var r Runner
		var log []string
		r.Spawn(func(yield func() bool) {
			defer func() { log = append(log, "A returned") }()
			cancel()
			if yield() {
				log = append(log, "A resumed")
				return
			}
			time.Sleep(time.Second) // still its turn
			log = append(log, "A yields again:", boolString(yield()))
		})
		r.Spawn(func(yield func() bool) { log = append(log, "B ran") })
		if err := r.Run(ctx); err != context.Canceled {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
		want := []string{"A yields again:", "false", "A returned"}
		if !slices.Equal(log, want) {
			t.Errorf("log %v, want %v", log, want)
		}
	})
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
