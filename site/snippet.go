package site

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/util"

	"workbook/runner/chapter"
	"workbook/runner/chart"
	"workbook/runner/figures"
	"workbook/runner/measure"
)

// snippetView is what the snippet template shows.
type snippetView struct {
	ID       string
	Chapter  string
	Attrs    []string
	Code     template.HTML // the highlighted code a reader sees
	Source   string        // the whole code, hidden lines included, for the editor
	Runnable bool
	Verdict  string
	Class    string // pass, fail, skip
	Engine   string
	Cached   bool
	Elapsed  string
	Stdout   string
	Stderr   string
	Detail   string
	Report   string
	Reason   string
	Accepts  string
	Expected string
	Measure  *measureView
	Charts   []template.HTML
}

// measureView is a measured snippet's table, claims and provenance.
type measureView struct {
	Provenance string
	Stored     bool
	Header     []string
	Rows       [][]string
	Claims     []claimView
	Fit        string
	Baseline   string
}

type claimView struct {
	Text, Reason, Class string
}

func (p *page) snippet(w util.BufWriter, s *chapter.Snippet) error {
	r := p.results[s.ID]
	v := snippetView{ID: s.ID, Chapter: p.ch.Path, Attrs: attrBadges(s), Source: s.Code, Runnable: s.Runs}
	code, err := highlight(s.Shown(), "go")
	if err != nil {
		return err
	}
	v.Code = code
	if s.Archive {
		v.Code, _ = highlight(s.Shown(), "plaintext")
	}
	if s.Output != nil && s.Output.Expect.Mode != "" && s.Output.Expect.Mode != "exact" {
		v.Accepts, v.Expected = accepts(s.Output.Expect.Mode), s.Output.Text
	}
	switch {
	case !s.Runs:
		v.Verdict, v.Class = "part of a program run below", "piece"
	case r == nil:
		v.Verdict, v.Class = "not run", "skip"
	default:
		v.Verdict, v.Engine, v.Cached = r.Verdict(), r.Engine, r.Cached
		v.Stdout, v.Stderr, v.Detail, v.Report, v.Reason = r.Stdout, r.Stderr, r.Detail, r.Report, r.Reason
		v.Class = "pass"
		switch {
		case r.Skip:
			v.Class = "skip"
		case !r.Pass:
			v.Class = "fail"
			if !p.keepGoing {
				p.errorf(s.Line, "snippet %s failed: %s", s.ID, firstLine(r.Report, r.Reason, r.Detail, r.Outcome))
			}
		}
		if r.Elapsed > 0 && r.Measurement == nil {
			v.Elapsed = r.Elapsed.Round(time.Millisecond / 10).String()
		}
		if r.Measurement != nil {
			v.Measure, v.Charts = p.measurement(s, r)
		}
		if r.Timeline != nil {
			v.Charts = append(v.Charts, template.HTML(chart.Timeline(figures.Timeline(p.figureID(s, "timeline"), r.Timeline))))
		}
	}
	return p.tmpl.ExecuteTemplate(w, "snippet", v)
}

func (p *page) figureID(s *chapter.Snippet, kind string) string {
	return fmt.Sprintf("%s-%s-%s", p.ch.Slug, s.ID, kind)
}

func firstLine(texts ...string) string {
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			l, _, _ := strings.Cut(t, "\n")
			return l
		}
	}
	return "no reason given"
}

// attrBadges are the attributes a reader needs to know to read the result.
func attrBadges(s *chapter.Snippet) []string {
	a := s.Attrs
	var out []string
	if a.Race {
		out = append(out, "race detector")
	}
	if a.GOMAXPROCS > 0 {
		out = append(out, "GOMAXPROCS="+strconv.Itoa(a.GOMAXPROCS))
	}
	if len(a.Args) > 0 {
		out = append(out, "args: "+strings.Join(a.Args, " "))
	}
	if len(a.Env) > 0 {
		out = append(out, "env: "+strings.Join(a.Env, " "))
	}
	if a.Repeat > 1 {
		out = append(out, fmt.Sprintf("run %d times", a.Repeat))
	}
	if a.Expect.String() != "ok" {
		out = append(out, "expects "+a.Expect.String())
	}
	if a.Measure {
		out = append(out, fmt.Sprintf("measured: %d runs", a.Runs))
	}
	if a.Sweep != nil {
		out = append(out, "sweep "+a.Sweep.Var)
	}
	if a.Trace {
		out = append(out, "traced")
	}
	if a.NoRun {
		out = append(out, "compile only")
	}
	if a.Program != "" {
		out = append(out, "program "+a.Program)
	}
	return out
}

