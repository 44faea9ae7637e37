package measure

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func ref(v string, n int) *PointRef { return &PointRef{Var: v, Value: n} }

func TestParseClaims(t *testing.T) {
	tests := []struct {
		in   string
		want []Claim
	}{
		{"speedup(GOMAXPROCS=2) >= 1.5", []Claim{
			{Text: "speedup(GOMAXPROCS=2) >= 1.5", Col: 1, Quantity: QSpeedup, At: ref("GOMAXPROCS", 2), Op: ">=", Threshold: 1.5},
		}},
		{"efficiency(workers=4) > 0.6", []Claim{
			{Text: "efficiency(workers=4) > 0.6", Col: 1, Quantity: QEfficiency, At: ref("workers", 4), Op: ">", Threshold: 0.6},
		}},
		{"cpu_per_wall(GOMAXPROCS=2) >= 1.6", []Claim{
			{Text: "cpu_per_wall(GOMAXPROCS=2) >= 1.6", Col: 1, Quantity: QCPUPerWall, At: ref("GOMAXPROCS", 2), Op: ">=", Threshold: 1.6},
		}},
		{"speedup(baseline) >= 2", []Claim{
			{Text: "speedup(baseline) >= 2", Col: 1, Quantity: QSpeedup, Baseline: true, Op: ">=", Threshold: 2},
		}},
		{"metric(ns_per_op) < 100", []Claim{
			{Text: "metric(ns_per_op) < 100", Col: 1, Quantity: QMetric, Metric: "ns_per_op", Op: "<", Threshold: 100},
		}},
		{"cpu_per_wall<=1.2", []Claim{
			{Text: "cpu_per_wall<=1.2", Col: 1, Quantity: QCPUPerWall, Op: "<=", Threshold: 1.2},
		}},
		{"cpu_per_wall( ) <= 1.2", []Claim{
			{Text: "cpu_per_wall( ) <= 1.2", Col: 1, Quantity: QCPUPerWall, Op: "<=", Threshold: 1.2},
		}},
		{"speedup( baseline , workers = ncpu ) >= 1e1", []Claim{
			{Text: "speedup( baseline , workers = ncpu ) >= 1e1", Col: 1, Quantity: QSpeedup, Baseline: true,
				At: &PointRef{Var: "workers", NCPU: true}, Op: ">=", Threshold: 10},
		}},
		{"metric(p99.lat-ms, GOMAXPROCS=8) < 2.5", []Claim{
			{Text: "metric(p99.lat-ms, GOMAXPROCS=8) < 2.5", Col: 1, Quantity: QMetric, Metric: "p99.lat-ms",
				At: ref("GOMAXPROCS", 8), Op: "<", Threshold: 2.5},
		}},
		{"metric(baseline) > -1", []Claim{ // a metric may be called baseline
			{Text: "metric(baseline) > -1", Col: 1, Quantity: QMetric, Metric: "baseline", Op: ">", Threshold: -1},
		}},
		{"speedup(baselines=2) > 1", []Claim{ // a variable may start with "baseline"
			{Text: "speedup(baselines=2) > 1", Col: 1, Quantity: QSpeedup, At: ref("baselines", 2), Op: ">", Threshold: 1},
		}},
		{"speedup(GOMAXPROCS=2) >= 1.5; cpu_per_wall(GOMAXPROCS=2) >= 1.6 &&  efficiency(GOMAXPROCS=2) > .7", []Claim{
			{Text: "speedup(GOMAXPROCS=2) >= 1.5", Col: 1, Quantity: QSpeedup, At: ref("GOMAXPROCS", 2), Op: ">=", Threshold: 1.5},
			{Text: "cpu_per_wall(GOMAXPROCS=2) >= 1.6", Col: 31, Quantity: QCPUPerWall, At: ref("GOMAXPROCS", 2), Op: ">=", Threshold: 1.6},
			{Text: "efficiency(GOMAXPROCS=2) > .7", Col: 69, Quantity: QEfficiency, At: ref("GOMAXPROCS", 2), Op: ">", Threshold: 0.7},
		}},
	}
	for _, tt := range tests {
		got, err := ParseClaims(tt.in)
		if err != nil {
			t.Errorf("ParseClaims(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseClaims(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
		}
		for i, c := range got {
			if tt.in[c.Col-1:][:len(c.Text)] != c.Text {
				t.Errorf("claim %d: Col %d does not point at %q", i, c.Col, c.Text)
			}
		}
	}
}

func TestParseClaimsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `column 1: empty claim`},
		{"speedup(GOMAXPROCS=2) >= 1.5;", `column 30: empty claim`},
		{"a >= 1 && ;", "column 1: want speedup, efficiency, cpu_per_wall or metric, found \"a >= 1\"\ncolumn 11: empty claim\ncolumn 12: empty claim"},
		{"  speed(GOMAXPROCS=2) >= 1", `column 3: want speedup, efficiency, cpu_per_wall or metric, found "speed(GOMAXP…"`},
		{"speedup GOMAXPROCS=2 >= 1", `column 9: want '(' after speedup, found "GOMAXPROCS=2…"`},
		{"speedup() >= 1", `column 9: want a sweep point such as GOMAXPROCS=2, found ") >= 1"`},
		{"speedup(GOMAXPROCS) >= 1", `column 19: want '=' after GOMAXPROCS, found ") >= 1"`},
		{"speedup(GOMAXPROCS=0) >= 1", `column 20: want a positive integer or ncpu after GOMAXPROCS=, found "0) >= 1"`},
		{"speedup(GOMAXPROCS=two) >= 1", `column 20: want a positive integer or ncpu after GOMAXPROCS=`},
		{"speedup(GOMAXPROCS=2 >= 1", `column 22: want ')' to close speedup(, found ">= 1"`},
		{"speedup(GOMAXPROCS=2) = 1.5", `column 23: want a comparison (>=, >, <=, <), found "= 1.5"`},
		{"speedup(GOMAXPROCS=2) == 1.5", `column 23: want a comparison (>=, >, <=, <), found "== 1.5"`},
		{"speedup(GOMAXPROCS=2) >=", `column 25: want a number after >=, found end of claim`},
		{"speedup(GOMAXPROCS=2) >= fast", `column 26: want a number after >=, found "fast"`},
		{"speedup(GOMAXPROCS=2) >= NaN", `column 26: want a number after >=, found "NaN"`},
		{"speedup(GOMAXPROCS=2) >= 1.5x", `column 26: want a number after >=, found "1.5x"`},
		{"speedup(GOMAXPROCS=2) >= 1.5 2", `column 30: unexpected "2" after the claim`},
		{"efficiency(baseline) > 1", `column 20: want '=' after baseline`},
		{"metric() < 1", `column 8: want a metric name`},
		{"metric(x y) < 1", `column 10: want ')' to close metric(, found "y) < 1"`},
		{"cpu_per_wall(2) > 1", `column 14: want a sweep point such as GOMAXPROCS=2, found "2) > 1"`},
	}
	for _, tt := range tests {
		claims, err := ParseClaims(tt.in)
		if err == nil {
			t.Errorf("ParseClaims(%q) = %+v, want error %q", tt.in, claims, tt.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseClaims(%q) error =\n%s\nwant prefix\n%s", tt.in, err, tt.want)
		}
		var ae *AttrError
		if !errors.As(err, &ae) {
			t.Errorf("ParseClaims(%q): error is not an *AttrError", tt.in)
		}
	}
}

