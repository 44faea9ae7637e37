// Package interleave observes the orders in which concurrent goroutines'
// steps happen, and counts the orders that are possible.
package interleave

import (
	"math"
	"sync"
)

// Observe runs trials trials, one after another. In each, k goroutines
// (1 ≤ k ≤ 26) named 'A', 'B', … start together and take n steps each; a
// step is a call work(g, s), with g the goroutine's number (0 for 'A') and
// s the step's (0 to n−1), after which the goroutine's letter is appended
// to the trial's order. Observe returns how many trials produced each
// order. Every goroutine has returned when Observe returns.
func Observe(trials, k, n int, work func(g, s int)) map[string]int {
	seen := map[string]int{}
	for range trials {
		var mu sync.Mutex
		order := make([]byte, 0, k*n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for g := range k {
			wg.Go(func() {
				<-start
				for s := range n {
					work(g, s)
					mu.Lock()
					order = append(order, byte('A'+g))
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		seen[string(order)]++
	}
	return seen
}

// Possible returns how many distinct orders k goroutines of n steps each
// can produce: (k·n)! / (n!)^k. ok is false when the count does not fit in
// a uint64.
func Possible(k, n int) (count uint64, ok bool) {
	// Place the goroutines' steps one goroutine at a time among the places
	// taken so far: C(n, n) · C(2n, n) · … · C(k·n, n).
	count = 1
	for g := 1; g <= k; g++ {
		c, ok := choose(g*n, n)
		if !ok {
			return 0, false
		}
		if count, ok = mul(count, c); !ok {
			return 0, false
		}
	}
	return count, true
}

// choose returns C(m, r), computed so that every intermediate value is
// itself a binomial coefficient and no product is larger than the result.
func choose(m, r int) (uint64, bool) {
	c := uint64(1)
	for i := 1; i <= r; i++ {
		// c is C(m−r+i−1, i−1), and c·x/i is C(m−r+i, i), exactly. Divide
		// first: with g = gcd(x, i), i/g shares no factor with x/g, so it
		// divides c.
		x, d := uint64(m-r+i), uint64(i)
		g := gcd(x, d)
		x, d = x/g, d/g
		var ok bool
		if c, ok = mul(c/d, x); !ok {
			return 0, false
		}
	}
	return c, true
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mul returns a·b and whether it fits in a uint64.
func mul(a, b uint64) (uint64, bool) {
	if a != 0 && b > math.MaxUint64/a {
		return 0, false
	}
	return a * b, true
}

// Legal reports whether order could come from k goroutines of n steps each:
// exactly n of each letter 'A' … 'A'+k−1, and nothing else.
func Legal(order string, k, n int) bool {
	if len(order) != k*n {
		return false
	}
	counts := make([]int, k)
	for i := 0; i < len(order); i++ {
		g := int(order[i]) - 'A'
		if g < 0 || g >= k {
			return false
		}
		counts[g]++
	}
	for _, c := range counts {
		if c != n {
			return false
		}
	}
	return true
}
