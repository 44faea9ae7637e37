package term

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"workbook/runner/event"
	"workbook/runner/measure"
	"workbook/runner/timeline"
)

// measurement prints a measured snippet's numbers: its statistics or its
// sweep table, the Amdahl fit, the baseline speed-up and the claims, then
// the provenance the first time it is seen.
func (p *Printer) measurement(m *event.Measurement) {
	if m == nil {
		return
	}
	if m.Stats != nil {
		st := m.Stats
		p.printf("  %s\n", p.paint(bold, fmt.Sprintf("measured: median %s over %d runs (min %s, max %s) · CPU/wall %.2f%s",
			roundDur(st.Median), st.N, roundDur(st.Min), roundDur(st.Max), st.CPUPerWall, rss(st.MaxRSS))))
		for _, name := range sortedKeys(st.Metrics) {
			ms := st.Metrics[name]
			p.printf("    %s = %s %s (min %s, max %s)\n", name, num(ms.Median), ms.Unit, num(ms.Min), num(ms.Max))
		}
	}
	if m.Sweep != nil {
		p.sweep(m)
	}
	if m.Baseline != "" && m.BaselineSpeedup > 0 {
		p.printf("    speed-up against %s: %.2f×\n", m.Baseline, m.BaselineSpeedup)
	}
	for _, c := range m.Claims {
		mark, code := "holds", green
		switch {
		case c.Skipped:
			mark, code = "skipped", yellow
		case !c.Pass:
			mark, code = "does not hold", red
		}
		p.printf("    claim %s: %s (%s)\n", c.Claim, p.paint(code, mark), c.Reason)
	}
	prov := m.Provenance.String()
	if m.Stored {
		prov = "stored measurement: " + prov
	}
	if prov != p.host || m.Stored {
		p.printf("  %s\n", p.paint(dim, prov))
		p.host = prov
	}
}

func (p *Printer) sweep(m *event.Measurement) {
	// Each point's METRIC medians follow its columns.
	var names []string
	for _, pt := range m.Points {
		for _, n := range sortedKeys(pt.Metrics) {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	// Speed-up and efficiency only where the sweep counts workers.
	parallel := m.Sweep.Parallel()
	head := fmt.Sprintf("%-10s %9s %17s %9s %10s %9s", m.Sweep.Var, "median", "min–max", "speed-up", "efficiency", "CPU/wall")
	if !parallel {
		head = fmt.Sprintf("%-10s %9s %17s %9s", m.Sweep.Var, "median", "min–max", "CPU/wall")
	}
	for _, n := range names {
		head += fmt.Sprintf(" %12s", n)
	}
	p.printf("  %s\n", p.paint(bold, head))
	for _, pt := range m.Points {
		row := fmt.Sprintf("  %-10d %9s %17s %8.2f× %10.2f %9.2f", pt.Value, roundDur(pt.Median),
			roundDur(pt.Min)+"–"+roundDur(pt.Max), pt.Speedup, pt.Efficiency, pt.CPUPerWall)
		if !parallel {
			row = fmt.Sprintf("  %-10d %9s %17s %9.2f", pt.Value, roundDur(pt.Median), roundDur(pt.Min)+"–"+roundDur(pt.Max), pt.CPUPerWall)
		}
		for _, n := range names {
			cell := ""
			if ms, ok := pt.Metrics[n]; ok {
				cell = strings.TrimSpace(num(ms.Median) + " " + ms.Unit)
			}
			row += fmt.Sprintf(" %12s", cell)
		}
		p.printf("%s\n", row)
	}
	if m.Fit != nil {
		p.printf("    Amdahl fit: parallel fraction P = %.3f (S(N) = 1/((1−P) + P/N), RMS error %.3f)\n", m.Fit.P, m.Fit.RMSE)
	}
}

// timeline draws each goroutine's states across the run, one character a
// time slice: █ running, ░ runnable, · blocked or in a system call.
func (p *Printer) timeline(t *timeline.Timeline) {
	if t == nil || t.Duration <= 0 {
		return
	}
	const width = 60
	p.printf("  %s\n", p.paint(dim, fmt.Sprintf("timeline over %s, %d Ps (█ running, ░ runnable, · waiting)", roundDur(time.Duration(t.Duration)), len(t.Ps))))
	for _, g := range t.Goroutines {
		row := []rune(strings.Repeat(" ", width))
		for _, iv := range g.Intervals {
			from := int(iv.Start * width / t.Duration)
			to := int((iv.End*width + t.Duration - 1) / t.Duration)
			for i := max(from, 0); i < min(to, width); i++ {
				row[i] = stronger(row[i], iv.State)
			}
		}
		p.printf("  %-22s │%s│\n", shorten(g.Label(), 22), string(row))
	}
}

// stronger keeps, within one character cell, the most telling state.
func stronger(cur rune, s timeline.State) rune {
	switch {
	case s == timeline.Running:
		return '█'
	case s == timeline.Runnable && cur != '█':
		return '░'
	case cur == ' ':
		return '·'
	}
	return cur
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func rss(b int64) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf(" · peak RSS %.1f MiB", float64(b)/(1<<20))
}

// num prints whole numbers in full (40000000, not 4e+07) and others to
// four significant digits.
func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

func sortedKeys(m map[string]measure.MetricStats) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