var (
	gomaxprocs = &Sweep{Var: "GOMAXPROCS", Values: []int{1, 2, 4}}
	gogc       = &Sweep{Var: "GOGC", Values: []int{50, 100, 200}}
)

func TestCheck(t *testing.T) {
	tests := []struct {
		claim    string
		sweep    *Sweep
		baseline bool
		want     string // "" for no error
	}{
		{"speedup(GOMAXPROCS=2) >= 1.5", gomaxprocs, false, ""},
		{"speedup(gomaxprocs=4) >= 1.5", gomaxprocs, false, ""},
		{"speedup(GOMAXPROCS=ncpu) >= 1.5", gomaxprocs, false, ""},
		{"speedup(baseline) >= 2", nil, true, ""},
		{"speedup(baseline, GOMAXPROCS=4) >= 2", gomaxprocs, true, ""},
		{"metric(x) < 1; cpu_per_wall < 1", nil, false, ""},
		{"speedup(GOGC=200) > 1.1", gogc, false, ""},
		{"speedup(baseline) >= 2", nil, false, "column 1: speedup(baseline) >= 2: speedup(baseline) needs a baseline=ID attribute"},
		{"speedup(GOMAXPROCS=2) >= 1.5", nil, false, "names GOMAXPROCS=2 but the snippet has no sweep"},
		{"speedup(workers=2) >= 1.5", gomaxprocs, false, "names workers but the sweep is over GOMAXPROCS"},
		{"speedup(GOMAXPROCS=8) >= 1.5", gomaxprocs, false, "GOMAXPROCS=8 is not in the sweep (1, 2, 4)"},
		{"x; cpu_per_wall >= 1", gomaxprocs, false, "the snippet is swept over GOMAXPROCS: name a point, as in GOMAXPROCS=1"},
		{"metric(x) < 1", gomaxprocs, false, "name a point"},
		{"speedup(baseline) > 1", gomaxprocs, true, "name a point"},
		{"speedup(GOMAXPROCS=1) > 0.5", &Sweep{Var: "GOMAXPROCS"}, false, "the sweep has no values"},
		{"efficiency(GOGC=100) > 0.5", gogc, false, "efficiency needs a sweep over GOMAXPROCS or workers, not GOGC"},
	}
	for _, tt := range tests {
		in, _ := strings.CutPrefix(tt.claim, "x; ")
		claims, err := ParseClaims(in)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckClaims(claims, tt.sweep, tt.baseline)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckClaims(%q): %v", tt.claim, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckClaims(%q) = %v, want %q", tt.claim, err, tt.want)
		}
	}
}

