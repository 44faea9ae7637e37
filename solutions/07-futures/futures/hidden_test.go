package futures

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

var (
	errA = errors.New("a failed")
	errB = errors.New("b failed")
	errC = errors.New("c failed")
)

// TestGetConcurrent: many goroutines Get the same future, before and after
// it is done (run with -race).
func TestGetConcurrent(t *testing.T) {
	ctx := context.Background()
	f := Go(ctx, after(20*time.Millisecond, []int{1, 2, 3}, nil))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			if i >= 20 {
				time.Sleep(30 * time.Millisecond)
			}
			v, err := f.Get(ctx)
			if err != nil || len(v) != 3 || v[2] != 3 {
				errs <- fmt.Errorf("Get = %v, %v; want [1 2 3], nil", v, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestGetContext: Get gives up when its context ends, without cancelling
// the call, which still finishes.
func TestGetContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		f := Go(context.Background(), after(time.Second, 7, nil))
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		if _, err := f.Get(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Get with a 0.5s deadline returned error %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 500*time.Millisecond {
			t.Errorf("Get gave up after %v, want 0.5s", d)
		}
		if v, err := f.Get(context.Background()); v != 7 || err != nil {
			t.Errorf("Get after a timed-out Get = %v, %v; want 7, nil (the call must not be cancelled)", v, err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("call finished at %v, want 1s", d)
		}
	})
}

// TestGetDoneFirst: a call that has returned gives its result even to a
// Get whose context has already ended.
func TestGetDoneFirst(t *testing.T) {
	f := Go(context.Background(), after(0, "ready", nil))
	<-f.Done()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 200 {
		if v, err := f.Get(ctx); v != "ready" || err != nil {
			t.Fatalf("Get on a done future with an ended context = %q, %v; want ready, nil", v, err)
		}
	}
}

// TestCancel: Cancel ends the call's context; a second Cancel, or one after
// the call returned, changes nothing.
func TestCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		f := Go(ctx, after(time.Hour, 1, nil))
		time.Sleep(time.Second)
		f.Cancel()
		f.Cancel()
		if _, err := f.Get(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Get after Cancel returned error %v, want context.Canceled", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("cancelled call ended at %v, want 1s", d)
		}

		g := Go(ctx, after(time.Second, 2, nil))
		<-g.Done()
		g.Cancel()
		if v, err := g.Get(ctx); v != 2 || err != nil {
			t.Errorf("Get after a late Cancel = %v, %v; want 2, nil", v, err)
		}
	})
}

// TestParentContext: the call's context ends with the context given to Go.
func TestParentContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		f := Go(parent, after(time.Hour, 1, nil))
		time.Sleep(time.Second)
		cancel()
		if _, err := f.Get(context.Background()); !errors.Is(err, context.Canceled) {
			t.Errorf("Get after the parent was cancelled returned error %v, want context.Canceled", err)
		}
	})
}

// TestAllFirstError: All returns the first failure at once and cancels the
// other calls.
func TestAllFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		a := Go(ctx, after(3*time.Second, 1, nil))
		b := Go(ctx, after(1*time.Second, 0, errB))
		c := Go(ctx, after(2*time.Second, 3, nil))
		got, err := All(ctx, a, b, c)
		if !errors.Is(err, errB) || got != nil {
			t.Errorf("All = %v, %v; want nil, %v", got, err, errB)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("All returned after %v, want 1s (when b failed)", d)
		}
		for name, f := range map[string]*Future[int]{"a": a, "c": c} {
			if _, err := f.Get(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("%s: Get returned error %v, want context.Canceled", name, err)
			}
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the other calls ended at %v, want 1s: All must cancel them", d)
		}
	})
}

