package parmap

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestEmpty: no elements, no calls, an empty result and no error.
func TestEmpty(t *testing.T) {
	var calls atomic.Int32
	got, err := Map(context.Background(), 4, []int(nil), func(ctx context.Context, v int) (int, error) {
		calls.Add(1)
		return v, nil
	})
	if err != nil || len(got) != 0 || calls.Load() != 0 {
		t.Errorf("Map of nothing = %v, %v after %d calls; want [], nil after 0 calls", got, err, calls.Load())
	}
}

// TestWorkersBelowOne: 0 and -3 workers count as one.
func TestWorkersBelowOne(t *testing.T) {
	for _, w := range []int{0, -3} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newProbe()
				start := time.Now()
				got, err := Map(context.Background(), w, count(3), sleepy(p, time.Second))
				if err != nil || len(got) != 3 || got[2] != 4 {
					t.Fatalf("Map = %v, %v; want [0 1 4], nil", got, err)
				}
				if p.peak != 1 {
					t.Errorf("%d calls ran at once with workers=%d, want 1", p.peak, w)
				}
				if d := time.Since(start); d != 3*time.Second {
					t.Errorf("three one-second calls, one at a time, took %v, want 3s", d)
				}
			})
		})
	}
}

// TestContextDeadline: the caller's context ends at 2.5s. Two workers have
// started six one-second calls by then (at 0s, 1s and 2s); Map stops, the
// two running calls are cancelled, and Map returns the context's error.
func TestContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
		defer cancel()
		p := newProbe()
		start := time.Now()
		got, err := Map(ctx, 2, count(10), sleepy(p, time.Second))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Map returned error %v, want context.DeadlineExceeded", err)
		}
		if got != nil {
			t.Errorf("Map returned results %v with an error, want nil", got)
		}
		if d := time.Since(start); d != 2500*time.Millisecond {
			t.Errorf("Map returned after %v, want 2.5s", d)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if n := len(p.starts); n != 6 {
			t.Errorf("%d calls started, want 6 (two at 0s, 1s and 2s)", n)
		}
		if p.running != 0 {
			t.Errorf("%d calls still running when Map returned", p.running)
		}
	})
}

// TestCancelledBeforeStart: a context that has already ended starts nothing.
func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int32
	got, err := Map(ctx, 4, count(20), func(ctx context.Context, v int) (int, error) {
		calls.Add(1)
		return v, nil
	})
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("Map = %v, %v; want nil, context.Canceled", got, err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d calls started with a cancelled context, want 0", n)
	}
}

// TestNoStartAfterError: in a long input, the first element fails at once.
// No call may start after that moment, and the calls that were running
// end when Map cancels them.
func TestNoStartAfterError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ok := sleepy(p, time.Second)
		start := time.Now()
		_, err := Map(context.Background(), 4, count(1000), func(ctx context.Context, v int) (int, error) {
			if v == 0 {
				p.enter(v)
				defer p.leave()
				time.Sleep(500 * time.Millisecond)
				return 0, errBoom
			}
			return ok(ctx, v)
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Map returned error %v, want %v", err, errBoom)
		}
		if d := time.Since(start); d != 500*time.Millisecond {
			t.Errorf("Map returned after %v, want 0.5s (when element 0 failed)", d)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if n := len(p.starts); n > 4 {
			t.Errorf("%d calls started, want at most 4: the error came before any other call returned", n)
		}
		for v, at := range p.starts {
			if at > 0 {
				t.Errorf("element %d started at %v, want every call started at 0s", v, at)
			}
		}
	})
}

// TestPoolGoroutines: a pool, not a goroutine per element. Mapping 200
// elements with 4 workers keeps the number of goroutines near 4 more than
// before the call.
func TestPoolGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := runtime.NumGoroutine()
		var most atomic.Int64
		_, err := Map(context.Background(), 4, count(200), func(ctx context.Context, v int) (int, error) {
			n := int64(runtime.NumGoroutine())
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			return v, nil
		})
		if err != nil {
			t.Fatalf("Map returned error %v", err)
		}
		if extra := int(most.Load()) - before; extra > 4+2 {
			t.Errorf("%d goroutines more than before Map, want at most 6 for 4 workers", extra)
		}
	})
}

// TestConcurrentCallers: eight goroutines use Map at once (run with -race).
func TestConcurrentCallers(t *testing.T) {
	errs := make(chan error, 8)
	for c := range 8 {
		go func() {
			in := count(100)
			got, err := Map(context.Background(), 3, in, func(ctx context.Context, v int) (int, error) {
				return v*10 + c, nil
			})
			if err == nil {
				for i, r := range got {
					if r != i*10+c {
						err = fmt.Errorf("caller %d: result %d is %d, want %d", c, i, r, i*10+c)
						break
					}
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestNoLeakOnError: after an early error, every goroutine Map started has
// ended; synctest fails the test if one is left blocked in its bubble.
func TestNoLeakOnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ok := sleepy(p, time.Second)
		_, err := Map(context.Background(), 5, count(100), func(ctx context.Context, v int) (int, error) {
			if v == 7 {
				return 0, errBoom
			}
			return ok(ctx, v)
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Map returned error %v, want %v", err, errBoom)
		}
	})
}