// measurement builds the table, claims and charts of a measured snippet.
func (p *page) measurement(s *chapter.Snippet, r *Result) (*measureView, []template.HTML) {
	m := r.Measurement
	mv := &measureView{Provenance: m.Provenance.String(), Stored: m.Stored, Baseline: m.Baseline}
	var charts []template.HTML
	metricNames := metricColumns(m.Stats, m.Points)
	if m.Sweep != nil && !m.Sweep.Parallel() {
		// A parameter, not a worker count: no speed-up, no ideal line.
		mv.Header = append([]string{m.Sweep.Var, "median", "min–max", "CPU/wall"}, metricNames...)
		for _, pt := range m.Points {
			row := []string{strconv.Itoa(pt.Value), dur(pt.Median), dur(pt.Min) + "–" + dur(pt.Max), measure.FormatFigure(pt.CPUPerWall, "")}
			mv.Rows = append(mv.Rows, append(row, metricCells(pt.Stats, metricNames)...))
		}
	} else if m.Sweep != nil {
		mv.Header = append([]string{m.Sweep.Var, "median", "min–max", "speed-up", "efficiency", "CPU/wall"}, metricNames...)
		for _, pt := range m.Points {
			row := []string{strconv.Itoa(pt.Value), dur(pt.Median), dur(pt.Min) + "–" + dur(pt.Max),
				measure.FormatFigure(pt.Speedup, "×"), measure.FormatFigure(pt.Efficiency, measure.UnitFraction), measure.FormatFigure(pt.CPUPerWall, "")}
			mv.Rows = append(mv.Rows, append(row, metricCells(pt.Stats, metricNames)...))
		}
		charts = append(charts, template.HTML(chart.Sweep(figures.Sweep(p.figureID(s, "sweep"), m))))
		if m.Fit != nil {
			mv.Fit = amdahlText(m.Fit)
		}
	} else if m.Stats != nil {
		mv.Header = append([]string{"runs", "median", "min–max", "CPU/wall", "peak RSS"}, metricNames...)
		row := []string{strconv.Itoa(m.Stats.N), dur(m.Stats.Median), dur(m.Stats.Min) + "–" + dur(m.Stats.Max),
			measure.FormatFigure(m.Stats.CPUPerWall, ""), measure.FormatFigure(float64(m.Stats.MaxRSS), "B")}
		mv.Rows = append(mv.Rows, append(row, metricCells(*m.Stats, metricNames)...))
	}
	if m.Baseline != "" {
		if base := p.results[m.Baseline]; base != nil && base.Measurement != nil && base.Measurement.Stats != nil {
			charts = append(charts, template.HTML(chart.Bars(figures.Compare(p.figureID(s, "compare"), m.Baseline, *base.Measurement.Stats, s.ID, m))))
		}
	}
	for _, c := range m.Claims {
		cv := claimView{Text: c.Claim, Reason: c.Reason, Class: "pass"}
		switch {
		case c.Skipped:
			cv.Class = "skip"
		case !c.Pass:
			cv.Class = "warn"
		}
		mv.Claims = append(mv.Claims, cv)
	}
	return mv, charts
}

// amdahlText says what the fitted law means for this program.
func amdahlText(f *measure.Fit) string {
	head := fmt.Sprintf("Amdahl's law fitted to these speed-ups: P = %.3f (RMSE %.3f)", f.P, f.RMSE)
	if f.P >= 0.9995 {
		return head + ": no serial part shows at these worker counts."
	}
	return head + ", so no number of workers can make this program more than " + measure.FormatFigure(1/(1-f.P), "×") + " as fast as one."
}

func dur(d time.Duration) string { return measure.FormatFigure(d.Seconds(), "s") }

// metricColumns are the names of the METRIC lines of a measurement, in a
// stable order.
func metricColumns(st *measure.Stats, pts []measure.Point) []string {
	seen := map[string]bool{}
	var names []string
	add := func(s measure.Stats) {
		for name := range s.Metrics {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	if st != nil {
		add(*st)
	}
	for _, pt := range pts {
		add(pt.Stats)
	}
	slices.Sort(names)
	return names
}

func metricCells(st measure.Stats, names []string) []string {
	var out []string
	for _, n := range names {
		m, ok := st.Metrics[n]
		if !ok {
			out = append(out, "")
			continue
		}
		out = append(out, measure.FormatFigure(m.Median, m.Unit))
	}
	return out
}
