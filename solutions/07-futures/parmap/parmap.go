// Package parmap maps a function over a slice with a bounded pool of
// workers, keeping the results in the order of the input.
package parmap

import (
	"context"
	"sync"
	"sync/atomic"
)

// Map calls f on every element of in, with at most workers calls running at
// once (workers < 1 counts as 1), and returns the results in the order of
// in: result i is f's result for in[i]. Elements are handed out in order.
//
// The first call of f to return an error cancels the context of the calls
// still running; no call starts after that, and Map returns that error and
// a nil slice. If ctx ends before every call is done, Map stops the same
// way and returns ctx.Err(). Either way Map returns only after every call
// it started has returned, and it leaves no goroutine behind.
func Map[T, R any](ctx context.Context, workers int, in []T, f func(context.Context, T) (R, error)) ([]R, error) {
	out := make([]R, len(in))
	if len(in) == 0 {
		return out, nil
	}
	workers = min(max(workers, 1), len(in))

	inner, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		next     atomic.Int64 // index of the next element to hand out
		finished atomic.Int64 // calls that returned a result
		once     sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for inner.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(in) {
					return
				}
				r, err := f(inner, in[i])
				if err != nil {
					once.Do(func() {
						firstErr = err
						cancel()
					})
					return
				}
				out[i] = r
				finished.Add(1)
			}
		})
	}
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	if int(finished.Load()) < len(in) {
		// Stopped early without an error of f's: ctx ended.
		return nil, ctx.Err()
	}
	return out, nil
}
