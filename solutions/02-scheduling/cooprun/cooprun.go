// Package cooprun runs tasks cooperatively: one at a time, each until it
// yields, in round-robin order.
package cooprun

import (
	"context"
	"errors"
	"iter"
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
	mu      sync.Mutex
	queue   []*task
	running bool
}

type task struct {
	body   Task
	resume func() (struct{}, bool) // nil until the task's first turn
	stop   func()
}

// Spawn puts t at the back of the queue. It may be called at any time,
// from any goroutine, including from a running task.
func (r *Runner) Spawn(t Task) {
	r.push(&task{body: t})
}

func (r *Runner) push(t *task) {
	r.mu.Lock()
	r.queue = append(r.queue, t)
	r.mu.Unlock()
}

func (r *Runner) pop() *task {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.queue) == 0 {
		return nil
	}
	t := r.queue[0]
	r.queue[0] = nil
	r.queue = r.queue[1:]
	return t
}

// Run gives turns to the tasks in the queue, one at a time, in queue order:
// a task that yields goes to the back. It returns nil once the queue is
// empty. Before each turn it checks ctx; once ctx is done it shuts down:
// every task that has started and not returned gets one more turn, in queue
// order, in which yield returns false, and tasks that never started are
// discarded. Run then returns ctx.Err(). No task is running or left behind
// when Run returns.
func (r *Runner) Run(ctx context.Context) error {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return ErrBusy
	}
	r.running = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
	}()

	for {
		if err := ctx.Err(); err != nil {
			r.shutdown()
			return err
		}
		t := r.pop()
		if t == nil {
			return nil
		}
		if t.resume == nil {
			t.resume, t.stop = iter.Pull(func(yield func(struct{}) bool) {
				t.body(func() bool { return yield(struct{}{}) })
			})
		}
		if _, yielded := t.resume(); yielded {
			r.push(t)
		}
	}
}

// shutdown finishes every started task and discards the others, including
// tasks spawned meanwhile.
func (r *Runner) shutdown() {
	for t := r.pop(); t != nil; t = r.pop() {
		if t.stop != nil {
			t.stop() // its yield returns false; it runs until it returns
		}
	}
}