// sweptEnv is a two-core host with a GOMAXPROCS=1,2,4 sweep: 2 cores give a
// speed-up of 1.8, 4 (oversubscribed) no more.
func sweptEnv() ClaimEnv {
	one, two, four := wall(1000), wall(1000/1.8), wall(1000/1.8)
	one.CPUPerWall, two.CPUPerWall, four.CPUPerWall = 1, 1.9, 1.95
	two.Metrics = map[string]MetricStats{"ns_per_op": {Median: 80, N: 5}}
	return ClaimEnv{
		Cores:  2,
		Sweep:  gomaxprocs,
		Points: Table(*gomaxprocs, []Stats{one, two, four}),
	}
}

func plainEnv() ClaimEnv {
	st := wall(500)
	st.CPUPerWall = 0.98
	st.Metrics = map[string]MetricStats{"ns_per_op": {Median: 1234.5, N: 5}}
	base := wall(2000)
	return ClaimEnv{Cores: 2, Stats: &st, Baseline: &base}
}

func TestEval(t *testing.T) {
	noRuns := plainEnv()
	noRuns.Stats = &Stats{}
	tests := []struct {
		claim string
		env   ClaimEnv
		want  ClaimResult // Claim is filled in from claim
	}{
		{"speedup(GOMAXPROCS=2) >= 1.5", sweptEnv(), ClaimResult{Pass: true, Value: 1.8, Reason: "speedup(GOMAXPROCS=2) is 1.8, want >= 1.5"}},
		{"speedup(GOMAXPROCS=2) >= 1.9", sweptEnv(), ClaimResult{Value: 1.8, Reason: "speedup(GOMAXPROCS=2) is 1.8, want >= 1.9"}},
		{"efficiency(GOMAXPROCS=2) > 0.85", sweptEnv(), ClaimResult{Pass: true, Value: 0.9, Reason: "efficiency(GOMAXPROCS=2) is 0.9, want > 0.85"}},
		{"cpu_per_wall(GOMAXPROCS=2) >= 1.6", sweptEnv(), ClaimResult{Pass: true, Value: 1.9, Reason: "cpu_per_wall(GOMAXPROCS=2) is 1.9, want >= 1.6"}},
		{"speedup(GOMAXPROCS=ncpu) >= 1.5", sweptEnv(), ClaimResult{Pass: true, Value: 1.8, Reason: "speedup(GOMAXPROCS=2) is 1.8, want >= 1.5"}},
		{"metric(ns_per_op, GOMAXPROCS=2) < 100", sweptEnv(), ClaimResult{Pass: true, Value: 80, Reason: "metric(ns_per_op, GOMAXPROCS=2) is 80, want < 100"}},
		{"speedup(GOMAXPROCS=4) >= 3", sweptEnv(), ClaimResult{Skipped: true, Reason: "needs 4 cores, this machine has 2"}},
		{"cpu_per_wall(GOMAXPROCS=4) <= 2", sweptEnv(), ClaimResult{Skipped: true, Reason: "needs 4 cores, this machine has 2"}},
		{"speedup(GOMAXPROCS=2) >= 1.5", ClaimEnv{Sweep: gomaxprocs}, ClaimResult{Skipped: true, Reason: "needs 2 cores, this machine's core count is unknown"}},
		{"speedup(GOMAXPROCS=1) >= 1", ClaimEnv{Cores: 1, Sweep: gomaxprocs}, ClaimResult{Reason: "speedup(GOMAXPROCS=1) >= 1: no measurement at GOMAXPROCS=1"}},
		{"metric(missing, GOMAXPROCS=2) < 1", sweptEnv(), ClaimResult{Reason: "metric(missing, GOMAXPROCS=2) < 1: metric missing was not reported"}},
		{"speedup(GOMAXPROCS=8) >= 1", sweptEnv(), ClaimResult{Reason: "speedup(GOMAXPROCS=8) >= 1: GOMAXPROCS=8 is not in the sweep (1, 2, 4)"}},
		{"cpu_per_wall > 0.5", sweptEnv(), ClaimResult{Reason: "cpu_per_wall > 0.5: the snippet is swept over GOMAXPROCS: name a point, as in GOMAXPROCS=1"}},

		{"speedup(baseline) >= 2", plainEnv(), ClaimResult{Pass: true, Value: 4, Reason: "speedup(baseline) is 4, want >= 2"}},
		{"cpu_per_wall < 1.2", plainEnv(), ClaimResult{Pass: true, Value: 0.98, Reason: "cpu_per_wall() is 0.98, want < 1.2"}},
		{"metric(ns_per_op) < 1000", plainEnv(), ClaimResult{Value: 1234.5, Reason: "metric(ns_per_op) is 1234, want < 1000"}},
		{"cpu_per_wall >= 1", plainEnv(), ClaimResult{Value: 0.98, Reason: "cpu_per_wall() is 0.98, want >= 1"}},
		{"cpu_per_wall >= 1", noRuns, ClaimResult{Reason: "cpu_per_wall >= 1: no runs were measured"}},
		{"speedup(baseline) >= 2", ClaimEnv{Cores: 2, Stats: &Stats{N: 1}, Baseline: &Stats{N: 1}}, ClaimResult{Reason: "speedup(baseline) >= 2: speed-up undefined: a median wall time is 0"}},
		{"speedup(baseline) >= 2", ClaimEnv{Cores: 2, Stats: plainEnv().Stats}, ClaimResult{Skipped: true, Reason: "the baseline was not measured in this run (run the whole chapter)"}},
	}
	for _, tt := range tests {
		claims, err := ParseClaims(tt.claim)
		if err != nil {
			t.Fatal(err)
		}
		got := claims[0].Eval(tt.env)
		tt.want.Claim = tt.claim
		if got.Value-tt.want.Value > 1e-6 || tt.want.Value-got.Value > 1e-6 {
			t.Errorf("%s: Value = %v, want %v", tt.claim, got.Value, tt.want.Value)
		}
		got.Value = tt.want.Value
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.claim, got, tt.want)
		}
	}
}

