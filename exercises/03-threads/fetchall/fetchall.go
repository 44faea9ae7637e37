// Package fetchall downloads many pages at once, the way a browser or a
// crawler does: concurrently, but with a bound on the requests in flight in
// all and to any one host, each distinct URL once, and the results in the
// order they were asked for.
package fetchall

import (
	"context"
	"strings"
)

// Result is the outcome of fetching one URL.
type Result struct {
	URL  string
	Body []byte
	Err  error
}

// Fetcher fetches pages concurrently. Its fields are set before the first
// call of All and not changed after; All may then be called by any number of
// goroutines at once, each call with bounds of its own.
type Fetcher struct {
	// Get fetches one page. It returns soon after ctx is done.
	Get func(ctx context.Context, url string) ([]byte, error)
	// Limit bounds the calls of Get in flight at once (< 1 counts as 1).
	Limit int
	// PerHost bounds the calls of Get in flight to any one host (see Host);
	// < 1 means no bound beyond Limit.
	PerHost int
}

// Host returns the host of url, port included: what lies between "://" (or
// the start) and the next "/".
func Host(url string) string {
	if _, rest, ok := strings.Cut(url, "://"); ok {
		url = rest
	}
	host, _, _ := strings.Cut(url, "/")
	return host
}

// All fetches every URL of urls and returns one Result per URL, in the
// order of urls:
//
//   - at most Limit calls of Get are in flight at once, and at most PerHost
//     to one host; a URL waiting for its host does not keep another host's
//     URL from starting;
//   - a URL that appears several times is fetched once, and every
//     occurrence gets that result;
//   - an error from Get is that URL's Err and does not stop the others;
//   - once ctx is done no further Get starts, and URLs not yet started get
//     ctx.Err() as their Err;
//   - All returns when every Get it started has returned, and leaves no
//     goroutine behind.
func (f *Fetcher) All(ctx context.Context, urls []string) []Result {
	// One at a time, every URL: correct results, but slow. TODO.
	results := make([]Result, len(urls))
	for i, u := range urls {
		body, err := f.Get(ctx, u)
		results[i] = Result{URL: u, Body: body, Err: err}
	}
	return results
}
