package measure

import (
	"strings"
	"testing"
)

func TestParseFigure(t *testing.T) {
	tests := []struct {
		in   string
		q    Quantity
		at   string
		base bool
		m    string
	}{
		{"wall", QWall, "", false, ""},
		{" wall(GOMAXPROCS=2) ", QWall, "GOMAXPROCS=2", false, ""},
		{"max_rss(workers=ncpu)", QMaxRSS, "workers=ncpu", false, ""},
		{"amdahl_p", QAmdahlP, "", false, ""},
		{"speedup(workers=4)", QSpeedup, "workers=4", false, ""},
		{"speedup(baseline)", QSpeedup, "", true, ""},
		{"speedup(baseline, workers=2)", QSpeedup, "workers=2", true, ""},
		{"efficiency(workers=2)", QEfficiency, "workers=2", false, ""},
		{"cpu_per_wall", QCPUPerWall, "", false, ""},
		{"metric(ns_per_op)", QMetric, "", false, "ns_per_op"},
		{"metric(ns_per_op,workers=2)", QMetric, "workers=2", false, "ns_per_op"},
	}
	for _, tt := range tests {
		f, err := ParseFigure(tt.in)
		if err != nil {
			t.Errorf("ParseFigure(%q): %v", tt.in, err)
			continue
		}
		at := ""
		if f.At != nil {
			at = f.At.String()
		}
		if f.Quantity != tt.q || at != tt.at || f.Baseline != tt.base || f.Metric != tt.m {
			t.Errorf("ParseFigure(%q) = %+v", tt.in, f)
		}
	}
	for in, want := range map[string]string{
		"":                       "want wall",
		"latency":                "want wall",
		"wall >= 2":              "unexpected",
		"wall(":                  "column 6",
		"speedup(workers=4) > 1": "unexpected",
		"amdahl_p(workers=2)":    "unexpected",
	} {
		if _, err := ParseFigure(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFigure(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestFigureCheck(t *testing.T) {
	for in, want := range map[string]string{
		"wall":                  "",
		"amdahl_p":              "",
		"wall(GOMAXPROCS=3)":    "not in the sweep",
		"max_rss":               "name a point",
		"speedup(baseline)":     "needs a baseline",
		"efficiency(GOGC=2)":    "sweep is over",
		"speedup(GOMAXPROCS=4)": "",
	} {
		f, err := ParseFigure(in)
		if err != nil {
			t.Fatal(err)
		}
		sweep := gomaxprocs
		if in == "wall" {
			sweep = nil
		}
		err = f.Check(sweep, false)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("Check(%q) = %v, want %q", in, err, want)
		}
	}
	if err := mustFigure(t, "amdahl_p").Check(nil, false); err == nil {
		t.Error("amdahl_p without a sweep passed Check")
	}
}

func mustFigure(t *testing.T, s string) Figure {
	t.Helper()
	f, err := ParseFigure(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Figures read what was measured, whatever the machine's core count: a
// claim at GOMAXPROCS=4 on two cores is skipped, a figure is not.
func TestFigureValue(t *testing.T) {
	swept := FigureEnv{ClaimEnv: sweptEnv(), Fit: &Fit{P: 0.9}}
	plain := FigureEnv{ClaimEnv: plainEnv()}
	tests := []struct {
		env  FigureEnv
		in   string
		want string
	}{
		{plain, "wall", "500 ms"},
		{plain, "speedup(baseline)", "4.00×"},
		{plain, "cpu_per_wall", "0.980"},
		{plain, "metric(ns_per_op)", "1230"},
		{swept, "wall(GOMAXPROCS=1)", "1.00 s"},
		{swept, "speedup(GOMAXPROCS=4)", "1.80×"},
		{swept, "efficiency(GOMAXPROCS=2)", "90%"},
		{swept, "amdahl_p", "0.900"},
		{swept, "metric(ns_per_op,GOMAXPROCS=2)", "80"},
	}
	for _, tt := range tests {
		v, unit, err := mustFigure(t, tt.in).Value(tt.env)
		if got := FormatFigure(v, unit); err != nil || got != tt.want {
			t.Errorf("%s = %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
	if _, _, err := mustFigure(t, "amdahl_p").Value(FigureEnv{ClaimEnv: sweptEnv()}); err == nil {
		t.Error("amdahl_p without a fit has a value")
	}
}

func TestFormatFigure(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{0.3124, "s", "312 ms"},
		{0.0000842, "s", "84.2 µs"},
		{95e-9, "s", "95 ns"},
		{12.4 * 1024 * 1024, "B", "12.4 MiB"},
		{512, "B", "512 B"},
		{84.24, "ns", "84.2 ns"},
		{123456, "", "123456"},
		{123456.7, "", "123000"},
		{1, "", "1"},
		{10, "ns", "10 ns"},
		{0.0412, "", "0.0412"},
		{0.956, UnitFraction, "96%"},
		{1.2, "%", "1.20%"},
		{5, "%", "5%"},
	} {
		if got := FormatFigure(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatFigure(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}
