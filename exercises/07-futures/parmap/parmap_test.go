package parmap

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// probe records, on synctest's fake clock, when each call of f started and
// how many calls ran at once.
type probe struct {
	mu      sync.Mutex
	running int
	peak    int
	starts  map[int]time.Duration // element -> start time since t0
	t0      time.Time
}

func newProbe() *probe {
	return &probe{starts: map[int]time.Duration{}, t0: time.Now()}
}

func (p *probe) enter(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running++
	p.peak = max(p.peak, p.running)
	p.starts[v] = time.Since(p.t0)
}

func (p *probe) leave() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
}

// sleepy returns an f that takes d per call (or less if its context ends)
// and returns v*v.
func sleepy(p *probe, d time.Duration) func(context.Context, int) (int, error) {
	return func(ctx context.Context, v int) (int, error) {
		p.enter(v)
		defer p.leave()
		select {
		case <-time.After(d):
			return v * v, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func count(n int) []int {
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	return in
}

// TestOrder: calls that finish in reverse order still give results in the
// order of the input.
func TestOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := count(8)
		got, err := Map(context.Background(), 4, in, func(ctx context.Context, v int) (int, error) {
			time.Sleep(time.Duration(len(in)-v) * time.Millisecond) // later elements finish first
			return v * v, nil
		})
		if err != nil {
			t.Fatalf("Map returned error %v", err)
		}
		want := []int{0, 1, 4, 9, 16, 25, 36, 49}
		if !slices.Equal(got, want) {
			t.Errorf("Map = %v, want %v", got, want)
		}
	})
}

// TestBounded: ten one-second calls with three workers run three at a time
// and take exactly four seconds of fake time.
func TestBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		start := time.Now()
		got, err := Map(context.Background(), 3, count(10), sleepy(p, time.Second))
		if err != nil {
			t.Fatalf("Map returned error %v", err)
		}
		if len(got) != 10 || got[9] != 81 {
			t.Errorf("Map = %v, want the squares of 0..9", got)
		}
		if p.peak > 3 {
			t.Errorf("%d calls ran at once, want at most 3", p.peak)
		}
		if p.peak < 3 {
			t.Errorf("at most %d calls ran at once: use all 3 workers", p.peak)
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("10 one-second calls, 3 at a time, took %v, want 4s", d)
		}
	})
}

var errBoom = errors.New("boom")

// TestFirstError: element 4 fails as soon as it starts, at 1s. Map returns
// that error at once, the calls running beside it are cancelled and have
// returned, and no call starts later.
func TestFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProbe()
		ok := sleepy(p, time.Second)
		start := time.Now()
		got, err := Map(context.Background(), 3, count(10), func(ctx context.Context, v int) (int, error) {
			if v == 4 {
				p.enter(v)
				defer p.leave()
				return 0, errBoom
			}
			return ok(ctx, v)
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Map returned error %v, want %v", err, errBoom)
		}
		if got != nil {
			t.Errorf("Map returned results %v with an error, want nil", got)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("Map returned after %v, want 1s (when element 4 failed)", d)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.running != 0 {
			t.Errorf("%d calls still running when Map returned", p.running)
		}
		for v, at := range p.starts {
			if at > time.Second {
				t.Errorf("element %d started at %v, after the error at 1s", v, at)
			}
		}
	})
}
