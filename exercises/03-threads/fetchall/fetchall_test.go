package fetchall_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"fetchall"
)

// fakeWeb is a fake Get for synctest's clock: a page takes delay (1 s
// unless set) or fail's error, and fakeWeb records how many calls ran at
// once, in all and per host, when each URL started, and how often each URL
// was fetched.
type fakeWeb struct {
	delay map[string]time.Duration
	fail  map[string]error

	mu       sync.Mutex
	t0       time.Time
	running  int
	peak     int
	perHost  map[string]int
	hostPeak map[string]int
	calls    map[string]int
	started  map[string]time.Duration
}

func newFakeWeb() *fakeWeb {
	return &fakeWeb{
		delay: map[string]time.Duration{}, fail: map[string]error{},
		t0: time.Now(), perHost: map[string]int{}, hostPeak: map[string]int{},
		calls: map[string]int{}, started: map[string]time.Duration{},
	}
}

func (w *fakeWeb) get(ctx context.Context, url string) ([]byte, error) {
	host := fetchall.Host(url)
	w.mu.Lock()
	w.running++
	w.peak = max(w.peak, w.running)
	w.perHost[host]++
	w.hostPeak[host] = max(w.hostPeak[host], w.perHost[host])
	w.calls[url]++
	w.started[url] = time.Since(w.t0)
	d, ok := w.delay[url]
	if !ok {
		d = time.Second
	}
	err := w.fail[url]
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.running--
		w.perHost[host]--
		w.mu.Unlock()
	}()

	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		if err != nil {
			return nil, err
		}
		return []byte("page " + url), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestOrder: later URLs answer sooner, yet results come in the order asked.
func TestOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		var urls []string
		for i := range 6 {
			u := fmt.Sprintf("http://site%d.example/", i)
			urls = append(urls, u)
			web.delay[u] = time.Duration(6-i) * time.Second
		}
		f := &fetchall.Fetcher{Get: web.get, Limit: 6}
		results := f.All(t.Context(), urls)
		if len(results) != len(urls) {
			t.Fatalf("%d results for %d URLs", len(results), len(urls))
		}
		for i, r := range results {
			if r.URL != urls[i] || string(r.Body) != "page "+urls[i] || r.Err != nil {
				t.Errorf("result %d = {%q, %q, %v}, want {%q, %q, <nil>}", i, r.URL, r.Body, r.Err, urls[i], "page "+urls[i])
			}
		}
	})
}

// TestLimit: ten one-second pages from ten hosts, at most three at a time:
// never more than three in flight, and done in exactly 4 s.
func TestLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newFakeWeb()
		var urls []string
		for i := range 10 {
			urls = append(urls, fmt.Sprintf("http://host%d.example/page", i))
		}
		f := &fetchall.Fetcher{Get: web.get, Limit: 3}
		start := time.Now()
		f.All(t.Context(), urls)
		if web.peak > 3 {
			t.Errorf("%d requests were in flight at once, want at most 3", web.peak)
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("10 one-second requests, 3 at a time, took %v, want 4s", d)
		}
	})
}

// TestAgainstServer runs All with net/http against three real servers on
// the loopback interface. Each server lets only one request in at a time
// count (PerHost is 1) and holds the first request of each until all three
// servers have one: that happens only if the fetcher talks to them
// concurrently.
func TestAgainstServer(t *testing.T) {
	allThree := make(chan struct{})
	var mu sync.Mutex
	arrived, inFlight, overlap := 0, map[string]int{}, false

	var servers []*httptest.Server
	for s := range 3 {
		name := fmt.Sprintf("server%d", s)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inFlight[name]++
			if inFlight[name] > 1 {
				overlap = true
			}
			arrived++
			if arrived == 3 {
				close(allThree)
			}
			mu.Unlock()
			select {
			case <-allThree:
			case <-time.After(2 * time.Second):
				http.Error(w, "the other servers saw no request: fetched one host at a time?", http.StatusGatewayTimeout)
			}
			mu.Lock()
			inFlight[name]--
			mu.Unlock()
			fmt.Fprintf(w, "%s%s", name, r.URL.Path)
		}))
		defer srv.Close()
		servers = append(servers, srv)
	}

	var urls, want []string
	for page := range 3 {
		for s, srv := range servers {
			urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, page))
			want = append(want, fmt.Sprintf("server%d/p%d", s, page))
		}
	}
	client := &http.Client{}
	defer client.CloseIdleConnections()
	get := func(ctx context.Context, url string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s: %s", resp.Status, body)
		}
		return body, err
	}

	f := &fetchall.Fetcher{Get: get, Limit: 9, PerHost: 1}
	results := f.All(t.Context(), urls)
	for i, r := range results {
		if r.Err != nil || string(r.Body) != want[i] {
			t.Errorf("result %d (%s) = %q, %v; want %q", i, urls[i], r.Body, r.Err, want[i])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if overlap {
		t.Errorf("a server had two requests in flight at once; PerHost is 1")
	}
}
