// Package chart draws the book's measurement charts as SVG written by hand,
// with the standard library only: a sweep (speed-up against N), bars
// comparing snippets, and an execution-trace timeline.
//
// # What every chart is
//
// Sweep, Bars and Timeline each return one complete, standalone SVG
// document, deterministic for a given input (the golden tests rely on it):
//
//   - <svg class="wbc" role="img" aria-labelledby="ID-title ID-desc"> with a
//     <title> (the chart's title) and a <desc> that states the data in words
//     for screen readers, since a picture of numbers is not the numbers;
//   - sized by its viewBox, with width and height attributes as the natural
//     size and style="max-width:100%;height:auto", so it scales down on a
//     phone and keeps its proportions;
//   - styled by an embedded <style>: colours are CSS custom properties on
//     .wbc (--wbc-fg, --wbc-muted, --wbc-grid, --wbc-s1, --wbc-s2, --wbc-on
//     for text on a running segment, --wbc-run, --wbc-runnable,
//     --wbc-blocked, --wbc-syscall), with a
//     @media (prefers-color-scheme: dark) block that redefines them, and
//     every declaration preceded by its light value for renderers without
//     custom properties. Every rule is scoped to .wbc, since a <style> in
//     an inline SVG applies to the whole page. The background is
//     transparent, so the chart sits on the page's own background; a site
//     with a theme switch overrides the properties on .wbc;
//   - not only colour: the ideal line is dotted, the Amdahl curve dashed and
//     the measurements solid with round markers; in a timeline, running is
//     solid (with a thin edge of the background's colour, so that two
//     goroutines running back to back on one P stay apart), runnable
//     hatched, syscall cross-hatched and blocked a pale box with an outline;
//   - all text escaped, since labels come from chapters; a label too long
//     for its margin is shortened with "…" and keeps its full text as a
//     tooltip;
//   - no script.
//
// # Element ids
//
// Several charts may be inlined in one page, so the ids an SVG defines (its
// title, description and patterns) start with the chart's ID field, or,
// when that is empty, with "wbc-" and a hash of the chart's data (so a page
// that shows the same chart twice should give each its own ID).
package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// style is the stylesheet every chart embeds. Each colour is given twice,
// a literal first and the custom property second, so that a renderer that
// does not know custom properties (librsvg 2.54, for one) keeps the light
// literal. The series colours are Primer-like hues picked to keep a
// contrast of at least 3:1 against white and against #0d1117.
const style = `.wbc{--wbc-fg:#1f2328;--wbc-muted:#59636e;--wbc-grid:#d1d9e0;` +
	`--wbc-s1:#0969da;--wbc-s2:#bc4c00;--wbc-on:#ffffff;` +
	`--wbc-run:#1a7f37;--wbc-runnable:#9a6700;--wbc-blocked:#818b98;--wbc-syscall:#8250df;` +
	`font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:13px}
@media (prefers-color-scheme: dark){.wbc{--wbc-fg:#e6edf3;--wbc-muted:#9198a1;--wbc-grid:#3d444d;` +
	`--wbc-s1:#4493f8;--wbc-s2:#f0883e;--wbc-on:#0d1117;` +
	`--wbc-run:#3fb950;--wbc-runnable:#d29922;--wbc-blocked:#9198a1;--wbc-syscall:#a371f7}}
.wbc text{fill:#1f2328;fill:var(--wbc-fg)}
.wbc .title{font-size:15px;font-weight:600}
.wbc .muted{fill:#59636e;fill:var(--wbc-muted)}
.wbc .small{font-size:11px}
.wbc .on{fill:#ffffff;fill:var(--wbc-on);font-size:10px}
.wbc .grid{stroke:#d1d9e0;stroke:var(--wbc-grid);stroke-width:1}
.wbc .axis{stroke:#59636e;stroke:var(--wbc-muted);stroke-width:1}
.wbc .ideal{stroke:#59636e;stroke:var(--wbc-muted);stroke-width:1.5;stroke-dasharray:2 4;stroke-linecap:round;fill:none}
.wbc .fit{stroke:#bc4c00;stroke:var(--wbc-s2);stroke-width:2;stroke-dasharray:8 5;fill:none}
.wbc .measured{stroke:#0969da;stroke:var(--wbc-s1);stroke-width:2.5;fill:none}
.wbc .marker{fill:#0969da;fill:var(--wbc-s1)}
.wbc .whisker{stroke:#0969da;stroke:var(--wbc-s1);stroke-width:1.5}
.wbc .bar{fill:#0969da;fill:var(--wbc-s1)}
.wbc .run{fill:#1a7f37;fill:var(--wbc-run);stroke:#ffffff;stroke:var(--wbc-on);stroke-width:.75}
.wbc .runnable{fill:#9a6700;fill:var(--wbc-runnable)}
.wbc .runnable-bg{fill:#9a6700;fill:var(--wbc-runnable);fill-opacity:.25}
.wbc .blocked{fill:#818b98;fill:var(--wbc-blocked);fill-opacity:.2;stroke:#818b98;stroke:var(--wbc-blocked);stroke-width:1}
.wbc .syscall{stroke:#8250df;stroke:var(--wbc-syscall);stroke-width:1.5}
.wbc .syscall-bg{fill:#8250df;fill:var(--wbc-syscall);fill-opacity:.3}
`

