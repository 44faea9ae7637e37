// Package limit runs tasks with bounded parallelism.
package limit

import "sync"

// Run calls every task, at most n at a time, and returns when all have
// returned.
func Run(n int, tasks []func()) {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t()
		}()
	}
	wg.Wait()
}
