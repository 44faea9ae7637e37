// Package evloop is a small event loop: callbacks and timers that run one
// at a time on the goroutine that calls Run.
//
// This version is a first attempt that hands every callback to a
// goroutine of its own. It compiles, and it is wrong: callbacks run
// before Run, at the same time as each other, and in no particular
// order. Replace it; the README says what the tests expect.
package evloop

import (
	"context"
	"time"
)

// Loop runs callbacks one at a time, in a well-defined order, on the
// goroutine that calls Run. The zero Loop is not usable; call New.
type Loop struct{}

// Timer is a callback scheduled with After.
type Timer struct {
	t *time.Timer
}

// New returns an empty loop.
func New() *Loop {
	return &Loop{}
}

// Call queues f to run on the loop. Callbacks run in the order of their
// Calls. Call never blocks and is safe from any goroutine, including
// from callbacks running on the loop.
func (l *Loop) Call(f func()) {
	go f() // wrong: runs at once, concurrently, in any order
}

// After runs f on the loop once d has passed since the call to After.
// Timers run in deadline order; timers with equal deadlines run in the
// order they were created. After is safe from any goroutine.
func (l *Loop) After(d time.Duration, f func()) *Timer {
	return &Timer{t: time.AfterFunc(d, f)} // wrong: f runs in its own goroutine
}

// Stop cancels the timer. It reports whether it stopped the timer before
// its callback was queued to run. Stop is safe from any goroutine.
func (t *Timer) Stop() bool {
	return t.t.Stop()
}

// Run runs callbacks until ctx is done, then returns ctx.Err(). While
// nothing is ready it sleeps until a Call, the next timer or the end of
// ctx, without polling. Callbacks never run concurrently with each
// other; none starts after Run has returned.
func (l *Loop) Run(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

// Go runs work in a goroutine of its own, off the loop, so that a
// blocking call does not stall the loop, and then queues done(result)
// on the loop.
func Go[T any](l *Loop, work func() T, done func(T)) {
	go func() { done(work()) }() // wrong: done must run on the loop
}
