package evloop

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// start runs l.Run in a goroutine and returns a function that cancels its
// context and checks that Run returned context.Canceled.
func start(t *testing.T, l *Loop) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Run(ctx) }()
	return func() {
		t.Helper()
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v after its context was cancelled, want context.Canceled", err)
		}
	}
}

// TestCallOrder: nothing runs before Run; then callbacks run in the order
// of their Calls, and a Call made by a callback runs after those already
// queued.
func TestCallOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		var got []string
		l.Call(func() { got = append(got, "a") })
		l.Call(func() {
			got = append(got, "b")
			l.Call(func() { got = append(got, "d (queued by b)") })
		})
		l.Call(func() { got = append(got, "c") })
		synctest.Wait()
		if len(got) != 0 {
			t.Fatalf("callbacks ran before Run: %q", got)
		}
		stop := start(t, l)
		synctest.Wait()
		stop()
		want := []string{"a", "b", "c", "d (queued by b)"}
		if !slices.Equal(got, want) {
			t.Errorf("callbacks ran in the order %q, want %q", got, want)
		}
	})
}

// TestTimerOrder: timers run at their deadlines (exactly, on synctest's
// fake clock), in deadline order, and in creation order when deadlines
// are equal.
func TestTimerOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		t0 := time.Now()
		var got []string
		at := func(name string) func() {
			return func() { got = append(got, name+"@"+time.Since(t0).String()) }
		}
		l.After(3*time.Second, at("c"))
		l.After(1*time.Second, at("a"))
		l.After(2*time.Second, at("b1"))
		l.After(2*time.Second, at("b2"))
		stop := start(t, l)
		time.Sleep(5 * time.Second)
		stop()
		want := []string{"a@1s", "b1@2s", "b2@2s", "c@3s"}
		if !slices.Equal(got, want) {
			t.Errorf("timers ran as %q, want %q", got, want)
		}
	})
}

// TestRunStops: Run returns context.Canceled as soon as its context is
// cancelled, and a timer due later never runs.
func TestRunStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New()
		ran := false
		l.After(2*time.Second, func() { ran = true })
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		t0 := time.Now()
		err := l.Run(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Run returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != time.Second {
			t.Errorf("Run returned after %v, want 1s (when its context ended)", d)
		}
		time.Sleep(3 * time.Second)
		if ran {
			t.Error("a timer ran after Run had returned")
		}
	})
}
