// Package philosophers seats philosophers at a round table with one fork
// between each pair of neighbours.
package philosophers

import "sync"

// Dine seats n = len(forks) philosophers (n >= 2) at a round table,
// philosopher p between forks[p] and forks[(p+1)%n], runs each in a
// goroutine of its own until it has eaten meals times, and returns when all
// have finished.
//
// Every philosopher picks up its lower-numbered fork first. Forks are then
// always taken in increasing order, so no cycle of philosophers can each
// hold one fork and wait for the next: the circular-wait condition of
// deadlock cannot arise.
func Dine(forks []sync.Locker, meals int, eat func(p int)) {
	n := len(forks)
	var wg sync.WaitGroup
	for p := range n {
		left, right := p, (p+1)%n
		first, second := forks[min(left, right)], forks[max(left, right)]
		wg.Go(func() {
			for range meals {
				first.Lock()
				second.Lock()
				eat(p)
				second.Unlock()
				first.Unlock()
			}
		})
	}
	wg.Wait()
}
