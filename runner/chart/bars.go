package chart

import (
	"fmt"
	"strings"
)

// BarChart compares labelled values of one unit, such as the wall time of
// a sequential, a goroutine and a multi-process version of a program.
type BarChart struct {
	ID    string // id prefix (see the package doc); "" derives one
	Title string // such as "Wall time, median of 5 runs"; "Bar chart" when empty
	Unit  string // printed after every value and under the axis, such as "ms"
	// Bars are drawn top to bottom in this order. A value that is not
	// finite is printed as "?" with no bar; a negative one gets no bar.
	Bars []Bar
}

// Bar is one labelled value. Low and High, when not both 0, are the spread
// of the runs, drawn as a whisker.
type Bar struct {
	Label     string
	Value     float64
	Low, High float64
}

// The bar chart's frame.
const (
	barsW                  = 640.0
	barsTop                = 48.0
	barsRow, barsThickness = 36.0, 24.0
	barsMaxLabel           = 32 // runes; longer labels are shortened
	barsValueRoom          = 88.0
)

// Bars draws a bar chart (see the package doc for what every chart is):
// horizontal bars from a common zero, the value printed at the end of each.
func Bars(c BarChart) []byte {
	labelW := 40.0
	vmax := 0.0
	for _, b := range c.Bars {
		labelW = max(labelW, textWidth(shorten(b.Label, barsMaxLabel), 13))
		if finite(b.Value, b.Low, b.High) {
			vmax = max(vmax, b.Value, b.High)
		}
	}
	left := 16 + labelW + 10
	pw := barsW - left - barsValueRoom
	t := ticks(vmax, 5)
	vmax = t[len(t)-1]
	h := barsTop + float64(len(c.Bars))*barsRow + 52
	x := func(v float64) float64 { return left + max(v, 0)/vmax*pw }
	bottom := barsTop + float64(len(c.Bars))*barsRow

	title := or(c.Title, "Bar chart")
	s := begin(chartID(c.ID, c), barsW, h, title, barsDesc(c))
	s.text(16, 24, "start", "title", title, 0)
	for _, v := range t {
		s.line(x(v), barsTop-6, x(v), bottom, "grid")
		s.text(x(v), bottom+18, "middle", "muted small", formatTick(v, t[1]-t[0]), 0)
	}
	s.line(left, barsTop-6, left, bottom, "axis")
	if c.Unit != "" {
		s.text(left+pw/2, bottom+40, "middle", "", c.Unit, 40)
	}
	for i, b := range c.Bars {
		top := barsTop + float64(i)*barsRow
		mid := top + barsThickness/2
		s.text(left-10, mid+4, "end", "", b.Label, barsMaxLabel)
		end := left
		if finite(b.Value, b.Low, b.High) {
			end = x(b.Value)
			s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="2" class="bar"/>`+"\n",
				num(left), num(top), num(end-left), num(barsThickness))
			if b.Low != 0 || b.High != 0 {
				s.line(x(b.Low), mid, x(b.High), mid, "axis")
				s.line(x(b.Low), mid-5, x(b.Low), mid+5, "axis")
				s.line(x(b.High), mid-5, x(b.High), mid+5, "axis")
				end = max(end, x(b.High))
			}
		}
		s.text(end+6, mid+4, "start", "", valueUnit(b.Value, c.Unit), 0)
	}
	return s.end()
}

func valueUnit(v float64, unit string) string {
	if unit == "" {
		return format(v)
	}
	return format(v) + " " + unit
}

// barsDesc states the data in words.
func barsDesc(c BarChart) string {
	var b strings.Builder
	if c.Title != "" {
		b.WriteString(strings.TrimSuffix(c.Title, ".") + ". ")
	}
	if len(c.Bars) == 0 {
		b.WriteString("No values.")
		return b.String()
	}
	for i, bar := range c.Bars {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", bar.Label, valueUnit(bar.Value, c.Unit))
		if bar.Low != 0 || bar.High != 0 {
			fmt.Fprintf(&b, " (runs from %s to %s)", format(bar.Low), format(bar.High))
		}
	}
	b.WriteString(".")
	return b.String()
}
