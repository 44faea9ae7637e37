// Package futures runs calls in the background and combines their results.
package futures

import (
	"context"
	"errors"
)

// ErrNoFutures is returned by Any when it is given no futures.
var ErrNoFutures = errors.New("futures: Any of no futures")

// A Future is the result of a call that may still be running.
type Future[T any] struct {
	done   chan struct{} // closed once val and err are set
	cancel context.CancelFunc
	val    T
	err    error
}

// Go starts f in a new goroutine and returns its future at once. f gets a
// context derived from ctx, which ends when ctx does or when the future is
// cancelled.
func Go[T any](ctx context.Context, f func(context.Context) (T, error)) *Future[T] {
	ctx, cancel := context.WithCancel(ctx)
	fut := &Future[T]{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(fut.done)
		defer cancel() // the call is over: release its context
		fut.val, fut.err = f(ctx)
	}()
	return fut
}

// Done returns a channel that is closed when the call has returned.
func (f *Future[T]) Done() <-chan struct{} { return f.done }

// Cancel asks the call to stop by cancelling its context, and returns
// without waiting. Cancelling twice, or after the call returned, does
// nothing.
func (f *Future[T]) Cancel() { f.cancel() }

// Get waits for the call to return and returns its result. If ctx ends
// first, Get returns ctx.Err() and leaves the call running. A call that
// has already returned gives its result even if ctx has ended. Any number
// of goroutines may call Get, any number of times.
func (f *Future[T]) Get(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	default:
	}
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// completions delivers the index of each future as it completes. The
// channel has room for all of them, so its goroutines never block on a
// send and end when their future does, whoever is still reading.
func completions[T any](fs []*Future[T]) <-chan int {
	ch := make(chan int, len(fs))
	for i, f := range fs {
		go func() {
			<-f.done
			ch <- i
		}()
	}
	return ch
}

func cancelAll[T any](fs []*Future[T]) {
	for _, f := range fs {
		f.Cancel()
	}
}

// All waits for every future and returns their values in the order given.
// As soon as one fails, All cancels the others and returns its error
// without waiting for them. If ctx ends first, All cancels every future
// and returns ctx.Err().
func All[T any](ctx context.Context, fs ...*Future[T]) ([]T, error) {
	vals := make([]T, len(fs))
	done := completions(fs)
	for range fs {
		select {
		case i := <-done:
			if err := fs[i].err; err != nil {
				cancelAll(fs)
				return nil, err
			}
			vals[i] = fs[i].val
		case <-ctx.Done():
			cancelAll(fs)
			return nil, ctx.Err()
		}
	}
	return vals, nil
}

// Any returns the value of the first future to succeed and cancels all
// the others (the losers) without waiting for them. If every future
// fails, Any returns an error that wraps all of their errors (errors.Is
// finds each). If ctx ends first, Any cancels every future and returns
// ctx.Err(). Any of no futures returns ErrNoFutures.
func Any[T any](ctx context.Context, fs ...*Future[T]) (T, error) {
	var zero T
	if len(fs) == 0 {
		return zero, ErrNoFutures
	}
	errs := make([]error, len(fs))
	done := completions(fs)
	for range fs {
		select {
		case i := <-done:
			if fs[i].err == nil {
				cancelAll(fs)
				return fs[i].val, nil
			}
			errs[i] = fs[i].err
		case <-ctx.Done():
			cancelAll(fs)
			return zero, ctx.Err()
		}
	}
	return zero, errors.Join(errs...)
}
