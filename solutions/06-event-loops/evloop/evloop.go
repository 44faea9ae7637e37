// Package evloop is a small event loop: callbacks and timers that run one
// at a time on the goroutine that calls Run.
package evloop

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Loop runs callbacks one at a time, in a well-defined order, on the
// goroutine that calls Run. The zero Loop is not usable; call New.
type Loop struct {
	mu     sync.Mutex
	ready  []func()      // queued by Call, and by timers that fell due
	timers []*Timer      // pending, by deadline, then by creation
	seq    uint64        // creation order of timers
	wake   chan struct{} // a Run asleep waits on this; capacity 1
}

// Timer is a callback scheduled with After.
type Timer struct {
	l    *Loop
	when time.Time
	seq  uint64
	f    func()
	done bool // fired or stopped; guarded by l.mu
}

// New returns an empty loop.
func New() *Loop {
	return &Loop{wake: make(chan struct{}, 1)}
}

// poke wakes a sleeping Run without ever blocking.
func (l *Loop) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Call queues f to run on the loop. Callbacks run in the order of their
// Calls. Call never blocks and is safe from any goroutine, including
// from callbacks running on the loop.
func (l *Loop) Call(f func()) {
	l.mu.Lock()
	l.ready = append(l.ready, f)
	l.mu.Unlock()
	l.poke()
}

// After runs f on the loop once d has passed since the call to After.
// Timers run in deadline order; timers with equal deadlines run in the
// order they were created. After is safe from any goroutine.
func (l *Loop) After(d time.Duration, f func()) *Timer {
	l.mu.Lock()
	l.seq++
	t := &Timer{l: l, when: time.Now().Add(d), seq: l.seq, f: f}
	i, _ := slices.BinarySearchFunc(l.timers, t, compareTimers)
	l.timers = slices.Insert(l.timers, i, t)
	l.mu.Unlock()
	l.poke() // the new timer may be the earliest
	return t
}

func compareTimers(a, b *Timer) int {
	if c := a.when.Compare(b.when); c != 0 {
		return c
	}
	return int(a.seq) - int(b.seq)
}

// Stop cancels the timer. It reports whether it stopped the timer before
// its callback was queued to run. Stop is safe from any goroutine.
func (t *Timer) Stop() bool {
	l := t.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	if i := slices.Index(l.timers, t); i >= 0 {
		l.timers = slices.Delete(l.timers, i, i+1)
	}
	return true
}

// Run runs callbacks until ctx is done, then returns ctx.Err(). While
// nothing is ready it sleeps until a Call, the next timer or the end of
// ctx, without polling. Callbacks never run concurrently with each
// other; none starts after Run has returned.
func (l *Loop) Run(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.mu.Lock()
		now := time.Now()
		for len(l.timers) > 0 && !l.timers[0].when.After(now) {
			t := l.timers[0]
			l.timers = l.timers[1:]
			t.done = true
			l.ready = append(l.ready, t.f)
		}
		batch := l.ready
		l.ready = nil
		var next time.Time
		if len(l.timers) > 0 {
			next = l.timers[0].when
		}
		l.mu.Unlock()

		for i, f := range batch {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			f()
			batch[i] = nil
		}
		if len(batch) > 0 {
			continue // look again before sleeping: callbacks may have queued more
		}

		var due <-chan time.Time
		var tm *time.Timer
		if !next.IsZero() {
			tm = time.NewTimer(time.Until(next))
			due = tm.C
		}
		select {
		case <-l.wake:
		case <-due:
		case <-ctx.Done():
		}
		if tm != nil {
			tm.Stop()
		}
	}
}

// Go runs work in a goroutine of its own, off the loop, so that a
// blocking call does not stall the loop, and then queues done(result)
// on the loop.
func Go[T any](l *Loop, work func() T, done func(T)) {
	go func() {
		v := work()
		l.Call(func() { done(v) })
	}()
}
