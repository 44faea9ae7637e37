package chart

import (
	"strings"
	"testing"
)

const ms = int64(1e6)

// sampleTimeline is three workers sharing one P while main waits.
func sampleTimeline() TimelineChart {
	c := TimelineChart{
		Title: "3 goroutines on 1 P",
		Rows: []TimelineRow{{
			Label: "G1 main.main",
			Segments: []Segment{
				{Start: 0, End: ms / 2, State: Running, Note: "P0"},
				{Start: ms / 2, End: 92 * ms, State: Blocked, Note: "chan receive"},
				{Start: 92 * ms, End: 93 * ms, State: Runnable},
				{Start: 93 * ms, End: 94 * ms, State: Syscall},
			},
		}},
	}
	for w := range 3 {
		r := TimelineRow{Label: "G" + string(rune('7'+w)) + " main.worker", Note: "created at @wb/main.go:21"}
		r.Segments = append(r.Segments, Segment{Start: ms / 2, End: int64(10+w*10) * ms, State: Runnable, Note: "preempted"})
		for i := range 3 {
			start := int64(10+w*10+i*30) * ms
			r.Segments = append(r.Segments, Segment{Start: start, End: start + 10*ms, State: Running, Note: "P0"})
			if i < 2 {
				r.Segments = append(r.Segments, Segment{Start: start + 10*ms, End: start + 30*ms, State: Runnable, Note: "preempted"})
			}
		}
		c.Rows = append(c.Rows, r)
	}
	return c
}

func TestTimelineGolden(t *testing.T) {
	b := Timeline(sampleTimeline())
	d := wellFormed(t, b)
	golden(t, "timeline.svg", b)
	for _, want := range []string{
		"Execution timeline over 100 ms, 4 rows.",
		"G1 main.main: running 0.50 ms in 1 stretch, runnable 1.00 ms in 1 stretch, blocked 91.5 ms in 1 stretch, syscall 1.00 ms in 1 stretch.",
		"G7 main.worker (created at @wb/main.go:21): running 30.0 ms in 3 stretches, runnable 49.5 ms in 3 stretches.",
	} {
		if !strings.Contains(d.desc, want) {
			t.Errorf("desc %q lacks %q", d.desc, want)
		}
	}
	id := strings.TrimSuffix(d.labelled[0], "-title")
	for _, p := range []string{id + "-runnable", id + "-syscall"} {
		if !d.ids[p] || !strings.Contains(string(b), "url(#"+p+")") {
			t.Errorf("pattern %s not defined and used", p)
		}
	}
}

func TestTimelineEscapes(t *testing.T) {
	c := sampleTimeline()
	c.Title, c.Rows[0].Label, c.Rows[0].Note, c.Rows[0].Segments[1].Note = hostile, hostile, hostile, hostile
	b := Timeline(c)
	checkEscaped(t, b, wellFormed(t, b))
}

func TestTimelineIDs(t *testing.T) {
	a := Timeline(TimelineChart{ID: "fig-a", Rows: sampleTimeline().Rows})
	if !strings.Contains(string(a), `id="fig-a-runnable"`) || !strings.Contains(string(a), `aria-labelledby="fig-a-title fig-a-desc"`) {
		t.Error("the chart's ID does not prefix its ids")
	}
}

func TestTimelineOddInput(t *testing.T) {
	for name, c := range map[string]TimelineChart{
		"empty":     {},
		"emptyrow":  {Rows: []TimelineRow{{Label: "G1"}}},
		"outside":   {End: 10 * ms, Rows: []TimelineRow{{Label: "G1", Segments: []Segment{{Start: -ms, End: 20 * ms, State: "weird"}}}}},
		"zerowidth": {Rows: []TimelineRow{{Label: "G1", Segments: []Segment{{Start: 5, End: 5, State: Running, Note: "P0"}}}}},
	} {
		t.Run(name, func(t *testing.T) {
			b := Timeline(c)
			wellFormed(t, b)
			if s := string(b); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") || strings.Contains(s, `width="-`) {
				t.Errorf("bad number in the output:\n%s", b)
			}
		})
	}
}