// svg accumulates one chart's document.
type svg struct {
	b  bytes.Buffer
	id string
}

// begin writes the root element, the title, the description and the style.
func begin(id string, w, h float64, title, desc string) *svg {
	s := &svg{id: id}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="wbc" viewBox="0 0 %s %s" width="%s" height="%s"`,
		num(w), num(h), num(w), num(h))
	s.printf(` style="max-width:100%%;height:auto" role="img" aria-labelledby="%s-title %s-desc">`+"\n", id, id)
	s.printf(`<title id="%s-title">%s</title>`+"\n", id, esc(title))
	s.printf(`<desc id="%s-desc">%s</desc>`+"\n", id, esc(desc))
	s.printf("<style>\n%s</style>\n", style)
	return s
}

// end closes the document and returns it.
func (s *svg) end() []byte {
	s.b.WriteString("</svg>\n")
	return s.b.Bytes()
}

func (s *svg) printf(format string, args ...any) {
	fmt.Fprintf(&s.b, format, args...)
}

// text writes a text element; anchor is "start", "middle" or "end", and
// class may be empty. Text longer than max runes (max > 0) is shortened,
// keeping the whole of it as a tooltip.
func (s *svg) text(x, y float64, anchor, class, t string, max int) {
	short := shorten(t, max)
	s.printf(`<text x="%s" y="%s"`, num(x), num(y))
	if anchor != "start" {
		s.printf(` text-anchor="%s"`, anchor)
	}
	if class != "" {
		s.printf(` class="%s"`, class)
	}
	if short != t {
		s.printf("><title>%s</title>%s</text>\n", esc(t), esc(short))
		return
	}
	s.printf(">%s</text>\n", esc(t))
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>`+"\n", num(x1), num(y1), num(x2), num(y2), class)
}

// polyline draws a path through points given in pixels.
func (s *svg) polyline(pts [][2]float64, class string) {
	if len(pts) < 2 {
		return
	}
	var d strings.Builder
	for i, p := range pts {
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString(" L")
		}
		d.WriteString(num(p[0]) + " " + num(p[1]))
	}
	s.printf(`<path d="%s" class="%s"/>`+"\n", d.String(), class)
}

// chartID returns the id prefix of a chart: its own ID made safe, or one
// derived from its data.
func chartID(id string, data any) string {
	if id == "" {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%#v", data)))
		return "wbc-" + hex.EncodeToString(sum[:4])
	}
	var b strings.Builder
	for _, r := range id {
		if r < utf8.RuneSelf && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if c := b.String()[0]; c < 'A' || c > 'z' || (c > 'Z' && c < 'a') {
		return "wbc-" + b.String()
	}
	return b.String()
}

// esc escapes text for element content and attribute values; characters
// XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// shorten cuts s to max runes, the last one an ellipsis; max <= 0 keeps s.
func shorten(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// textWidth estimates the width in pixels of s at the given font size: an
// average glyph of a sans-serif font is a little under 0.6em.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.6
}

// num formats a coordinate with at most two decimals.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// ticks returns about n round tick values from 0 to at least max: steps of
// 1, 2 or 5 times a power of ten. max <= 0 gives the ticks of [0, 1].
func ticks(max float64, n int) []float64 {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 1
	}
	raw := max / float64(n)
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step := pow * 10
	for _, m := range []float64{1, 2, 5} {
		if m*pow >= raw {
			step = m * pow
			break
		}
	}
	var ts []float64
	for i := 0; ; i++ {
		v := float64(i) * step
		ts = append(ts, v)
		if v >= max*(1-1e-9) {
			return ts
		}
	}
}

// format prints a measured value with three significant digits at most:
// 812, 45.3, 1.93, 0.50, 0.052.
func format(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "?"
	case a >= 100 || a == 0:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 0.1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}

// formatTick prints a tick value with no more decimals than its step needs.
func formatTick(v, step float64) string {
	dec := 0
	for step > 0 && step < 1 && dec < 6 {
		step *= 10
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// finite reports whether all of vs are finite numbers.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
