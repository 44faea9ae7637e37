// Package queue is a bounded blocking FIFO queue.
package queue

import (
	"context"
	"errors"
)

// Queue is a FIFO queue of at most a fixed number of ints.
type Queue struct{}

// New returns an empty queue holding at most capacity items.
func New(capacity int) *Queue { return &Queue{} }

// Put appends v, waiting while the queue is full, or returns ctx.Err().
func (q *Queue) Put(ctx context.Context, v int) error { return errors.New("not implemented") }

// Get removes the oldest item, waiting while the queue is empty, or
// returns ctx.Err().
func (q *Queue) Get(ctx context.Context) (int, error) { return 0, errors.New("not implemented") }
