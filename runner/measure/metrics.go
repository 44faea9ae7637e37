package measure

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MetricPrefix is the first word of a line by which a snippet reports a
// measurement only it can take (see the package doc).
const MetricPrefix = "METRIC"

// Metric is one value a snippet reported in one run.
type Metric struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
}

// MetricError is a malformed METRIC line. Line is 1-based in the run's
// stdout: the line was printed, not written, so it has no chapter position.
type MetricError struct {
	Line int
	Text string // the line as printed
	Msg  string
}

func (e *MetricError) Error() string {
	return fmt.Sprintf("stdout line %d: %s: %q", e.Line, e.Msg, e.Text)
}

// SplitMetrics separates the METRIC lines of a run's stdout from the rest.
// shown is stdout without them, byte for byte otherwise (it is what the
// reader sees and what the expected output is checked against); metrics
// holds each well-formed line's value by name, nil when there are none.
// A malformed METRIC line, or a second line for a name already reported,
// is an error naming its line, and is kept out of shown as well: it was
// meant as a metric, and showing it would make the output check fail for a
// reason that is not the output's.
func SplitMetrics(stdout string) (shown string, metrics map[string]Metric, errs []error) {
	if !strings.Contains(stdout, MetricPrefix) {
		return stdout, nil, nil
	}
	var b strings.Builder
	b.Grow(len(stdout))
	first := map[string]int{} // name → line that reported it
	n := 0
	for rest := stdout; rest != ""; {
		line, tail, _ := strings.Cut(rest, "\n")
		raw := rest[:len(rest)-len(tail)] // line with its newline, if any
		rest = tail
		n++
		text := strings.TrimSuffix(line, "\r")
		if !isMetricLine(text) {
			b.WriteString(raw)
			continue
		}
		name, m, err := parseMetric(text)
		if err == nil {
			if l, dup := first[name]; dup {
				err = fmt.Errorf("metric %s already reported on line %d", name, l)
			}
		}
		if err != nil {
			errs = append(errs, &MetricError{Line: n, Text: text, Msg: err.Error()})
			continue
		}
		if metrics == nil {
			metrics = map[string]Metric{}
		}
		first[name] = n
		metrics[name] = m
	}
	return b.String(), metrics, errs
}

// isMetricLine reports whether line's first word is exactly MetricPrefix,
// written at the start of the line. "METRICS: 3" and "  METRIC x=1" are
// ordinary output.
func isMetricLine(line string) bool {
	rest, ok := strings.CutPrefix(line, MetricPrefix)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// parseMetric parses "METRIC name=value [unit]".
func parseMetric(line string) (string, Metric, error) {
	const form = `want "METRIC name=value [unit]"`
	f := strings.Fields(line)[1:]
	switch {
	case len(f) == 0:
		return "", Metric{}, fmt.Errorf("no measurement after METRIC (%s)", form)
	case len(f) > 2:
		return "", Metric{}, fmt.Errorf("unexpected %q after the unit (%s)", strings.Join(f[2:], " "), form)
	}
	name, value, ok := strings.Cut(f[0], "=")
	if !ok {
		return "", Metric{}, fmt.Errorf("no '=' in %q (%s)", f[0], form)
	}
	if !validMetricName(name) {
		return "", Metric{}, fmt.Errorf("bad metric name %q: want letters, digits, '_', '.', '-'", name)
	}
	v, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return "", Metric{}, fmt.Errorf("value %q of %s is not a number", value, name)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		// A median of NaN is meaningless and JSON cannot carry it.
		return "", Metric{}, fmt.Errorf("value %q of %s is not finite", value, name)
	}
	m := Metric{Value: v}
	if len(f) == 2 {
		m.Unit = f[1]
	}
	return name, m, nil
}

// validMetricName reports whether name matches [A-Za-z0-9_.-]+.
func validMetricName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !isNameByte(r) {
			return false
		}
	}
	return true
}

func isNameByte(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '_' || r == '.' || r == '-'
}
