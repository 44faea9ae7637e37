// Package parsum adds up a long series on several cores, with a bounded
// number of goroutines and an answer that does not depend on how many.
package parsum

import "sync"

// Sum returns term(0) + term(1) + ... + term(n-1), added in chunks.
//
// The indices [0, n) are cut into consecutive chunks of chunk indices each
// (the last chunk may be shorter). A chunk's partial sum starts at 0 and
// adds its terms in index order; the result starts at 0 and adds the
// partial sums in chunk order. Sum calls term exactly once for each index,
// from at most workers goroutines at the same time, and returns only after
// every call has returned. A chunk or a workers below 1 counts as 1; n ≤ 0
// gives 0 without calling term.
func Sum(n, chunk, workers int, term func(i int) float64) float64 {
	if n <= 0 {
		return 0
	}
	chunk = max(chunk, 1)
	chunks := (n + chunk - 1) / chunk
	workers = min(max(workers, 1), chunks)

	partial := make([]float64, chunks) // chunk c writes only partial[c]
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range next {
				s := 0.0
				for i := c * chunk; i < min((c+1)*chunk, n); i++ {
					s += term(i)
				}
				partial[c] = s
			}
		})
	}
	for c := range chunks {
		next <- c
	}
	close(next)
	wg.Wait()

	total := 0.0
	for _, s := range partial {
		total += s
	}
	return total
}
