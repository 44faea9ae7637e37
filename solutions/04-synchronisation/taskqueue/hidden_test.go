package taskqueue

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestPutWaitsWhenFull: a Put on a full queue waits until a Get makes room.
func TestPutWaitsWhenFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](2)
		q.Put(1)
		q.Put(2)
		put := make(chan struct{})
		go func() { q.Put(3); close(put) }()
		synctest.Wait()
		select {
		case <-put:
			t.Fatal("Put() on a full queue returned before any Get")
		default:
		}
		if n := q.Len(); n != 2 {
			t.Fatalf("Len() of a full queue of capacity 2 = %d", n)
		}
		if v := q.Get(); v != 1 {
			t.Fatalf("Get() = %d, want 1", v)
		}
		synctest.Wait()
		select {
		case <-put:
		default:
			t.Fatal("Put() still waiting after a Get made room")
		}
		if a, b := q.Get(), q.Get(); a != 2 || b != 3 {
			t.Fatalf("Get(), Get() = %d, %d; want 2, 3", a, b)
		}
	})
}

// TestUnbounded: with capacity 0, Put never waits. (If it did, synctest
// would report every goroutine blocked.)
func TestUnbounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](0)
		for i := range 10_000 {
			q.Put(i)
		}
		if n := q.Len(); n != 10_000 {
			t.Fatalf("Len() = %d, want 10000", n)
		}
		for i := range 10_000 {
			if v := q.Get(); v != i {
				t.Fatalf("Get() = %d, want %d", v, i)
			}
		}
	})
}

// TestTaskDoneTooMany: one TaskDone too many panics and leaves the queue
// usable (its lock released).
func TestTaskDoneTooMany(t *testing.T) {
	q := New[int](1)
	q.Put(1)
	q.Get()
	q.TaskDone()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a second TaskDone() for one Put did not panic")
			}
		}()
		q.TaskDone()
	}()
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		q.Put(2)
		q.Get()
		q.TaskDone()
		q.Join()
	}()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("the queue no longer works after the panic: was its lock left held?")
	}
}

// TestJoinWithNothingPending: Join on a queue with no pending tasks
// returns at once.
func TestJoinWithNothingPending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](4)
		q.Join()
		q.Put(1)
		q.Get()
		q.TaskDone()
		q.Join()
	})
}

// TestWaitingGetters: five goroutines wait in Get; each Put releases
// exactly one of them, and together they receive every item once.
func TestWaitingGetters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](0)
		got := make(chan int, 5)
		for range 5 {
			go func() { got <- q.Get() }()
		}
		synctest.Wait()
		var items []int
		for i := range 5 {
			q.Put(i)
			synctest.Wait()
			select {
			case v := <-got:
				items = append(items, v)
			default:
				t.Fatalf("Put(%d) woke no waiting Get", i)
			}
			if len(got) != 0 {
				t.Fatalf("Put(%d) let more than one waiting Get return", i)
			}
		}
		slices.Sort(items)
		if !slices.Equal(items, []int{0, 1, 2, 3, 4}) {
			t.Fatalf("the waiting Gets received %v, want each of 0..4 once", items)
		}
	})
}

// TestNoLostWakeups pushes 800 items through a queue of capacity 1, where
// producers and consumers wait on each other all the time. A wake-up sent
// to the wrong kind of waiter leaves everyone asleep, which synctest
// reports as a deadlock.
func TestNoLostWakeups(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](1)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i := range 200 {
					q.Put(i)
				}
			})
			wg.Go(func() {
				for range 200 {
					q.Get()
					q.TaskDone()
				}
			})
		}
		q.Join()
		wg.Wait()
	})
}

// TestJoinTiming runs three consumers, each task one second of fake time:
// six tasks take exactly two seconds, and Join must return then, not
// later (a Join that sleeps between checks would be late).
func TestJoinTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](0)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for range 2 {
					q.Get()
					time.Sleep(time.Second)
					q.TaskDone()
				}
			})
		}
		start := time.Now()
		for i := range 6 {
			q.Put(i)
		}
		q.Join()
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("six one-second tasks on three consumers: Join returned after %v, want 2s", d)
		}
		wg.Wait()
	})
}
