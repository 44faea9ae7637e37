// Package gilsim emulates the Global Interpreter Lock of CPython: emulated
// "Python threads" are goroutines that must hold one lock, the GIL, to run
// a CPU step, and that release it while they wait for I/O.
package gilsim

import "sync"

// Interp is an emulated interpreter: a GIL and the threads that share it.
type Interp struct {
	switchEvery int
	wg          sync.WaitGroup
	// TODO: the GIL.
}

// New returns an interpreter whose threads offer the GIL to the other
// threads after every switchEvery CPU steps (switchEvery < 1 counts as 1).
func New(switchEvery int) *Interp {
	return &Interp{switchEvery: switchEvery}
}

// Thread is one emulated Python thread. Its methods are for the goroutine
// that runs its body only.
type Thread struct {
	in *Interp
}

// Go starts a thread that runs body. The thread takes the GIL before body
// starts and releases it when body returns; body holds it throughout,
// except inside IO. Go may be called from any goroutine, including from a
// thread's body.
func (in *Interp) Go(body func(t *Thread)) {
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		body(&Thread{in: in}) // TODO: hold the GIL
	}()
}

// Wait returns when every thread started so far, and every thread those
// threads started, has finished. It must not be called from a thread.
func (in *Interp) Wait() { in.wg.Wait() }

// Step runs one CPU step, f, holding the GIL. After every switchEvery steps
// the thread offers the GIL to the others: if any is waiting, the longest
// waiter runs next and this thread waits its turn; if none is, this thread
// simply goes on.
func (t *Thread) Step(f func()) {
	f() // TODO
}

// IO runs f, a blocking call, with the GIL released, so that other threads
// can run their steps meanwhile, and takes the GIL back before returning.
func (t *Thread) IO(f func()) {
	f() // TODO
}
