// Package taskqueue is a bounded blocking FIFO queue that counts unfinished
// tasks, after Python's queue.Queue.
package taskqueue

import "sync"

// Queue is a FIFO queue of items of type T, safe for concurrent use.
// Create one with New.
//
// TODO: this version never waits. Get on an empty queue returns the zero
// value, Put on a full queue adds the item anyway, and TaskDone and Join do
// nothing. Build the waiting with sync.Cond (see the README).
type Queue[T any] struct {
	mu       sync.Mutex
	items    []T
	capacity int // 0: unbounded
}

// New returns an empty queue that holds at most capacity items; a capacity
// of zero or less means no limit.
func New[T any](capacity int) *Queue[T] {
	return &Queue[T]{capacity: max(capacity, 0)}
}

// Put adds v at the back of the queue, waiting while the queue is full.
func (q *Queue[T]) Put(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}

// Get removes and returns the item at the front of the queue, waiting
// while the queue is empty.
func (q *Queue[T]) Get() T {
	q.mu.Lock()
	defer q.mu.Unlock()
	var v T
	if len(q.items) > 0 {
		v, q.items = q.items[0], q.items[1:]
	}
	return v
}

// TaskDone marks one item taken by Get as processed. It panics when called
// more times than items were put.
func (q *Queue[T]) TaskDone() {}

// Join waits until every item put has been marked done by TaskDone.
func (q *Queue[T]) Join() {}

// Len returns the number of items in the queue.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
