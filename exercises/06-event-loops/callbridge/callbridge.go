// Package callbridge turns a callback API into sequential calls: one
// request that waits for its answer, and many requests with a bound on
// how many are in flight at once.
//
// This first attempt works for the easy case only: an answer that comes
// later, from another goroutine, one key at a time. The README lists
// what else the tests expect.
package callbridge

import "context"

// Fetcher is a callback API, like the chapter's event loop: Fetch starts
// a request for key and returns at once; when the answer is in, it calls
// done exactly once, from whichever goroutine it likes, possibly before
// Fetch has returned, on the caller's own goroutine.
type Fetcher interface {
	Fetch(key string, done func(value string, err error))
}

type result struct {
	v   string
	err error
}

// Get fetches key and waits for the answer or for the end of ctx,
// whichever comes first. If ctx has ended, Get returns ctx.Err() at once
// (without fetching, if it had ended before the call). An answer that
// comes after Get has returned is dropped; the callback that delivers it
// does not block.
func Get(ctx context.Context, f Fetcher, key string) (string, error) {
	answer := make(chan result)
	f.Fetch(key, func(v string, err error) {
		answer <- result{v, err}
	})
	r := <-answer
	return r.v, r.err
}

// GetAll fetches every key, with at most limit requests in flight at once
// (a limit below 1 means 1), and returns the values in the order of keys.
// On the first error it starts no more requests and returns that error at
// once, without waiting for the requests in flight; so it does when ctx
// ends, with ctx.Err(). Answers that come after GetAll has returned are
// dropped, and the callbacks that deliver them do not block.
func GetAll(ctx context.Context, f Fetcher, keys []string, limit int) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		v, err := Get(ctx, f, k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
