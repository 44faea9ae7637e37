// Package cooprun runs tasks cooperatively: one at a time, each until it
// yields, in round-robin order.
package cooprun

import (
	"context"
	"errors"
	"sync"
)

// A Task runs in turns. It calls yield to end its turn; yield returns true
// when the task's next turn begins, or false when the runner is shutting
// down, and then the task must return. Only the task itself may call its
// yield, never a goroutine it started.
type Task func(yield func() bool)

// ErrBusy is returned by Run when another Run of the same Runner is in
// progress.
var ErrBusy = errors.New("cooprun: Run is already running")

// A Runner holds a queue of tasks. The zero value is an empty runner ready
// to use. Spawn may be called from any goroutine; Run runs the queue.
type Runner struct {
	mu    sync.Mutex
	queue []Task
}

// Spawn puts t at the back of the queue. It may be called at any time,
// from any goroutine, including from a running task.
func (r *Runner) Spawn(t Task) {
	r.mu.Lock()
	r.queue = append(r.queue, t)
	r.mu.Unlock()
}

// Run gives turns to the tasks in the queue, one at a time, in queue order:
// a task that yields goes to the back. It returns nil once the queue is
// empty. Before each turn it checks ctx; once ctx is done it shuts down:
// every task that has started and not returned gets one more turn, in queue
// order, in which yield returns false, and tasks that never started are
// discarded. Run then returns ctx.Err(). No task is running or left behind
// when Run returns.
//
// TODO: this is a single-tasking runner. Each task runs from start to end,
// and yield never gives the processor away. Make it cooperative.
func (r *Runner) Run(ctx context.Context) error {
	for {
		r.mu.Lock()
		if len(r.queue) == 0 {
			r.mu.Unlock()
			return nil
		}
		t := r.queue[0]
		r.queue = r.queue[1:]
		r.mu.Unlock()
		t(func() bool { return true })
	}
}
