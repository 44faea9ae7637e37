package taskqueue

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestFIFO(t *testing.T) {
	q := New[int](3)
	for i := 1; i <= 3; i++ {
		q.Put(i)
	}
	if n := q.Len(); n != 3 {
		t.Fatalf("Len() after three Puts = %d, want 3", n)
	}
	for i := 1; i <= 3; i++ {
		if v := q.Get(); v != i {
			t.Fatalf("Get() = %d, want %d: first in, first out", v, i)
		}
	}
	if n := q.Len(); n != 0 {
		t.Fatalf("Len() after three Gets = %d, want 0", n)
	}
}

// TestGetWaitsForPut runs on synctest's fake clock: synctest.Wait returns
// once every goroutine of the test is durably blocked, so a Get that
// polls (with or without sleeping) is caught.
func TestGetWaitsForPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[int](2)
		got := make(chan int, 1)
		go func() { got <- q.Get() }()
		synctest.Wait()
		select {
		case v := <-got:
			t.Fatalf("Get() on an empty queue returned %d instead of waiting", v)
		default:
		}
		q.Put(42)
		synctest.Wait()
		select {
		case v := <-got:
			if v != 42 {
				t.Fatalf("Get() = %d, want 42", v)
			}
		default:
			t.Fatal("Get() was still waiting after a Put: was it woken? (a sleeping poll loop is not)")
		}
	})
}

// TestJoin checks that Join waits for TaskDone, not for the queue to be
// empty.
func TestJoin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New[string](0)
		q.Put("a")
		q.Put("b")
		joined := make(chan struct{})
		go func() { q.Join(); close(joined) }()

		steps := []struct {
			do   func()
			want bool
			what string
		}{
			{func() {}, false, "with two tasks pending"},
			{func() { q.Get() }, false, "after one Get and no TaskDone"},
			{func() { q.TaskDone() }, false, "with one task still pending"},
			{func() { q.Get() }, false, "with the queue empty but a task not done"},
			{func() { q.TaskDone() }, true, "after every task was done"},
		}
		for _, s := range steps {
			s.do()
			synctest.Wait()
			done := false
			select {
			case <-joined:
				done = true
			default:
			}
			if done != s.want {
				if s.want {
					t.Fatalf("Join() still waiting %s", s.what)
				}
				t.Fatalf("Join() returned %s", s.what)
			}
		}
	})
}

// TestProducersConsumers moves 2000 distinct items through a queue of
// capacity 8 with four producers and four consumers.
func TestProducersConsumers(t *testing.T) {
	const producers, consumers, each = 4, 4, 500
	q := New[int](8)
	seen := make([]int, producers*each) // guarded by mu
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for p := range producers {
			wg.Go(func() {
				for i := range each {
					q.Put(p*each + i)
				}
			})
		}
		for range consumers {
			wg.Go(func() {
				for range each {
					v := q.Get()
					mu.Lock()
					seen[v]++
					mu.Unlock()
					q.TaskDone()
				}
			})
		}
		q.Join()
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("producers and consumers did not finish within 10s: deadlock?")
	}
	for v, n := range seen {
		if n != 1 {
			t.Fatalf("item %d was received %d times, want once", v, n)
		}
	}
}
