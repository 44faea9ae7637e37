package callbridge

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestGetContext: an answer that never comes; Get gives up when its
// context ends, at that very moment.
func TestGetContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{delay: map[string]time.Duration{"slow": time.Minute}}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		t0 := time.Now()
		_, err := Get(ctx, f, "slow")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Get returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != time.Second {
			t.Errorf("Get returned after %v, want 1s", d)
		}
		time.Sleep(time.Minute) // let the answer come, and be dropped
	})
}

// TestGetLateAnswer: the answer comes after Get has given up. The
// Fetcher's goroutine that delivers it must not block forever.
func TestGetLateAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{delay: map[string]time.Duration{"late": 2 * time.Second}}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := Get(ctx, f, "late"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Get returned %v, want context.DeadlineExceeded", err)
		}
		time.Sleep(3 * time.Second)
		synctest.Wait() // a callback blocked on a send nobody receives would still be here
	})
}

// TestGetCancelledBefore: a context that has already ended: no request.
func TestGetCancelledBefore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Get(ctx, f, "x"); !errors.Is(err, context.Canceled) {
			t.Errorf("Get returned %v, want context.Canceled", err)
		}
		if started, _ := f.counts(); started != 0 {
			t.Errorf("%d requests started with a cancelled context, want 0", started)
		}
	})
}

// TestGetAllFirstError: the first error is returned when it arrives, no
// request starts after it, and the answers still in flight are dropped
// without blocking anyone.
func TestGetAllFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		f := &fake{
			delay: map[string]time.Duration{"a": 3 * time.Second, "b": time.Second},
			errs:  map[string]error{"b": boom},
		}
		t0 := time.Now()
		_, err := GetAll(context.Background(), f, []string{"a", "b", "c", "d", "e"}, 2)
		if !errors.Is(err, boom) {
			t.Errorf("GetAll returned %v, want the error of b", err)
		}
		if d := time.Since(t0); d != time.Second {
			t.Errorf("GetAll returned after %v, want 1s (when b failed)", d)
		}
		time.Sleep(5 * time.Second)
		if started, _ := f.counts(); started != 2 {
			t.Errorf("%d requests started, want 2: none after the error", started)
		}
	})
}

// TestGetAllContext: the context ends while requests are in flight.
func TestGetAllContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		t0 := time.Now()
		_, err := GetAll(ctx, f, []string{"a", "b", "c", "d", "e"}, 2)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("GetAll returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != 1500*time.Millisecond {
			t.Errorf("GetAll returned after %v, want 1.5s", d)
		}
		time.Sleep(5 * time.Second)
		if started, _ := f.counts(); started != 4 {
			t.Errorf("%d requests started, want 4 (2 at 0s, 2 at 1s, none after the context ended)", started)
		}
	})
}

// TestGetAllInline: every answer comes inside Fetch.
func TestGetAllInline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{inline: true}
		got, err := GetAll(context.Background(), f, []string{"x", "y", "z", "w"}, 2)
		if want := []string{"X", "Y", "Z", "W"}; !slices.Equal(got, want) || err != nil {
			t.Errorf("GetAll = %q, %v; want %q, nil", got, err, want)
		}
	})
}

// TestGetAllEmpty: no keys, no requests, no error.
func TestGetAllEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		got, err := GetAll(context.Background(), f, nil, 3)
		if len(got) != 0 || err != nil {
			t.Errorf("GetAll(no keys) = %q, %v; want no values, nil", got, err)
		}
		if started, _ := f.counts(); started != 0 {
			t.Errorf("%d requests started for no keys", started)
		}
	})
}

// TestGetAllLimitBelowOne: a limit of 0 means one request at a time.
func TestGetAllLimitBelowOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		t0 := time.Now()
		got, err := GetAll(context.Background(), f, []string{"a", "b", "c"}, 0)
		if err != nil || len(got) != 3 {
			t.Fatalf("GetAll = %q, %v", got, err)
		}
		if _, peak := f.counts(); peak != 1 {
			t.Errorf("%d requests in flight at once with limit 0, want 1", peak)
		}
		if d := time.Since(t0); d != 3*time.Second {
			t.Errorf("took %v, want 3s", d)
		}
	})
}

// TestConcurrentCallers: many goroutines use Get and GetAll at once, on
// one Fetcher that answers from many goroutines, in real time.
func TestConcurrentCallers(t *testing.T) {
	f := &fake{delay: map[string]time.Duration{}}
	keys := []string{"p", "q", "r", "s", "t", "u"}
	for _, k := range keys {
		f.delay[k] = time.Millisecond
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 20 {
				if g%2 == 0 {
					got, err := GetAll(context.Background(), f, keys, 3)
					if err != nil || strings.Join(got, "") != "PQRSTU" {
						t.Errorf("GetAll = %q, %v", got, err)
						return
					}
				} else if v, err := Get(context.Background(), f, "q"); v != "Q" || err != nil {
					t.Errorf("Get = %q, %v", v, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
