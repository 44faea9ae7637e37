// Package parmap maps a function over a slice with a bounded pool of
// workers, keeping the results in the order of the input.
package parmap

import (
	"context"
	"errors"
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
	// TODO: start at most workers goroutines that take elements in order,
	// store each result at its element's index, and stop everything on the
	// first error or when ctx ends.
	return nil, errors.New("parmap: not implemented")
}
