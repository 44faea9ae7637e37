package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// SweepChart is a speed-up sweep: the measured speed-up against N (the
// swept GOMAXPROCS or worker count), the ideal S = N, and the curve that an
// Amdahl fit predicts.
type SweepChart struct {
	ID     string // id prefix (see the package doc); "" derives one
	Title  string // such as "Speed-up against GOMAXPROCS"; "Speed-up sweep" when empty
	XLabel string // the swept variable; "N" when empty
	YLabel string // "speed-up" when empty
	// Points are the measurements, in any order. Points whose values are
	// not finite are left out.
	Points []SweepPoint
	// Amdahl is the predicted curve as points (N, S) in increasing N,
	// drawn as a dashed line; none when empty.
	Amdahl []Point
	// AmdahlLabel names the curve in the legend, such as
	// "Amdahl, P = 0.93"; "Amdahl fit" when empty.
	AmdahlLabel string
}

// SweepPoint is one measured speed-up. Low and High, when not both 0, are
// the spread of the runs, drawn as a whisker.
type SweepPoint struct {
	N, Speedup float64
	Low, High  float64
}

// Point is a point of a curve.
type Point struct{ X, Y float64 }

// The sweep's frame: the plot sits inside the margins.
const (
	sweepW, sweepH       = 640.0, 400.0
	sweepLeft, sweepRght = 56.0, 28.0
	sweepTop, sweepBot   = 72.0, 56.0
)

// Sweep draws a sweep chart (see the package doc for what every chart is).
func Sweep(c SweepChart) []byte {
	pts := slices.DeleteFunc(slices.Clone(c.Points), func(p SweepPoint) bool {
		return !finite(p.N, p.Speedup, p.Low, p.High)
	})
	slices.SortFunc(pts, func(a, b SweepPoint) int { return cmp.Compare(a.N, b.N) })
	curve := slices.DeleteFunc(slices.Clone(c.Amdahl), func(p Point) bool { return !finite(p.X, p.Y) })
	title := or(c.Title, "Speed-up sweep")
	xl, yl, al := or(c.XLabel, "N"), or(c.YLabel, "speed-up"), or(c.AmdahlLabel, "Amdahl fit")

	f := newSweepFrame(pts, curve)
	s := begin(chartID(c.ID, c), sweepW, sweepH, title, sweepDesc(c.Title, xl, yl, al, pts, curve))
	s.text(sweepLeft, 24, "start", "title", title, 0)
	sweepLegend(s, al, len(curve) > 1)
	f.axes(s, xl, yl)

	nmin := 1.0
	if len(pts) > 0 {
		nmin = pts[0].N
	}
	e := min(f.xmax, f.ymax)
	s.polyline([][2]float64{{f.x(nmin), f.y(nmin)}, {f.x(e), f.y(e)}}, "ideal")
	var cp [][2]float64
	for _, p := range curve {
		if p.Y <= f.ymax && p.X <= f.xmax {
			cp = append(cp, [2]float64{f.x(p.X), f.y(p.Y)})
		}
	}
	s.polyline(cp, "fit")
	f.measured(s, pts)
	return s.end()
}

// sweepFrame maps N and speed-up to the plot's pixels.
type sweepFrame struct {
	xmax, ymax float64   // the ends of the axes, which start at 0
	xt, yt     []float64 // the ticks
}

func newSweepFrame(pts []SweepPoint, curve []Point) sweepFrame {
	xmax, ymax := 1.0, 1.0
	for _, p := range pts {
		xmax, ymax = max(xmax, p.N), max(ymax, p.Speedup, p.High)
	}
	for _, p := range curve {
		xmax, ymax = max(xmax, p.X), max(ymax, p.Y)
	}
	// Room for the ideal line up to the last N: the gap to it is the point.
	yt := ticks(max(ymax, xmax), 5)
	xt := sweepXTicks(pts, xmax)
	return sweepFrame{
		xmax: max(xmax, xt[len(xt)-1]) * 1.04, // keep the last marker off the edge
		ymax: yt[len(yt)-1],
		xt:   xt, yt: yt,
	}
}

func (f sweepFrame) x(v float64) float64 {
	return sweepLeft + v/f.xmax*(sweepW-sweepLeft-sweepRght)
}

func (f sweepFrame) y(v float64) float64 {
	ph := sweepH - sweepTop - sweepBot
	return sweepTop + ph - v/f.ymax*ph
}

