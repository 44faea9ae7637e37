package progress_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"progress"
)

// TestRaceFree: the writer is a bytes.Buffer, which is not safe for
// concurrent use; Done and Count are called from many goroutines at once.
// The race detector watches.
func TestRaceFree(t *testing.T) {
	var buf bytes.Buffer
	p := progress.New(&buf, 200)
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					_ = p.Count()
				}
			}
		})
	}
	hammer(p, 4, 50)
	close(stop)
	readers.Wait()
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	lines = lines[:len(lines)-1] // after the last "\n"
	if len(lines) != 201 {
		t.Fatalf("%d lines, want 200 and the summary", len(lines))
	}
	for i, l := range lines[:200] {
		if k, _, _, ok := parse(l); !ok || k != i+1 {
			t.Fatalf("line %d is %q", i+1, l)
		}
	}
}

// TestCloseSummary: Close writes "done: 400 of 400" with one Write, after
// every line, and returns nil.
func TestCloseSummary(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 400)
	hammer(p, 8, 50)
	if err := p.Close(); err != nil {
		t.Errorf("Close() = %v, want nil", err)
	}
	writes := rec.all()
	if len(writes) != 401 || writes[400] != "done: 400 of 400\n" {
		last := ""
		if len(writes) > 0 {
			last = writes[len(writes)-1]
		}
		t.Errorf("%d writes, the last %q; want 401, the last \"done: 400 of 400\\n\"", len(writes), last)
	}
}

// TestCountDuringWrite: the writer calls Count from inside Write, as a
// status bar might. Count must not wait for the Write in progress (that
// would deadlock), and while line k is written the count is at least k.
func TestCountDuringWrite(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 100)
	var mu sync.Mutex
	var bad []string
	rec.hook = func(s string) {
		if k, _, _, ok := parse(s); ok {
			if n := p.Count(); n < k {
				mu.Lock()
				bad = append(bad, s)
				mu.Unlock()
			}
		}
	}
	hammer(p, 4, 25)
	if len(bad) > 0 {
		t.Errorf("while writing %q, Count() was below its k", bad[0])
	}
}

// TestCountMonotonic: a goroutine watching Count while items are reported
// never sees it go down or pass the number of items.
func TestCountMonotonic(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 300)
	stop := make(chan struct{})
	var seen []int
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			if c := p.Count(); len(seen) == 0 || c != seen[len(seen)-1] {
				seen = append(seen, c)
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	})
	hammer(p, 6, 50)
	close(stop)
	watcher.Wait()
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] || seen[i] > 300 {
			t.Fatalf("Count() went from %d to %d", seen[i-1], seen[i])
		}
	}
	if n := p.Count(); n != 300 {
		t.Errorf("Count() = %d after 300 items, want 300", n)
	}
}

// TestWriteError: the third Write fails. The items still count, and Close
// returns that error.
func TestWriteError(t *testing.T) {
	fail := errors.New("disk full")
	rec := recorder{failAt: 3, fail: fail}
	p := progress.New(&rec, 40)
	hammer(p, 4, 10)
	if n := p.Count(); n != 40 {
		t.Errorf("Count() = %d, want 40", n)
	}
	if err := p.Close(); !errors.Is(err, fail) {
		t.Errorf("Close() = %v, want %v", err, fail)
	}
}

// TestNoLeak: printers that are used and closed leave no goroutine behind
// (the grader checks after the test).
func TestNoLeak(t *testing.T) {
	for range 10 {
		var rec recorder
		p := progress.New(&rec, 20)
		hammer(p, 2, 10)
		if err := p.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}
