// Package callbridge turns a callback API into sequential calls: one
// request that waits for its answer, and many requests with a bound on
// how many are in flight at once.
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
	i   int
	v   string
	err error
}

// Get fetches key and waits for the answer or for the end of ctx,
// whichever comes first. If ctx has ended, Get returns ctx.Err() at once
// (without fetching, if it had ended before the call). An answer that
// comes after Get has returned is dropped; the callback that delivers it
// does not block.
func Get(ctx context.Context, f Fetcher, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	// Room for the one answer: the callback never waits for a reader, so
	// it may run inside Fetch, or long after Get has given up.
	answer := make(chan result, 1)
	f.Fetch(key, func(v string, err error) {
		select {
		case answer <- result{v: v, err: err}:
		default: // a second call breaks the contract; do not block on it
		}
	})
	select {
	case r := <-answer:
		return r.v, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// GetAll fetches every key, with at most limit requests in flight at once
// (a limit below 1 means 1), and returns the values in the order of keys.
// On the first error it starts no more requests and returns that error at
// once, without waiting for the requests in flight; so it does when ctx
// ends, with ctx.Err(). Answers that come after GetAll has returned are
// dropped, and the callbacks that deliver them do not block.
func GetAll(ctx context.Context, f Fetcher, keys []string, limit int) ([]string, error) {
	limit = max(limit, 1)
	// Every callback can deliver without waiting: at most len(keys) of them.
	answers := make(chan result, len(keys))
	out := make([]string, len(keys))
	next, inFlight := 0, 0
	for received := 0; received < len(keys); received++ {
		for inFlight < limit && next < len(keys) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			i := next
			next++
			inFlight++
			f.Fetch(keys[i], func(v string, err error) {
				answers <- result{i: i, v: v, err: err}
			})
		}
		select {
		case r := <-answers:
			inFlight--
			if r.err != nil {
				return nil, r.err
			}
			out[r.i] = r.v
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}
