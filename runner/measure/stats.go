package measure

import (
	"slices"
	"time"

	"workbook/runner/job"
)

// Sample is one measured run of a snippet, as the operating system reported
// it (wait4's rusage) plus the metrics the snippet printed.
type Sample struct {
	Wall    time.Duration     `json:"wall"`              // the run, without the build
	User    time.Duration     `json:"user"`              // user CPU time of the process
	Sys     time.Duration     `json:"sys"`               // system CPU time of the process
	MaxRSS  int64             `json:"max_rss"`           // peak resident set, bytes
	Metrics map[string]Metric `json:"metrics,omitempty"` // METRIC lines of this run, by name
}

// SampleFrom is the sample of one engine run whose stdout held metrics
// (see SplitMetrics).
func SampleFrom(r job.Result, metrics map[string]Metric) Sample {
	return Sample{
		Wall:    r.Wall,
		User:    r.UserCPU,
		Sys:     r.SysCPU,
		MaxRSS:  r.MaxRSS,
		Metrics: metrics,
	}
}

// Stats summarises the samples of one measurement (one snippet, or one
// point of a sweep). Claims are judged on these numbers, never on one run.
type Stats struct {
	N      int           `json:"n"`      // number of samples
	Median time.Duration `json:"median"` // median wall time
	Min    time.Duration `json:"min"`    // fastest run
	Max    time.Duration `json:"max"`    // slowest run
	// CPUPerWall is the median over runs of (user+sys)/wall: the
	// parallelism achieved. 1 is one busy core; 2 on a two-core machine
	// is both cores busy for the whole run; below 1 the run waited.
	CPUPerWall float64 `json:"cpu_per_wall"`
	// MaxRSS is the median peak resident set, bytes.
	MaxRSS int64 `json:"max_rss"`
	// Metrics summarises each metric over the runs that reported it.
	Metrics map[string]MetricStats `json:"metrics,omitempty"`
}

// MetricStats summarises one metric over the runs of a measurement.
type MetricStats struct {
	Unit   string  `json:"unit,omitempty"` // the unit of the first run that reported it
	N      int     `json:"n"`              // runs that reported it
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summarize computes the statistics of samples. The median of an even
// number of values is the mean of the two middle ones. Runs with a zero
// wall time have no CPU/wall ratio and are left out of CPUPerWall only.
// No samples give the zero Stats.
func Summarize(samples []Sample) Stats {
	if len(samples) == 0 {
		return Stats{}
	}
	walls := make([]time.Duration, 0, len(samples))
	rss := make([]int64, 0, len(samples))
	ratios := make([]float64, 0, len(samples))
	for _, s := range samples {
		walls = append(walls, s.Wall)
		rss = append(rss, s.MaxRSS)
		if s.Wall > 0 {
			ratios = append(ratios, float64(s.User+s.Sys)/float64(s.Wall))
		}
	}
	slices.Sort(walls)
	slices.Sort(rss)
	return Stats{
		N:          len(samples),
		Median:     median(walls),
		Min:        walls[0],
		Max:        walls[len(walls)-1],
		CPUPerWall: medianFloat(ratios),
		MaxRSS:     median(rss),
		Metrics:    summarizeMetrics(samples),
	}
}

// summarizeMetrics gathers each metric's values over the samples, in
// sample order, and summarises them.
func summarizeMetrics(samples []Sample) map[string]MetricStats {
	values := map[string][]float64{}
	units := map[string]string{}
	for _, s := range samples {
		for name, m := range s.Metrics {
			if _, seen := units[name]; !seen {
				units[name] = m.Unit
			}
			values[name] = append(values[name], m.Value)
		}
	}
	if len(values) == 0 {
		return nil
	}
	out := make(map[string]MetricStats, len(values))
	for name, vs := range values {
		slices.Sort(vs)
		out[name] = MetricStats{
			Unit:   units[name],
			N:      len(vs),
			Median: medianFloat(vs),
			Min:    vs[0],
			Max:    vs[len(vs)-1],
		}
	}
	return out
}

// median returns the median of values, which must be sorted; 0 for none.
func median[T time.Duration | int64](sorted []T) T {
	n := len(sorted)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return sorted[n/2]
	}
	// a/2 + b/2 (plus the lost halves) cannot overflow where (a+b)/2 could.
	a, b := sorted[n/2-1], sorted[n/2]
	return a/2 + b/2 + (a%2+b%2)/2
}

// medianFloat returns the median of values (sorting them in place), 0 for
// none.
func medianFloat(values []float64) float64 {
	n := len(values)
	if n == 0 {
		return 0
	}
	slices.Sort(values)
	if n%2 == 1 {
		return values[n/2]
	}
	return (values[n/2-1] + values[n/2]) / 2
}

// Spread is max/min of medians: how far apart repeated measurements of the
// same thing land (1 is perfectly repeatable; the benchmark reports
// it over 5 repeats of a CPU-bound sweep). It is 0, meaning undefined, for
// no medians or a non-positive minimum.
func Spread(medians []time.Duration) float64 {
	if len(medians) == 0 {
		return 0
	}
	lo, hi := slices.Min(medians), slices.Max(medians)
	if lo <= 0 {
		return 0
	}
	return float64(hi) / float64(lo)
}
