package fetchall_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"fetchall"
)

// TestPerHost: four pages from each of two hosts, at most two per host:
// never more than two per host, both hosts in use at once, 2 s in all.
func TestPerHost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		var urls []string
		for _, h := range []string{"a", "b"} {
			for p := range 4 {
				urls = append(urls, fmt.Sprintf("https://%s.example/%d", h, p))
			}
		}
		f := &fetchall.Fetcher{Get: web.get, Limit: 10, PerHost: 2}
		start := time.Now()
		f.All(t.Context(), urls)
		for h, n := range web.hostPeak {
			if n > 2 {
				t.Errorf("%d requests to %s at once, want at most 2", n, h)
			}
		}
		if web.peak != 4 {
			t.Errorf("at most %d requests in flight, want 4 (two per host, both hosts)", web.peak)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("took %v, want 2s", d)
		}
	})
}

// TestWaitingDoesNotHoldPlace: Limit 2, PerHost 1, three pages of host a
// then one of host b. The page of b starts at once beside the first of a;
// the later pages of a, waiting for their host, must not take the second
// place. 3 s in all (host a's three pages one after the other).
func TestWaitingDoesNotHoldPlace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		urls := []string{"http://a.example/1", "http://a.example/2", "http://a.example/3", "http://b.example/1"}
		f := &fetchall.Fetcher{Get: web.get, Limit: 2, PerHost: 1}
		start := time.Now()
		f.All(t.Context(), urls)
		if s := web.started["http://b.example/1"]; s != 0 {
			t.Errorf("b's page started at %v, want 0s: a place was held by a page waiting for host a", s)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("took %v, want 3s", d)
		}
	})
}

// TestLimitBelowOne: Limit 0 counts as 1.
func TestLimitBelowOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		urls := []string{"http://a.example/", "http://b.example/", "http://c.example/"}
		f := &fetchall.Fetcher{Get: web.get, Limit: 0}
		start := time.Now()
		results := f.All(t.Context(), urls)
		if web.peak != 1 {
			t.Errorf("%d requests in flight at once, want 1", web.peak)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("took %v, want 3s", d)
		}
		for i, r := range results {
			if r.Err != nil {
				t.Errorf("result %d: %v", i, r.Err)
			}
		}
	})
}

// TestOncePerURL: a URL that appears three times is fetched once, and all
// three results carry its page.
func TestOncePerURL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		urls := []string{"http://a.example/x", "http://b.example/y", "http://a.example/x", "http://a.example/x"}
		f := &fetchall.Fetcher{Get: web.get, Limit: 4}
		results := f.All(t.Context(), urls)
		if n := web.calls["http://a.example/x"]; n != 1 {
			t.Errorf("http://a.example/x was fetched %d times, want once", n)
		}
		for i, r := range results {
			if r.URL != urls[i] || string(r.Body) != "page "+urls[i] || r.Err != nil {
				t.Errorf("result %d = {%q, %q, %v}, want {%q, %q, <nil>}", i, r.URL, r.Body, r.Err, urls[i], "page "+urls[i])
			}
		}
	})
}

// TestErrorsPerURL: one URL fails; its result carries the error and the
// others are fetched as usual.
func TestErrorsPerURL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		boom := errors.New("503 service unavailable")
		urls := []string{"http://a.example/", "http://b.example/", "http://c.example/"}
		web.fail[urls[1]] = boom
		web.delay[urls[1]] = 0
		f := &fetchall.Fetcher{Get: web.get, Limit: 1}
		results := f.All(t.Context(), urls)
		if !errors.Is(results[1].Err, boom) {
			t.Errorf("result 1: err = %v, want %v", results[1].Err, boom)
		}
		for _, i := range []int{0, 2} {
			if results[i].Err != nil || string(results[i].Body) != "page "+urls[i] {
				t.Errorf("result %d = %q, %v; want its page", i, results[i].Body, results[i].Err)
			}
		}
	})
}

// TestCancel: six one-second pages, two at a time, and a deadline at 1.5 s.
// Pages 1 and 2 arrive, 3 and 4 are cut off by the deadline, 5 and 6 never
// start; All returns at the deadline.
func TestCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		var urls []string
		for i := range 6 {
			urls = append(urls, fmt.Sprintf("http://h%d.example/", i))
		}
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		f := &fetchall.Fetcher{Get: web.get, Limit: 2}
		start := time.Now()
		results := f.All(ctx, urls)
		if d := time.Since(start); d != 1500*time.Millisecond {
			t.Errorf("All returned after %v, want 1.5s (the deadline)", d)
		}
		calls := 0
		for _, n := range web.calls {
			calls += n
		}
		if calls != 4 {
			t.Errorf("Get was called %d times, want 4 (none after the deadline)", calls)
		}
		okCount := 0
		for i, r := range results {
			switch {
			case r.Err == nil:
				okCount++
			case !errors.Is(r.Err, context.DeadlineExceeded):
				t.Errorf("result %d: err = %v, want nil or context.DeadlineExceeded", i, r.Err)
			}
		}
		if okCount != 2 {
			t.Errorf("%d pages arrived, want 2", okCount)
		}
	})
}

// TestEmpty: no URLs, no results, no calls.
func TestEmpty(t *testing.T) {
	f := &fetchall.Fetcher{Get: func(context.Context, string) ([]byte, error) {
		t.Error("Get called for no URLs")
		return nil, nil
	}, Limit: 3, PerHost: 1}
	if r := f.All(t.Context(), nil); len(r) != 0 {
		t.Errorf("All(nil) = %v, want no results", r)
	}
}

// TestConcurrentCallers: eight goroutines call All on one Fetcher at once,
// on the real clock; each gets its own pages, in order, and the race
// detector watches.
func TestConcurrentCallers(t *testing.T) {
	get := func(ctx context.Context, url string) ([]byte, error) {
		runtime.Gosched()
		return []byte("page " + url), nil
	}
	f := &fetchall.Fetcher{Get: get, Limit: 3, PerHost: 2}
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Go(func() {
			var urls []string
			for i := range 20 {
				urls = append(urls, fmt.Sprintf("http://h%d.example/c%d/%d", i%4, c, i))
			}
			for i, r := range f.All(context.Background(), urls) {
				if r.URL != urls[i] || string(r.Body) != "page "+urls[i] || r.Err != nil {
					t.Errorf("caller %d, result %d = {%q, %q, %v}", c, i, r.URL, r.Body, r.Err)
				}
			}
		})
	}
	wg.Wait()
}

// TestNoGetAfterReturn: when All returns, after a cancellation too, no call
// of Get is still running (and the grader checks that no goroutine is left).
func TestNoGetAfterReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var running atomic.Int32
		get := func(ctx context.Context, url string) ([]byte, error) {
			running.Add(1)
			defer running.Add(-1)
			<-ctx.Done()
			time.Sleep(time.Second) // slow to notice the cancellation
			return nil, ctx.Err()
		}
		ctx, cancel := context.WithCancel(t.Context())
		var urls []string
		for i := range 8 {
			urls = append(urls, fmt.Sprintf("http://h%d.example/", i%3))
		}
		f := &fetchall.Fetcher{Get: get, Limit: 4, PerHost: 2}
		time.AfterFunc(time.Second, cancel)
		f.All(ctx, urls)
		if n := running.Load(); n != 0 {
			t.Errorf("All returned with %d calls of Get still running", n)
		}
	})
}
