// Package fetchall downloads many pages at once, the way a browser or a
// crawler does: concurrently, but with a bound on the requests in flight in
// all and to any one host, each distinct URL once, and the results in the
// order they were asked for.
package fetchall

import (
	"context"
	"strings"
	"sync"
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
	// Each distinct URL once, remembered by the index of its fetch.
	index := map[string]int{}
	var distinct []string
	for _, u := range urls {
		if _, ok := index[u]; !ok {
			index[u] = len(distinct)
			distinct = append(distinct, u)
		}
	}

	// Buffered channels as counting semaphores: one for all, one per host.
	global := make(chan struct{}, max(f.Limit, 1))
	hosts := map[string]chan struct{}{}
	if f.PerHost >= 1 {
		for _, u := range distinct {
			if h := Host(u); hosts[h] == nil {
				hosts[h] = make(chan struct{}, f.PerHost)
			}
		}
	}

	fetched := make([]Result, len(distinct)) // each goroutine writes its own element
	var wg sync.WaitGroup
	for i, u := range distinct {
		wg.Go(func() { fetched[i] = f.fetch(ctx, u, hosts[Host(u)], global) })
	}
	wg.Wait()

	results := make([]Result, len(urls))
	for i, u := range urls {
		results[i] = fetched[index[u]]
	}
	return results
}

// fetch waits for a place with its host (if host is not nil), then for one
// of the global places, and calls Get. The host comes first: a fetch that
// held a global place while waiting for its host would keep that place
// from a URL of another host that could run.
func (f *Fetcher) fetch(ctx context.Context, url string, host, global chan struct{}) Result {
	r := Result{URL: url}
	if host != nil {
		select {
		case host <- struct{}{}:
			defer func() { <-host }()
		case <-ctx.Done():
			r.Err = ctx.Err()
			return r
		}
	}
	select {
	case global <- struct{}{}:
		defer func() { <-global }()
	case <-ctx.Done():
		r.Err = ctx.Err()
		return r
	}
	// Both places may have come free just as ctx ended; select picks either.
	if err := ctx.Err(); err != nil {
		r.Err = err
		return r
	}
	r.Body, r.Err = f.Get(ctx, url)
	return r
}
