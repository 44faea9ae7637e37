// Package parsum adds up a long series on several cores, with a bounded
// number of goroutines and an answer that does not depend on how many.
package parsum

// Sum returns term(0) + term(1) + ... + term(n-1), added in chunks.
//
// The indices [0, n) are cut into consecutive chunks of chunk indices each
// (the last chunk may be shorter). A chunk's partial sum starts at 0 and
// adds its terms in index order; the result starts at 0 and adds the
// partial sums in chunk order. Sum calls term exactly once for each index,
// from at most workers goroutines at the same time, and returns only after
// every call has returned. A chunk or a workers below 1 counts as 1; n ≤ 0
// gives 0 without calling term.
//
// This version is correct but serial: it ignores workers. Make it compute
// the chunks on up to workers goroutines at once, keeping every one of them
// busy while chunks remain, and keep the answer the same to the last bit.
func Sum(n, chunk, workers int, term func(i int) float64) float64 {
	chunk = max(chunk, 1)
	total := 0.0
	for lo := 0; lo < n; lo += chunk {
		s := 0.0
		for i := lo; i < min(lo+chunk, n); i++ {
			s += term(i)
		}
		total += s
	}
	return total
}
