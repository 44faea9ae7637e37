package chart

import (
	"math"
	"strings"
	"testing"
)

func sampleBars() BarChart {
	return BarChart{
		Title: "Wall time, median of 5 runs",
		Unit:  "ms",
		Bars: []Bar{
			{Label: "sequential", Value: 812.4, Low: 801, High: 830},
			{Label: "goroutines", Value: 214.2, Low: 209, High: 231},
			{Label: "processes", Value: 263.9},
			{Label: "a label far too long to fit in the margin of the chart", Value: 5.2},
		},
	}
}

func TestBarsGolden(t *testing.T) {
	b := Bars(sampleBars())
	d := wellFormed(t, b)
	golden(t, "bars.svg", b)
	want := "Wall time, median of 5 runs. sequential: 812 ms (runs from 801 to 830); goroutines: 214 ms"
	if !strings.HasPrefix(d.desc, want) {
		t.Errorf("desc = %q, want it to start with %q", d.desc, want)
	}
	for _, v := range []string{"812 ms", "214 ms", "264 ms", "5.20 ms"} {
		if !strings.Contains(strings.Join(d.texts, "|"), v) {
			t.Errorf("value %q not printed; texts %q", v, d.texts)
		}
	}
	if !strings.Contains(string(b), "<title>a label far too long to fit in the margin of the chart</title>") {
		t.Error("a shortened label lost its full text")
	}
}

func TestBarsEscapes(t *testing.T) {
	c := sampleBars()
	c.Title, c.Unit, c.Bars[0].Label = hostile, hostile, hostile
	b := Bars(c)
	checkEscaped(t, b, wellFormed(t, b))
}

func TestBarsOddInput(t *testing.T) {
	for name, c := range map[string]BarChart{
		"empty": {},
		"zero":  {Bars: []Bar{{Label: "a"}}},
		"odd":   {Bars: []Bar{{Label: "nan", Value: math.NaN()}, {Label: "neg", Value: -3}, {Label: "inf", Value: math.Inf(1)}}},
	} {
		t.Run(name, func(t *testing.T) {
			b := Bars(c)
			wellFormed(t, b)
			if s := string(b); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") || strings.Contains(s, `width="-`) {
				t.Errorf("bad number in the output:\n%s", b)
			}
		})
	}
}
