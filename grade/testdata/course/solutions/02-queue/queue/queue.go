// Package queue is a bounded blocking FIFO queue.
package queue

import "context"

// Queue is a FIFO queue of at most a fixed number of ints.
type Queue struct{ ch chan int }

// New returns an empty queue holding at most capacity items.
func New(capacity int) *Queue { return &Queue{ch: make(chan int, capacity)} }

// Put appends v, waiting while the queue is full, or returns ctx.Err().
func (q *Queue) Put(ctx context.Context, v int) error {
	select {
	case q.ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Get removes the oldest item, waiting while the queue is empty, or
// returns ctx.Err().
func (q *Queue) Get(ctx context.Context) (int, error) {
	select {
	case v := <-q.ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
