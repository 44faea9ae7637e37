// Package interleave observes the orders in which concurrent goroutines'
// steps happen, and counts the orders that are possible.
package interleave

// Observe runs trials trials, one after another. In each, k goroutines
// (1 ≤ k ≤ 26) named 'A', 'B', … start together and take n steps each; a
// step is a call work(g, s), with g the goroutine's number (0 for 'A') and
// s the step's (0 to n−1), after which the goroutine's letter is appended
// to the trial's order. Observe returns how many trials produced each
// order. Every goroutine has returned when Observe returns.
//
// TODO: this version runs the "goroutines" one after another in the
// calling goroutine, so it only ever sees one order. Run them concurrently.
func Observe(trials, k, n int, work func(g, s int)) map[string]int {
	seen := map[string]int{}
	for range trials {
		var order []byte
		for g := range k {
			for s := range n {
				work(g, s)
				order = append(order, byte('A'+g))
			}
		}
		seen[string(order)]++
	}
	return seen
}

// Possible returns how many distinct orders k goroutines of n steps each
// can produce: (k·n)! / (n!)^k. ok is false when the count does not fit in
// a uint64.
func Possible(k, n int) (count uint64, ok bool) {
	// TODO
	return 0, false
}

// Legal reports whether order could come from k goroutines of n steps each:
// exactly n of each letter 'A' … 'A'+k−1, and nothing else.
func Legal(order string, k, n int) bool {
	// TODO
	return false
}
