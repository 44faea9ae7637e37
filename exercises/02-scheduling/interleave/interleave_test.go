package interleave

import (
	"testing"
)

func TestPossible(t *testing.T) {
	for _, c := range []struct {
		k, n int
		want uint64
	}{
		{1, 5, 1},
		{2, 1, 2},
		{2, 3, 20},
		{3, 1, 6},
		{3, 2, 90},
		{4, 3, 369600},
	} {
		got, ok := Possible(c.k, c.n)
		if !ok || got != c.want {
			t.Errorf("Possible(%d, %d) = %d, %v; want %d, true", c.k, c.n, got, ok, c.want)
		}
	}
}

func TestLegal(t *testing.T) {
	for _, c := range []struct {
		order string
		k, n  int
		want  bool
	}{
		{"AABB", 2, 2, true},
		{"ABAB", 2, 2, true},
		{"BBAA", 2, 2, true},
		{"AAAB", 2, 2, false},
		{"ABA", 2, 2, false},
		{"ABCABC", 3, 2, true},
		{"ABCABD", 3, 2, false},
	} {
		if got := Legal(c.order, c.k, c.n); got != c.want {
			t.Errorf("Legal(%q, %d, %d) = %v, want %v", c.order, c.k, c.n, got, c.want)
		}
	}
}

func TestObserveOne(t *testing.T) {
	got := Observe(10, 1, 3, func(g, s int) {})
	if len(got) != 1 || got["AAA"] != 10 {
		t.Errorf("one goroutine of 3 steps, 10 trials: %v, want map[AAA:10]", got)
	}
}

// TestObserveRace runs three goroutines of four steps, 300 times: every
// order is legal, the counts add up, and the race detector finds nothing.
func TestObserveRace(t *testing.T) {
	got := Observe(300, 3, 4, func(g, s int) {})
	total := 0
	for order, n := range got {
		if !Legal(order, 3, 4) {
			t.Errorf("impossible order %q", order)
		}
		total += n
	}
	if total != 300 {
		t.Errorf("counts add up to %d, want 300", total)
	}
	if max, _ := Possible(3, 4); uint64(len(got)) > max {
		t.Errorf("%d distinct orders, more than the %d possible", len(got), max)
	}
}
