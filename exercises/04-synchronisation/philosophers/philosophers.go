// Package philosophers seats philosophers at a round table with one fork
// between each pair of neighbours.
package philosophers

import "sync"

// Dine seats n = len(forks) philosophers (n >= 2) at a round table,
// philosopher p between forks[p] and forks[(p+1)%n], runs each in a
// goroutine of its own until it has eaten meals times, and returns when all
// have finished.
//
// TODO: this is the classic version. Every philosopher picks up the fork on
// its left, then the one on its right. If all of them get their left fork
// before anyone gets a right one, they wait for each other forever. Fix it.
func Dine(forks []sync.Locker, meals int, eat func(p int)) {
	n := len(forks)
	var wg sync.WaitGroup
	for p := range n {
		left, right := forks[p], forks[(p+1)%n]
		wg.Go(func() {
			for range meals {
				left.Lock()
				right.Lock()
				eat(p)
				right.Unlock()
				left.Unlock()
			}
		})
	}
	wg.Wait()
}
