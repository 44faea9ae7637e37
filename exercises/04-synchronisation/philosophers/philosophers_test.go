package philosophers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fork is the tests' sync.Locker: a mutex that knows whether it is held
// and can run a hook right after it is picked up.
type fork struct {
	mu       sync.Mutex
	held     atomic.Bool
	misused  atomic.Bool // Unlock of a fork nobody held
	pickedUp func()      // nil, or called with the fork held
}

func (f *fork) Lock() {
	f.mu.Lock()
	f.held.Store(true)
	if f.pickedUp != nil {
		f.pickedUp()
	}
}

func (f *fork) Unlock() {
	if !f.held.Load() {
		f.misused.Store(true)
		return
	}
	f.held.Store(false)
	f.mu.Unlock()
}

func newForks(n int) ([]*fork, []sync.Locker) {
	fs := make([]*fork, n)
	ls := make([]sync.Locker, n)
	for i := range fs {
		fs[i] = &fork{}
		ls[i] = fs[i]
	}
	return fs, ls
}

// dineWithin runs Dine and fails the test if it has not returned after d.
func dineWithin(t *testing.T, d time.Duration, forks []sync.Locker, meals int, eat func(int)) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		Dine(forks, meals, eat)
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%d philosophers, %d meals each: Dine did not return within %v: deadlock?", len(forks), meals, d)
	}
}

// checkForks fails the test if a fork is still held or was put down twice.
func checkForks(t *testing.T, fs []*fork) {
	t.Helper()
	for i, f := range fs {
		if f.held.Load() {
			t.Errorf("fork %d is still held after Dine returned", i)
		}
		if f.misused.Load() {
			t.Errorf("fork %d was put down by someone who did not hold it", i)
		}
	}
}

func TestEveryoneEats(t *testing.T) {
	const n, meals = 5, 3
	fs, forks := newForks(n)
	var eaten [n]atomic.Int32
	var withoutForks atomic.Int32
	dineWithin(t, 5*time.Second, forks, meals, func(p int) {
		if !fs[p].held.Load() || !fs[(p+1)%n].held.Load() {
			withoutForks.Add(1)
		}
		eaten[p].Add(1)
	})
	for p := range n {
		if got := eaten[p].Load(); got != meals {
			t.Errorf("philosopher %d ate %d times, want %d", p, got, meals)
		}
	}
	if k := withoutForks.Load(); k > 0 {
		t.Errorf("%d meals were eaten without holding both forks", k)
	}
	checkForks(t, fs)
}

// TestForksProtectTheirPlates: each fork guards a counter that only the
// holder of that fork may touch. The counters are plain ints, so the race
// detector reports two neighbours eating at once.
func TestForksProtectTheirPlates(t *testing.T) {
	const n, meals = 5, 200
	fs, forks := newForks(n)
	uses := make([]int, n) // uses[f] is guarded by fork f
	dineWithin(t, 10*time.Second, forks, meals, func(p int) {
		uses[p]++
		runtime.Gosched() // give a neighbour every chance to collide
		uses[(p+1)%n]++
	})
	for f, u := range uses {
		if u != 2*meals {
			t.Errorf("fork %d was used %d times, want %d (both neighbours, %d meals each)", f, u, 2*meals, meals)
		}
	}
	checkForks(t, fs)
}

// TestSlowForks makes the first pick-up of every fork slow: the fork waits
// (up to a second) until every fork on the table has been picked up once.
// If every philosopher starts with the same side, all forks are up within
// that time and nobody can get a second one. A correct Dine only loses the
// second.
func TestSlowForks(t *testing.T) {
	const n, meals = 5, 5
	fs, forks := newForks(n)
	var firsts atomic.Int32
	allUp := make(chan struct{})
	for _, f := range fs {
		var once sync.Once
		f.pickedUp = func() {
			once.Do(func() {
				if firsts.Add(1) == n {
					close(allUp)
				}
				select {
				case <-allUp:
				case <-time.After(time.Second):
				}
			})
		}
	}
	var eaten atomic.Int32
	dineWithin(t, 10*time.Second, forks, meals, func(p int) { eaten.Add(1) })
	if got := eaten.Load(); got != n*meals {
		t.Errorf("%d meals eaten, want %d", got, n*meals)
	}
	checkForks(t, fs)
}