// axes draws the grid, the ticks and the axis labels.
func (f sweepFrame) axes(s *svg, xl, yl string) {
	right, bottom := sweepW-sweepRght, sweepH-sweepBot
	for _, v := range f.yt {
		s.line(sweepLeft, f.y(v), right, f.y(v), "grid")
		s.text(sweepLeft-8, f.y(v)+4, "end", "muted small", formatTick(v, f.yt[1]-f.yt[0])+"×", 0)
	}
	for _, v := range f.xt {
		s.line(f.x(v), bottom, f.x(v), bottom+5, "axis")
		s.text(f.x(v), bottom+19, "middle", "muted small", formatN(v), 0)
	}
	s.line(sweepLeft, bottom, right, bottom, "axis")
	s.line(sweepLeft, sweepTop, sweepLeft, bottom, "axis")
	s.text((sweepLeft+right)/2, sweepH-12, "middle", "", xl, 40)
	s.printf(`<text transform="translate(16 %s) rotate(-90)" text-anchor="middle">%s</text>`+"\n",
		num((sweepTop+bottom)/2), esc(shorten(yl, 30)))
}

// measured draws the measurements: a solid line through round markers,
// each with its whisker and its value.
func (f sweepFrame) measured(s *svg, pts []SweepPoint) {
	var mp [][2]float64
	for _, p := range pts {
		mp = append(mp, [2]float64{f.x(p.N), f.y(p.Speedup)})
	}
	s.polyline(mp, "measured")
	for _, p := range pts {
		x, y := f.x(p.N), f.y(p.Speedup)
		if p.Low != 0 || p.High != 0 {
			s.line(x, f.y(p.Low), x, f.y(p.High), "whisker")
			s.line(x-4, f.y(p.Low), x+4, f.y(p.Low), "whisker")
			s.line(x-4, f.y(p.High), x+4, f.y(p.High), "whisker")
		}
		s.printf(`<circle cx="%s" cy="%s" r="4.5" class="marker"/>`+"\n", num(x), num(y))
		if x > sweepW-sweepRght-48 { // the label would leave the frame
			s.text(x-7, y+16, "end", "small", format(p.Speedup)+"×", 0)
		} else {
			s.text(x+7, y+16, "start", "small", format(p.Speedup)+"×", 0)
		}
	}
}

// sweepXTicks puts the ticks at the measured values of N when there are
// few of them (1, 2, 4, 8 are what was run), else at round values.
func sweepXTicks(pts []SweepPoint, xmax float64) []float64 {
	var ns []float64
	for _, p := range pts {
		if len(ns) == 0 || ns[len(ns)-1] != p.N {
			ns = append(ns, p.N)
		}
	}
	if len(ns) > 0 && len(ns) <= 12 {
		return ns
	}
	return ticks(xmax, 6)
}

// sweepLegend draws the legend in a row under the title.
func sweepLegend(s *svg, amdahl string, withFit bool) {
	x, y := sweepLeft, 48.0
	item := func(class, label string, marker bool) {
		s.line(x, y-4, x+28, y-4, class)
		if marker {
			s.printf(`<circle cx="%s" cy="%s" r="4" class="marker"/>`+"\n", num(x+14), num(y-4))
		}
		s.text(x+34, y, "start", "", label, 40)
		x += 34 + textWidth(shorten(label, 40), 13) + 22
	}
	item("measured", "measured", true)
	item("ideal", "ideal S = N", false)
	if withFit {
		item("fit", amdahl, false)
	}
}

// sweepDesc states the data in words.
func sweepDesc(title, xl, yl, al string, pts []SweepPoint, curve []Point) string {
	var b strings.Builder
	if title != "" {
		b.WriteString(strings.TrimSuffix(title, ".") + ".")
	} else {
		fmt.Fprintf(&b, "%s against %s.", capitalize(yl), xl)
	}
	if len(pts) == 0 {
		b.WriteString(" No measurements.")
	}
	for i, p := range pts {
		sep := ","
		if i == 0 {
			sep = " Measured:"
		}
		fmt.Fprintf(&b, "%s %s=%s: %s×", sep, xl, formatN(p.N), format(p.Speedup))
		if p.Low != 0 || p.High != 0 {
			fmt.Fprintf(&b, " (runs from %s× to %s×)", format(p.Low), format(p.High))
		}
	}
	if len(pts) > 0 {
		b.WriteString(".")
	}
	b.WriteString(" Ideal: S = N.")
	if len(curve) > 1 {
		first, last := curve[0], curve[len(curve)-1]
		fmt.Fprintf(&b, " %s: from %s× at %s=%s to %s× at %s=%s.",
			al, format(first.Y), xl, formatN(first.X), format(last.Y), xl, formatN(last.X))
	}
	return b.String()
}

// formatN prints a value of N: whole numbers as such, others as measured
// values.
func formatN(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return format(v)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
