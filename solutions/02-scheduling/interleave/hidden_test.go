package interleave

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestObserveConcurrent: on synctest's fake clock, A's steps take 2s and
// B's 3s. Running together, A finishes steps at 2s and 4s, B at 3s and 6s:
// the order is ABAB in every trial, and three trials take 18s. (One after
// the other, it would be AABB and 30s.)
func TestObserveConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		got := Observe(3, 2, 2, func(g, s int) {
			time.Sleep(time.Duration(g+2) * time.Second)
		})
		if len(got) != 1 || got["ABAB"] != 3 {
			t.Errorf("orders %v, want map[ABAB:3]", got)
		}
		if d := time.Since(start); d != 18*time.Second {
			t.Errorf("three trials took %v, want 18s", d)
		}
	})
}

// TestStartTogether: C's single step takes 1s, B's 2s, A's 3s. Only if the
// three goroutines start at the same moment is the order CBA.
func TestStartTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := Observe(4, 3, 1, func(g, s int) {
			time.Sleep(time.Duration(3-g) * time.Second)
		})
		if len(got) != 1 || got["CBA"] != 4 {
			t.Errorf("orders %v, want map[CBA:4]", got)
		}
	})
}

// TestTrialsDoNotOverlap: at most k goroutines are inside work at once,
// so a trial ends before the next begins.
func TestTrialsDoNotOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inside, peak atomic.Int32
		Observe(5, 3, 2, func(g, s int) {
			n := inside.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Duration(g+1) * time.Second)
			inside.Add(-1)
		})
		if p := peak.Load(); p != 3 {
			t.Errorf("%d steps ran at once, want 3 (all of one trial, none of the next)", p)
		}
	})
}

func TestPossibleLimits(t *testing.T) {
	for _, c := range []struct {
		k, n int
		want uint64
		ok   bool
	}{
		{2, 0, 1, true},
		{26, 1, 0, false}, // 26! does not fit
		{20, 1, 2432902008176640000, true},
		{21, 1, 0, false},
		{2, 33, 7219428434016265740, true},
		{2, 34, 0, false},
		{10, 10, 0, false},
	} {
		got, ok := Possible(c.k, c.n)
		if got != c.want || ok != c.ok {
			t.Errorf("Possible(%d, %d) = %d, %v; want %d, %v", c.k, c.n, got, ok, c.want, c.ok)
		}
	}
}

func TestLegalMore(t *testing.T) {
	for _, c := range []struct {
		order string
		k, n  int
		want  bool
	}{
		{"", 2, 0, true},
		{"Z", 26, 1, false},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26, 1, true},
		{"ZYXWVUTSRQPONMLKJIHGFEDCBA", 26, 1, true},
		{"AB@", 3, 1, false},
		{"abab", 2, 2, false},
		{"AABBC", 2, 2, false},
	} {
		if got := Legal(c.order, c.k, c.n); got != c.want {
			t.Errorf("Legal(%q, %d, %d) = %v, want %v", c.order, c.k, c.n, got, c.want)
		}
	}
}
