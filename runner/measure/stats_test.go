package measure

import (
	"math"
	"reflect"
	"testing"
	"time"

	"workbook/runner/job"
)

const ms = time.Millisecond

// run builds a synthetic sample: wall, user and sys in milliseconds.
func run(wall, user, sys int, rss int64, metrics ...Metric) Sample {
	s := Sample{Wall: time.Duration(wall) * ms, User: time.Duration(user) * ms, Sys: time.Duration(sys) * ms, MaxRSS: rss}
	if len(metrics) > 0 {
		s.Metrics = map[string]Metric{}
		for i, m := range metrics {
			s.Metrics[[]string{"a", "b", "c"}[i]] = m
		}
	}
	return s
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		samples []Sample
		want    Stats
	}{
		{"none", nil, Stats{}},
		{
			"one",
			[]Sample{run(100, 150, 50, 1000)},
			Stats{N: 1, Median: 100 * ms, Min: 100 * ms, Max: 100 * ms, CPUPerWall: 2, MaxRSS: 1000},
		},
		{
			"odd count, unsorted, outlier does not move the median",
			[]Sample{run(120, 120, 0, 30), run(100, 100, 0, 10), run(900, 90, 0, 20)},
			Stats{N: 3, Median: 120 * ms, Min: 100 * ms, Max: 900 * ms, CPUPerWall: 1, MaxRSS: 20},
		},
		{
			"even count: mean of the middle two",
			[]Sample{run(100, 100, 0, 10), run(300, 300, 0, 40), run(200, 100, 0, 20), run(400, 100, 0, 30)},
			// ratios 1, 1, 0.5, 0.25 → median (0.5+1)/2; RSS 10,20,30,40 → 25
			Stats{N: 4, Median: 250 * ms, Min: 100 * ms, Max: 400 * ms, CPUPerWall: 0.75, MaxRSS: 25},
		},
		{
			"zero wall has no ratio but counts for wall",
			[]Sample{run(0, 0, 0, 0), run(100, 200, 0, 0), run(100, 100, 100, 0)},
			Stats{N: 3, Median: 100 * ms, Min: 0, Max: 100 * ms, CPUPerWall: 2, MaxRSS: 0},
		},
		{
			"cpu per wall is a median of ratios, not a ratio of sums",
			// ratios 4, 1, 1: median 1; sums would give 1.6
			[]Sample{run(10, 40, 0, 0), run(100, 100, 0, 0), run(40, 40, 0, 0)},
			Stats{N: 3, Median: 40 * ms, Min: 10 * ms, Max: 100 * ms, CPUPerWall: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summarize(tt.samples); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Summarize =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestSummarizeMetrics(t *testing.T) {
	samples := []Sample{
		run(1, 0, 0, 0, Metric{30, "ns/op"}, Metric{1, ""}),
		run(1, 0, 0, 0, Metric{10, "ns/op"}),
		run(1, 0, 0, 0, Metric{20, "us/op"}, Metric{3, ""}),
		run(1, 0, 0, 0),
	}
	got := Summarize(samples).Metrics
	want := map[string]MetricStats{
		"a": {Unit: "ns/op", N: 3, Median: 20, Min: 10, Max: 30},
		"b": {N: 2, Median: 2, Min: 1, Max: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("metrics = %+v, want %+v", got, want)
	}
	if m := Summarize([]Sample{run(1, 0, 0, 0)}).Metrics; m != nil {
		t.Errorf("metrics without METRIC lines = %v, want nil", m)
	}
}

func TestSummarizeKeepsSamples(t *testing.T) {
	samples := []Sample{run(300, 0, 0, 0), run(100, 0, 0, 0), run(200, 0, 0, 0)}
	Summarize(samples)
	if samples[0].Wall != 300*ms || samples[1].Wall != 100*ms {
		t.Errorf("Summarize reordered its input: %v", samples)
	}
}

func TestMedianEvenDoesNotOverflow(t *testing.T) {
	big := time.Duration(math.MaxInt64 - 1)
	if got := median([]time.Duration{big, big}); got != big {
		t.Errorf("median of two huge durations = %d, want %d", got, big)
	}
	if got := median([]int64{3, 4}); got != 3 {
		t.Errorf("median(3, 4) = %d, want 3 (truncated 3.5)", got)
	}
}

func TestSpread(t *testing.T) {
	tests := []struct {
		medians []time.Duration
		want    float64
	}{
		{nil, 0},
		{[]time.Duration{100}, 1},
		{[]time.Duration{100, 110, 105, 120, 100}, 1.2},
		{[]time.Duration{0, 100}, 0},
	}
	for _, tt := range tests {
		if got := Spread(tt.medians); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Spread(%v) = %v, want %v", tt.medians, got, tt.want)
		}
	}
}

func TestSampleFrom(t *testing.T) {
	m := map[string]Metric{"x": {1, "B"}}
	got := SampleFrom(job.Result{Wall: 3, UserCPU: 2, SysCPU: 1, MaxRSS: 7, Stdout: "ignored"}, m)
	want := Sample{Wall: 3, User: 2, Sys: 1, MaxRSS: 7, Metrics: m}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SampleFrom = %+v, want %+v", got, want)
	}
}
