package progress_test

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"progress"
)

// recorder is a writer that keeps every call of Write as one entry and
// notices when two calls overlap. Its hook, if set, runs inside Write.
type recorder struct {
	mu      sync.Mutex
	writes  []string
	busy    atomic.Int32
	overlap atomic.Bool
	hook    func(s string)
	failAt  int   // the failAt-th Write (from 1) returns fail; 0: none
	fail    error // set with failAt
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.busy.Add(1) > 1 {
		r.overlap.Store(true)
	}
	defer r.busy.Add(-1)
	runtime.Gosched() // a wider window for another Write to start in
	if r.hook != nil {
		r.hook(string(b))
	}
	r.mu.Lock()
	r.writes = append(r.writes, string(b))
	n := len(r.writes)
	r.mu.Unlock()
	if n == r.failAt {
		return 0, r.fail
	}
	return len(b), nil
}

func (r *recorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.writes...)
}

var lineRE = regexp.MustCompile(`^\[(\d+)/(\d+)\] (\S+)\n$`)

// parse splits a line "[k/total] name\n"; ok is false for anything else.
func parse(s string) (k, total int, name string, ok bool) {
	m := lineRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, "", false
	}
	k, _ = strconv.Atoi(m[1])
	total, _ = strconv.Atoi(m[2])
	return k, total, m[3], true
}

// hammer has workers goroutines report items items each, at once, and
// returns the names they reported.
func hammer(p *progress.Printer, workers, items int) map[string]bool {
	names := map[string]bool{}
	for w := range workers {
		for i := range items {
			names[fmt.Sprintf("w%d-item%d", w, i)] = true
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			<-start
			for i := range items {
				p.Done(fmt.Sprintf("w%d-item%d", w, i))
			}
		})
	}
	close(start)
	wg.Wait()
	return names
}

// TestWholeLines: eight goroutines report 50 items each. Every call of
// Write is one whole line, and every item has its line.
func TestWholeLines(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 400)
	names := hammer(p, 8, 50)
	writes := rec.all()
	if len(writes) != 400 {
		t.Errorf("Write was called %d times for 400 items, want 400 (one per line)", len(writes))
	}
	for _, w := range writes {
		_, total, name, ok := parse(w)
		if !ok || total != 400 {
			t.Fatalf("Write(%q): want one whole line \"[k/400] name\\n\"", w)
		}
		if !names[name] {
			t.Fatalf("line %q: unknown or repeated item", w)
		}
		delete(names, name)
	}
	if len(names) != 0 {
		t.Errorf("%d items have no line", len(names))
	}
}

// TestCountsInOrder: the counts in the lines, in the order they were
// written, are 1, 2, 3, … 400.
func TestCountsInOrder(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 400)
	hammer(p, 8, 50)
	for i, w := range rec.all() {
		k, _, _, ok := parse(w)
		if !ok || k != i+1 {
			t.Fatalf("write %d is %q, want the line of item %d", i+1, w, i+1)
		}
	}
	if n := p.Count(); n != 400 {
		t.Errorf("Count() = %d, want 400", n)
	}
}

// TestNoConcurrentWrites: Write is never called while another call of it
// is in progress (the writer need not be safe for concurrent use).
func TestNoConcurrentWrites(t *testing.T) {
	var rec recorder
	p := progress.New(&rec, 800)
	hammer(p, 16, 50)
	if rec.overlap.Load() {
		t.Errorf("two calls of Write overlapped")
	}
}