// TestAllContext: All stops when its context ends and cancels every call.
func TestAllContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		a := Go(context.Background(), after(time.Second, 1, nil))
		b := Go(context.Background(), after(time.Hour, 2, nil))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if _, err := All(ctx, a, b); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("All returned error %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("All returned after %v, want 2s", d)
		}
		if _, err := b.Get(context.Background()); !errors.Is(err, context.Canceled) {
			t.Errorf("unfinished call: Get returned error %v, want context.Canceled", err)
		}
		if v, err := a.Get(context.Background()); v != 1 || err != nil {
			t.Errorf("finished call: Get = %v, %v; want 1, nil", v, err)
		}
	})
}

// TestAllEmpty: All of nothing is an empty result.
func TestAllEmpty(t *testing.T) {
	got, err := All[int](context.Background())
	if err != nil || len(got) != 0 {
		t.Errorf("All() = %v, %v; want [], nil", got, err)
	}
}

// TestAnyAllFail: when every call fails, Any waits for the last one and
// returns an error that wraps all three.
func TestAnyAllFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		_, err := Any(ctx,
			Go(ctx, after(2*time.Second, "", errA)),
			Go(ctx, after(3*time.Second, "", errB)),
			Go(ctx, after(1*time.Second, "", errC)))
		for _, want := range []error{errA, errB, errC} {
			if !errors.Is(err, want) {
				t.Errorf("Any returned error %v, which does not wrap %v", err, want)
			}
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("Any returned after %v, want 3s (the last failure)", d)
		}
	})
}

// TestAnySkipsFailures: a failure before the first success does not end Any.
func TestAnySkipsFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		v, err := Any(ctx,
			Go(ctx, after(1*time.Second, "", errA)),
			Go(ctx, after(2*time.Second, "second", nil)),
			Go(ctx, after(3*time.Second, "third", nil)))
		if v != "second" || err != nil {
			t.Errorf("Any = %q, %v; want second, nil", v, err)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("Any returned after %v, want 2s", d)
		}
	})
}

// TestAnyEmpty: Any of nothing is ErrNoFutures.
func TestAnyEmpty(t *testing.T) {
	if _, err := Any[int](context.Background()); !errors.Is(err, ErrNoFutures) {
		t.Errorf("Any() returned error %v, want ErrNoFutures", err)
	}
}

// TestAnyContext: Any stops when its context ends and cancels every call.
func TestAnyContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		a := Go(context.Background(), after(time.Hour, 1, nil))
		b := Go(context.Background(), after(time.Second, 0, errA))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if _, err := Any(ctx, a, b); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Any returned error %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("Any returned after %v, want 2s", d)
		}
		if _, err := a.Get(context.Background()); !errors.Is(err, context.Canceled) {
			t.Errorf("unfinished call: Get returned error %v, want context.Canceled", err)
		}
	})
}

// TestAnyNoLeak: fifty calls race, the first wins; every other call is
// cancelled and every goroutine ends (synctest fails the test otherwise).
func TestAnyNoLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var fs []*Future[int]
		for i := range 50 {
			fs = append(fs, Go(ctx, after(time.Duration(50-i)*time.Second, i, nil)))
		}
		start := time.Now()
		v, err := Any(ctx, fs...)
		if v != 49 || err != nil {
			t.Errorf("Any = %v, %v; want 49, nil", v, err)
		}
		for _, f := range fs[:49] {
			<-f.Done()
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the losers ended at %v, want 1s: Any must cancel them", d)
		}
	})
}

// TestCombineConcurrent: several goroutines call All and Any on the same
// futures at once (run with -race).
func TestCombineConcurrent(t *testing.T) {
	ctx := context.Background()
	var fs []*Future[int]
	for i := range 10 {
		fs = append(fs, Go(ctx, after(time.Duration(i)*time.Millisecond, i, nil)))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 10 {
		wg.Go(func() {
			got, err := All(ctx, fs...)
			if err != nil || len(got) != 10 || got[9] != 9 {
				errs <- fmt.Errorf("All = %v, %v", got, err)
			}
		})
	}
	wg.Wait()
	for range 10 {
		wg.Go(func() {
			if _, err := Any(ctx, fs...); err != nil {
				errs <- fmt.Errorf("Any returned error %v", err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
