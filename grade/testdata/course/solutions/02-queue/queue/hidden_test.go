package queue

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestBlocksWhenFull uses synctest's fake clock: a Put on a full queue
// must stay blocked until a Get makes room.
func TestBlocksWhenFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := New(1)
		q.Put(ctx, 1)
		done := make(chan struct{})
		go func() {
			q.Put(ctx, 2)
			close(done)
		}()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("Put on a full queue returned before any Get")
		default:
		}
		if v, err := q.Get(ctx); v != 1 || err != nil {
			t.Fatalf("Get() = %d, %v; want 1, nil", v, err)
		}
		<-done
	})
}

func TestCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		q := New(1)
		if _, err := q.Get(ctx); err != context.DeadlineExceeded {
			t.Fatalf("Get on an empty queue with a 1s deadline: err = %v, want DeadlineExceeded", err)
		}
	})
}

func TestConcurrentPutGet(t *testing.T) {
	ctx := context.Background()
	q := New(4)
	var wg sync.WaitGroup
	sum := 0
	var mu sync.Mutex
	for p := 0; p < 4; p++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 1; i <= 100; i++ {
				q.Put(ctx, i)
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				v, _ := q.Get(ctx)
				mu.Lock()
				sum += v
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sum != 4*5050 {
		t.Errorf("sum of items got = %d, want %d", sum, 4*5050)
	}
}