func TestEvalSkipsOnlyParallelSweeps(t *testing.T) {
	// GOGC=200 is a parameter, not 200 workers: no cores needed.
	env := ClaimEnv{Cores: 2, Sweep: gogc, Points: Table(*gogc, []Stats{wall(100), wall(90), wall(80)})}
	claims, _ := ParseClaims("speedup(GOGC=200) >= 1.2")
	if r := claims[0].Eval(env); !r.Pass || r.Skipped {
		t.Errorf("speedup(GOGC=200) = %+v, want pass (1.25), not skipped", r)
	}
}

func TestEvalFirstValueNeedsCores(t *testing.T) {
	// Against a first value of 4, even speedup(workers=2) needs 4 cores.
	s := &Sweep{Var: "workers", Values: []int{4, 2}}
	env := ClaimEnv{Cores: 2, Sweep: s, Points: Table(*s, []Stats{wall(100), wall(150)})}
	claims, _ := ParseClaims("speedup(workers=2) < 1; cpu_per_wall(workers=2) >= 0")
	got := EvalClaims(claims, env)
	if !got[0].Skipped || got[0].Reason != "needs 4 cores, this machine has 2" {
		t.Errorf("speedup against 4 workers = %+v, want skipped for 4 cores", got[0])
	}
	if got[1].Skipped || !got[1].Pass {
		t.Errorf("cpu_per_wall at 2 workers = %+v, want judged", got[1])
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		op   string
		t    float64
		want string
	}{
		{1.8666, ">=", 1.5, "1.87"},
		{1.4996, ">=", 1.5, "1.4996"}, // "1.5" would look like a pass
		{1.5004, "<=", 1.5, "1.5004"},
		{2, ">", 1, "2"},
		{0.000123456, "<", 1, "0.000123"},
		{1234567.8, "<", 1e7, "1234568"},
		{100.04, ">", 100, "100.04"},
	}
	for _, tt := range tests {
		if got := formatValue(tt.v, tt.op, tt.t); got != tt.want {
			t.Errorf("formatValue(%v, %s, %v) = %q, want %q", tt.v, tt.op, tt.t, got, tt.want)
		}
	}
}
