package measure

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestSplitMetrics(t *testing.T) {
	tests := []struct {
		name    string
		stdout  string
		shown   string
		metrics map[string]Metric
		errs    []string // substrings, one per error, in order
	}{
		{name: "empty"},
		{name: "no metrics", stdout: "hello\nworld", shown: "hello\nworld"},
		{
			name:    "one metric with unit",
			stdout:  "start\nMETRIC ns_per_op=123.5 ns/op\nend\n",
			shown:   "start\nend\n",
			metrics: map[string]Metric{"ns_per_op": {123.5, "ns/op"}},
		},
		{
			name:    "unit optional, last line without newline",
			stdout:  "a\nMETRIC goroutines=10000",
			shown:   "a\n",
			metrics: map[string]Metric{"goroutines": {10000, ""}},
		},
		{
			name:    "name characters, exponent, negative, tabs, CRLF",
			stdout:  "METRIC\tp99.latency-ms_2=1.5e3\tms\r\nMETRIC delta=-0.25\r\nkept\r\n",
			shown:   "kept\r\n",
			metrics: map[string]Metric{"p99.latency-ms_2": {1500, "ms"}, "delta": {-0.25, ""}},
		},
		{
			name:   "look-alikes are output",
			stdout: "METRICS: 3\n  METRIC x=1\nmetric y=2\nMETRIC_z=3\n",
			shown:  "METRICS: 3\n  METRIC x=1\nmetric y=2\nMETRIC_z=3\n",
		},
		{
			name:   "malformed lines are errors and are not shown",
			stdout: "ok\nMETRIC\nMETRIC x\nMETRIC x=abc\nMETRIC x=1 ns extra\nMETRIC b@d=1\nMETRIC x=NaN\nMETRIC =1\n",
			shown:  "ok\n",
			errs: []string{
				`stdout line 2: no measurement after METRIC`,
				`stdout line 3: no '=' in "x"`,
				`stdout line 4: value "abc" of x is not a number`,
				`stdout line 5: unexpected "extra" after the unit`,
				`stdout line 6: bad metric name "b@d"`,
				`stdout line 7: value "NaN" of x is not finite`,
				`stdout line 8: bad metric name ""`,
			},
		},
		{
			name:    "a name twice: the first counts",
			stdout:  "METRIC x=1\nMETRIC x=2\n",
			metrics: map[string]Metric{"x": {1, ""}},
			errs:    []string{`stdout line 2: metric x already reported on line 1`},
		},
		{
			name:    "blank lines are kept",
			stdout:  "\n\nMETRIC x=1\n\n",
			shown:   "\n\n\n",
			metrics: map[string]Metric{"x": {1, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, metrics, errs := SplitMetrics(tt.stdout)
			if shown != tt.shown {
				t.Errorf("shown = %q, want %q", shown, tt.shown)
			}
			if !reflect.DeepEqual(metrics, tt.metrics) {
				t.Errorf("metrics = %v, want %v", metrics, tt.metrics)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors = %v, want %d", errs, len(tt.errs))
			}
			for i, err := range errs {
				if !strings.Contains(err.Error(), tt.errs[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, err, tt.errs[i])
				}
			}
		})
	}
}

func TestMetricErrorCarriesLine(t *testing.T) {
	_, _, errs := SplitMetrics("a\nb\nMETRIC oops\n")
	var me *MetricError
	if len(errs) != 1 || !errors.As(errs[0], &me) {
		t.Fatalf("errs = %v, want one *MetricError", errs)
	}
	if me.Line != 3 || me.Text != "METRIC oops" {
		t.Errorf("MetricError = %+v, want line 3 text %q", me, "METRIC oops")
	}
}
