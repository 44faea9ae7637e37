// Package futures runs calls in the background and combines their results.
package futures

import (
	"context"
	"errors"
)

// ErrNoFutures is returned by Any when it is given no futures.
var ErrNoFutures = errors.New("futures: Any of no futures")

var errTODO = errors.New("futures: not implemented")

// A Future is the result of a call that may still be running.
type Future[T any] struct {
	// TODO: a channel closed when the call has returned, the result,
	// and what is needed to cancel the call.
}

// Go starts f in a new goroutine and returns its future at once. f gets a
// context derived from ctx, which ends when ctx does or when the future is
// cancelled.
func Go[T any](ctx context.Context, f func(context.Context) (T, error)) *Future[T] {
	return &Future[T]{} // TODO
}

// Done returns a channel that is closed when the call has returned.
func (f *Future[T]) Done() <-chan struct{} {
	ch := make(chan struct{}) // TODO
	close(ch)
	return ch
}

// Cancel asks the call to stop by cancelling its context, and returns
// without waiting. Cancelling twice, or after the call returned, does
// nothing.
func (f *Future[T]) Cancel() {} // TODO

// Get waits for the call to return and returns its result. If ctx ends
// first, Get returns ctx.Err() and leaves the call running. A call that
// has already returned gives its result even if ctx has ended. Any number
// of goroutines may call Get, any number of times.
func (f *Future[T]) Get(ctx context.Context) (T, error) {
	var zero T
	return zero, errTODO
}

// All waits for every future and returns their values in the order given.
// As soon as one fails, All cancels the others and returns its error
// without waiting for them. If ctx ends first, All cancels every future
// and returns ctx.Err().
func All[T any](ctx context.Context, fs ...*Future[T]) ([]T, error) {
	return nil, errTODO
}

// Any returns the value of the first future to succeed and cancels all
// the others (the losers) without waiting for them. If every future
// fails, Any returns an error that wraps all of their errors (errors.Is
// finds each). If ctx ends first, Any cancels every future and returns
// ctx.Err(). Any of no futures returns ErrNoFutures.
func Any[T any](ctx context.Context, fs ...*Future[T]) (T, error) {
	var zero T
	return zero, errTODO
}
