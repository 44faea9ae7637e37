package evloop

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestCallConcurrent: Calls from 8 goroutines at once, while the loop
// runs. Every callback runs, one at a time (the counter is a plain int:
// the race detector sees callbacks that overlap), and each goroutine's
// callbacks run in the order of its Calls.
func TestCallConcurrent(t *testing.T) {
	l := New()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Run(ctx) }()
	defer func() { cancel(); <-errc }()

	const senders, each = 8, 500
	count := 0
	seen := make([][]int, senders)
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range each {
				l.Call(func() {
					count++
					seen[s] = append(seen[s], i)
				})
			}
		})
	}
	wg.Wait()
	finished := make(chan struct{})
	l.Call(func() { close(finished) })
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not run a callback within 5s")
	}
	done := make(chan int)
	l.Call(func() { done <- count })
	if n := <-done; n != senders*each {
		t.Errorf("%d callbacks ran, want %d", n, senders*each)
	}
	for s, got := range seen {
		if !slices.IsSorted(got) {
			t.Errorf("sender %d: its callbacks ran out of order", s)
			break
		}
	}
}

// TestNeverConcurrent: callbacks from Call, from timers and from Go never
// overlap, even when they come from many goroutines at once.
func TestNeverConcurrent(t *testing.T) {
	l := New()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Run(ctx) }()
	defer func() { cancel(); <-errc }()

	var inside, overlaps atomic.Int32
	shared := map[int]int{} // no lock: only callbacks touch it
	body := func(k int) {
		if inside.Add(1) != 1 {
			overlaps.Add(1)
		}
		shared[k%7]++
		time.Sleep(10 * time.Microsecond)
		inside.Add(-1)
	}
	var wg sync.WaitGroup
	var pending sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				k := g*1000 + i
				pending.Add(3)
				l.Call(func() { body(k); pending.Done() })
				l.After(time.Duration(i%5)*time.Millisecond, func() { body(k); pending.Done() })
				Go(l, func() int { return k }, func(v int) { body(v); pending.Done() })
			}
		})
	}
	wg.Wait()
	waited := make(chan struct{})
	go func() { pending.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("not every callback ran within 10s")
	}
	if n := overlaps.Load(); n > 0 {
		t.Errorf("callbacks overlapped %d times; they must run one at a time", n)
	}
}

// TestWakeOnCall: an idle Run sleeps without polling, and a Call from
// another goroutine wakes it at once: on the fake clock the callback runs
// at the very instant of the Call.
func TestWakeOnCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		stop := start(t, l)
		synctest.Wait() // an idle loop must block, not spin
		t0 := time.Now()
		ranAt := make(chan time.Duration, 1)
		time.AfterFunc(5*time.Second, func() {
			l.Call(func() { ranAt <- time.Since(t0) })
		})
		if d := <-ranAt; d != 5*time.Second {
			t.Errorf("a Call made at 5s ran at %v: the loop must wake at once", d)
		}
		stop()
	})
}

// TestTimerStop: a stopped timer never runs; Stop reports whether it
// stopped the timer in time.
func TestTimerStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		ranA, ranB := false, false
		a := l.After(2*time.Second, func() { ranA = true })
		b := l.After(1*time.Second, func() { ranB = true })
		stop := start(t, l)
		time.Sleep(1500 * time.Millisecond)
		if !a.Stop() {
			t.Error("Stop of a pending timer returned false")
		}
		if a.Stop() {
			t.Error("a second Stop returned true")
		}
		if b.Stop() {
			t.Error("Stop of a timer that had already run returned true")
		}
		time.Sleep(2 * time.Second)
		stop()
		if ranA {
			t.Error("a stopped timer ran")
		}
		if !ranB {
			t.Error("the 1s timer did not run")
		}
	})
}

// TestTimerFromCallback: a timer created by a callback counts from the
// moment of its creation, and timers and Calls interleave by time.
func TestTimerFromCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		t0 := time.Now()
		var got []string
		mark := func(name string) { got = append(got, name+"@"+time.Since(t0).String()) }
		l.After(time.Second, func() {
			mark("first")
			l.After(2*time.Second, func() { mark("nested") })
			l.Call(func() { mark("called") })
		})
		l.After(2*time.Second, func() { mark("second") })
		stop := start(t, l)
		time.Sleep(4 * time.Second)
		stop()
		want := []string{"first@1s", "called@1s", "second@2s", "nested@3s"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

// TestGoOffload: work given to Go blocks for 10s without stalling the
// loop: a 1s ticker on the loop keeps time, and done runs on the loop
// (it reads the ticker's plain counter) at 10s.
func TestGoOffload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		t0 := time.Now()
		ticks := 0
		var tick func()
		tick = func() {
			ticks++
			if ticks < 20 {
				l.After(time.Second, tick)
			}
		}
		l.After(time.Second, tick)
		type result struct {
			v     int
			at    time.Duration
			ticks int
		}
		res := make(chan result, 1)
		Go(l, func() int {
			time.Sleep(10 * time.Second) // a blocking call
			return 42
		}, func(v int) {
			res <- result{v, time.Since(t0), ticks}
		})
		stop := start(t, l)
		r := <-res
		stop()
		if r.v != 42 || r.at != 10*time.Second {
			t.Errorf("done got %d at %v, want 42 at 10s", r.v, r.at)
		}
		if r.ticks < 9 {
			t.Errorf("only %d one-second ticks ran while the work blocked for 10s: the loop stalled", r.ticks)
		}
	})
}

// TestGoAfterRun: work that ends after Run has returned neither blocks
// nor leaks its goroutine, and its done never runs.
func TestGoAfterRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		ran := false
		Go(l, func() int { time.Sleep(2 * time.Second); return 1 }, func(int) { ran = true })
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := l.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Run returned %v, want context.DeadlineExceeded", err)
		}
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if ran {
			t.Error("done ran although no Run was running")
		}
	})
}

// TestNoCallbackAfterCancel: once the context is cancelled, no further
// callback starts, not even one already queued in the same turn.
func TestNoCallbackAfterCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		ctx, cancel := context.WithCancel(context.Background())
		var got []string
		l.Call(func() { got = append(got, "a"); cancel() })
		l.Call(func() { got = append(got, "b") })
		if err := l.Run(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
		if !slices.Equal(got, []string{"a"}) {
			t.Errorf("ran %q; after a cancels the context, b must not start", got)
		}
	})
}

// TestRunAgain: a loop whose Run has returned keeps its queue; a second
// Run picks it up.
func TestRunAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		l.Run(ctx)
		cancel()
		ran := make(chan bool, 1)
		l.Call(func() { ran <- true })
		stop := start(t, l)
		synctest.Wait()
		select {
		case <-ran:
		default:
			t.Error("a callback queued between two Runs did not run in the second")
		}
		stop()
	})
}
