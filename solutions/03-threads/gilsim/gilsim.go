// Package gilsim emulates the Global Interpreter Lock of CPython: emulated
// "Python threads" are goroutines that must hold one lock, the GIL, to run
// a CPU step, and that release it while they wait for I/O.
package gilsim

import "sync"

// Interp is an emulated interpreter: a GIL and the threads that share it.
type Interp struct {
	// gil has room for one token; a thread holds the GIL while its token
	// is in the channel. Threads that find it full wait in line (a
	// channel's blocked senders are served first come, first served), so a
	// release hands the GIL to the thread that has waited longest. A
	// channel also blocks durably under testing/synctest, where a blocked
	// sync.Mutex does not.
	gil         chan struct{}
	switchEvery int
	wg          sync.WaitGroup
}

// New returns an interpreter whose threads offer the GIL to the other
// threads after every switchEvery CPU steps (switchEvery < 1 counts as 1).
func New(switchEvery int) *Interp {
	return &Interp{gil: make(chan struct{}, 1), switchEvery: max(switchEvery, 1)}
}

// Thread is one emulated Python thread. Its methods are for the goroutine
// that runs its body only.
type Thread struct {
	in    *Interp
	steps int // CPU steps since this thread last took the GIL
}

// Go starts a thread that runs body. The thread takes the GIL before body
// starts and releases it when body returns; body holds it throughout,
// except inside IO. Go may be called from any goroutine, including from a
// thread's body.
func (in *Interp) Go(body func(t *Thread)) {
	in.wg.Add(1) // before the goroutine starts, so that Wait cannot miss it
	go func() {
		defer in.wg.Done()
		t := &Thread{in: in}
		t.acquire()
		defer t.release()
		body(t)
	}()
}

// Wait returns when every thread started so far, and every thread those
// threads started, has finished. It must not be called from a thread.
func (in *Interp) Wait() { in.wg.Wait() }

func (t *Thread) acquire() {
	t.in.gil <- struct{}{}
	t.steps = 0
}

func (t *Thread) release() { <-t.in.gil }

// Step runs one CPU step, f, holding the GIL. After every switchEvery steps
// the thread offers the GIL to the others: if any is waiting, the longest
// waiter runs next and this thread waits its turn; if none is, this thread
// simply goes on.
func (t *Thread) Step(f func()) {
	f()
	t.steps++
	if t.steps >= t.in.switchEvery {
		t.release() // a waiting thread, if any, is handed the GIL now...
		t.acquire() // ...and this one queues behind it
	}
}

// IO runs f, a blocking call, with the GIL released, so that other threads
// can run their steps meanwhile, and takes the GIL back before returning.
func (t *Thread) IO(f func()) {
	t.release()
	defer t.acquire()
	f()
}
