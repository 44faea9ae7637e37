// Package loadgen measures how an operation behaves under load: how long
// one call takes (latency) and how many calls complete per second
// (throughput) when a fixed number of callers keep calling it.
package loadgen

import "time"

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
//
// This version calls op from one goroutine, one call after another, and
// does not time the calls. Make it use the callers, and fill in the
// latency statistics.
func Run(n, callers int, op func(i int)) Report {
	if n <= 0 {
		return Report{}
	}
	start := time.Now()
	for i := range n {
		op(i)
	}
	elapsed := time.Since(start)
	r := Report{Ops: n, Callers: 1, Elapsed: elapsed}
	if elapsed > 0 {
		r.Throughput = float64(n) / elapsed.Seconds()
	}
	// TODO: Mean, P50, P99, Max.
	return r
}
