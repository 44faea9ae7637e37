package callbridge

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fake is a Fetcher. It answers key with strings.ToUpper(key), or with
// errs[key], after delay[key] (1s when not set), from a goroutine of its
// own; with inline set, it answers inside Fetch instead. It counts the
// requests started and those in flight.
type fake struct {
	delay  map[string]time.Duration
	errs   map[string]error
	inline bool

	mu                      sync.Mutex
	started, inFlight, peak int
}

func (f *fake) Fetch(key string, done func(string, error)) {
	f.mu.Lock()
	f.started++
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()
	answer := func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
		if err := f.errs[key]; err != nil {
			done("", err)
			return
		}
		done(strings.ToUpper(key), nil)
	}
	if f.inline {
		answer()
		return
	}
	d, ok := f.delay[key]
	if !ok {
		d = time.Second
	}
	go func() {
		time.Sleep(d)
		answer()
	}()
}

func (f *fake) counts() (started, peak int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.started, f.peak
}

// TestGet: Get returns the answer, at the moment it arrives.
func TestGet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{delay: map[string]time.Duration{"go": 2 * time.Second}}
		t0 := time.Now()
		v, err := Get(context.Background(), f, "go")
		if v != "GO" || err != nil {
			t.Errorf("Get = %q, %v; want \"GO\", nil", v, err)
		}
		if d := time.Since(t0); d != 2*time.Second {
			t.Errorf("Get returned after %v, want 2s (when the answer came)", d)
		}
	})
}

// TestGetInlineCallback: a Fetcher may call done before Fetch returns, on
// the caller's goroutine. Get must not deadlock.
func TestGetInlineCallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{inline: true}
		v, err := Get(context.Background(), f, "now")
		if v != "NOW" || err != nil {
			t.Errorf("Get = %q, %v; want \"NOW\", nil", v, err)
		}
	})
}

// TestGetAllOrder: values come back in the order of the keys, whatever
// the order of the answers, as soon as the last one is in.
func TestGetAllOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{delay: map[string]time.Duration{
			"a": 3 * time.Second, "b": 1 * time.Second, "c": 2 * time.Second,
		}}
		t0 := time.Now()
		got, err := GetAll(context.Background(), f, []string{"a", "b", "c"}, 3)
		if want := []string{"A", "B", "C"}; !slices.Equal(got, want) || err != nil {
			t.Errorf("GetAll = %q, %v; want %q, nil", got, err, want)
		}
		if d := time.Since(t0); d != 3*time.Second {
			t.Errorf("GetAll returned after %v, want 3s (three requests at once, the slowest 3s)", d)
		}
	})
}

// TestGetAllBounded: ten one-second requests with a limit of 3: never more
// than 3 in flight, and all done after exactly 4s (3 + 3 + 3 + 1).
func TestGetAllBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		keys := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
		t0 := time.Now()
		got, err := GetAll(context.Background(), f, keys, 3)
		if err != nil || len(got) != len(keys) {
			t.Fatalf("GetAll = %q, %v", got, err)
		}
		if _, peak := f.counts(); peak > 3 {
			t.Errorf("%d requests were in flight at once, want at most 3", peak)
		}
		if d := time.Since(t0); d != 4*time.Second {
			t.Errorf("took %v, want 4s: keep 3 requests in flight all the time", d)
		}
	})
}
