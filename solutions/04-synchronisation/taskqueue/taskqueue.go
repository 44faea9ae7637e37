// Package taskqueue is a bounded blocking FIFO queue that counts unfinished
// tasks, after Python's queue.Queue.
package taskqueue

import "sync"

// Queue is a FIFO queue of items of type T, safe for concurrent use.
// Create one with New.
type Queue[T any] struct {
	mu         sync.Mutex
	notEmpty   *sync.Cond // signalled when an item is added
	notFull    *sync.Cond // signalled when an item is removed
	allDone    *sync.Cond // broadcast when unfinished drops to zero
	items      []T
	capacity   int // 0: unbounded
	unfinished int // items put and not yet marked done
}

// New returns an empty queue that holds at most capacity items; a capacity
// of zero or less means no limit.
func New[T any](capacity int) *Queue[T] {
	q := &Queue[T]{capacity: max(capacity, 0)}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	q.allDone = sync.NewCond(&q.mu)
	return q
}

// Put adds v at the back of the queue, waiting while the queue is full.
func (q *Queue[T]) Put(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.capacity > 0 && len(q.items) >= q.capacity {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.unfinished++
	q.notEmpty.Signal()
}

// Get removes and returns the item at the front of the queue, waiting
// while the queue is empty.
func (q *Queue[T]) Get() T {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
	v := q.items[0]
	var zero T
	q.items[0] = zero // let the garbage collector have it
	q.items = q.items[1:]
	q.notFull.Signal()
	return v
}

// TaskDone marks one item taken by Get as processed. It panics when called
// more times than items were put.
func (q *Queue[T]) TaskDone() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished <= 0 {
		panic("taskqueue: TaskDone called more times than Put")
	}
	q.unfinished--
	if q.unfinished == 0 {
		q.allDone.Broadcast()
	}
}

// Join waits until every item put has been marked done by TaskDone.
func (q *Queue[T]) Join() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.unfinished > 0 {
		q.allDone.Wait()
	}
}

// Len returns the number of items in the queue.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
