package futures

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// after returns a call that takes d (less if its context ends first) and
// then returns v and err.
func after[T any](d time.Duration, v T, err error) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		select {
		case <-time.After(d):
			return v, err
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}

// TestGetWaits: Get waits for the call, then returns its value every time.
func TestGetWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		f := Go(ctx, after(time.Second, 42, nil))
		if d := time.Since(start); d != 0 {
			t.Errorf("Go took %v, want it to return at once", d)
		}
		v, err := f.Get(ctx)
		if v != 42 || err != nil {
			t.Errorf("Get = %v, %v; want 42, nil", v, err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("Get returned after %v, want 1s", d)
		}
		select {
		case <-f.Done():
		default:
			t.Errorf("Done is not closed after Get returned")
		}
		if v, err := f.Get(ctx); v != 42 || err != nil {
			t.Errorf("second Get = %v, %v; want 42, nil", v, err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("second Get waited until %v, want no wait", d)
		}
	})
}

// TestAllInOrder: All returns values in the order of its arguments, once
// the slowest is done.
func TestAllInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		fs := []*Future[string]{
			Go(ctx, after(3*time.Second, "a", nil)),
			Go(ctx, after(1*time.Second, "b", nil)),
			Go(ctx, after(2*time.Second, "c", nil)),
		}
		got, err := All(ctx, fs...)
		if err != nil || !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("All = %q, %v; want [a b c], nil", got, err)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("All returned after %v, want 3s", d)
		}
	})
}

// TestAnyFirstWins: Any returns the first success at once and cancels the
// losers, whose goroutines then end (synctest fails the test if a goroutine
// is left blocked).
func TestAnyFirstWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		slow := Go(ctx, after(3*time.Second, "slow", nil))
		fast := Go(ctx, after(1*time.Second, "fast", nil))
		mid := Go(ctx, after(2*time.Second, "mid", nil))
		v, err := Any(ctx, slow, fast, mid)
		if v != "fast" || err != nil {
			t.Errorf("Any = %q, %v; want fast, nil", v, err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("Any returned after %v, want 1s", d)
		}
		for name, f := range map[string]*Future[string]{"slow": slow, "mid": mid} {
			if _, err := f.Get(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("loser %s: Get returned error %v, want context.Canceled", name, err)
			}
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the losers ended at %v, want 1s: Any must cancel them", d)
		}
	})
}
