// Package loadgen measures how an operation behaves under load: how long
// one call takes (latency) and how many calls complete per second
// (throughput) when a fixed number of callers keep calling it.
package loadgen

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Report is what Run measured.
type Report struct {
	Ops        int           // operations run
	Callers    int           // goroutines that called op
	Elapsed    time.Duration // from the start of Run until the last operation returned
	Throughput float64       // Ops / Elapsed in operations per second; 0 when Elapsed is 0
	Mean       time.Duration // mean latency: the sum of the latencies / Ops
	P50        time.Duration // median latency (nearest rank)
	P99        time.Duration // 99th percentile latency (nearest rank)
	Max        time.Duration // the longest latency
}

// Run calls op(0), op(1), ..., op(n-1), each exactly once, from
// min(callers, n) goroutines (callers below 1 counts as 1). Each caller
// repeatedly takes the lowest index not yet taken, calls op with it and
// times the call, until no index is left; so at most callers operations
// are in progress at once, and exactly that many while indices remain.
// Run returns when every call has returned; n ≤ 0 gives the zero Report.
func Run(n, callers int, op func(i int)) Report {
	if n <= 0 {
		return Report{}
	}
	callers = min(max(callers, 1), n)
	latency := make([]time.Duration, n) // call i writes only latency[i]
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t0 := time.Now()
				op(i)
				latency[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	r := Report{Ops: n, Callers: callers, Elapsed: elapsed}
	if elapsed > 0 {
		r.Throughput = float64(n) / elapsed.Seconds()
	}
	var total time.Duration
	for _, d := range latency {
		total += d
	}
	r.Mean = total / time.Duration(n)
	slices.Sort(latency)
	r.P50 = percentile(latency, 50)
	r.P99 = percentile(latency, 99)
	r.Max = latency[n-1]
	return r
}

// percentile returns the p-th percentile of sorted by the nearest-rank
// method: the smallest value with at least p% of the values at or below it.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n), from 1
	return sorted[max(rank, 1)-1]
}
