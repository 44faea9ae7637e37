package check

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The line diff behind the exact mode's report. It is Myers' O((N+M)D)
// algorithm in its linear-space form (E. Myers, "An O(ND) Difference
// Algorithm and Its Variations", 1986, section 4b): find the middle snake
// of an optimal path, recurse on both halves. Two cheap steps come first,
// as in GNU diff: lines are interned to ints, and lines that occur on one
// side only are set aside as deleted or inserted, since no common
// subsequence can hold them. That keeps the usual case (a few changed lines
// among thousands) at about N+M comparisons, and two entirely different
// outputs at no search at all.
//
// The search costs O((N+M)D), which for 5,000 lines shuffled (D near N+M)
// took half a second (BenchmarkExact5000Shuffled). So, as GNU diff does,
// a midpoint search that has explored maxCost edits without meeting gives
// up and splits at the point furthest along that it reached: the diff is
// still a correct edit script, but no longer always minimal. It is minimal
// whenever the edit distance, after setting aside lines found on one side
// only, is at most 2*maxCost-2 (lines deleted plus lines inserted); beyond
// that the report is cut short after maxDiffLines lines anyway. With maxCost 256 the shuffled case takes
// 20ms (1024: 120ms), a few changed lines among 5,000 about 1.5ms.

// lineDiff computes a minimal line diff from a to b. It reports which lines
// of a are deleted and which lines of b are inserted; the remaining lines of
// a and of b are equal pairwise, in order, and form a longest common
// subsequence.
func lineDiff(a, b []string) (del, ins []bool) {
	return lineDiffCost(a, b, maxCost)
}

// maxCost bounds the edits one midpoint search explores; see above.
const maxCost = 256

// lineDiffCost is lineDiff with a given bound on the search, 0 for none:
// the diff is minimal when no search reaches the bound.
func lineDiffCost(a, b []string, maxCost int) (del, ins []bool) {
	ids := make(map[string]int)
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ai, bi := intern(a), intern(b)
	inA, inB := make([]bool, len(ids)), make([]bool, len(ids))
	for _, id := range ai {
		inA[id] = true
	}
	for _, id := range bi {
		inB[id] = true
	}
	del, ins = make([]bool, len(a)), make([]bool, len(b))
	d := differ{maxCost: maxCost}
	d.a, d.aIndex = keep(ai, inB, del)
	d.b, d.bIndex = keep(bi, inA, ins)
	d.del, d.ins = del, ins
	d.compare(0, len(d.a), 0, len(d.b))
	return del, ins
}

// keep returns the ids found on the other side, with their indices in ids,
// and marks the others in changed.
func keep(ids []int, other, changed []bool) (kept, index []int) {
	for i, id := range ids {
		if other[id] {
			kept = append(kept, id)
			index = append(index, i)
		} else {
			changed[i] = true
		}
	}
	return kept, index
}

// differ holds the filtered sequences and where to mark their changes.
type differ struct {
	a, b           []int
	aIndex, bIndex []int  // position of a[i] and b[j] in the unfiltered lines
	del, ins       []bool // indexed by unfiltered position
	v              []int  // scratch for midpoint, reused across calls
	maxCost        int    // edits a midpoint search explores, 0 for no limit
}

// compare marks a minimal edit script from a[aLo:aHi] to b[bLo:bHi].
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		aLo, bLo = aLo+1, bLo+1
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi, bHi = aHi-1, bHi-1
	}
	if aLo == aHi || bLo == bHi {
		d.markAll(aLo, aHi, bLo, bHi)
		return
	}
	x, y, ok := d.midpoint(d.a[aLo:aHi], d.b[bLo:bHi])
	if !ok || (x == 0 && y == 0) || (x == aHi-aLo && y == bHi-bLo) {
		// No common line at all (midpoint proves it), or a split that would
		// not shrink the problem (it cannot happen; the guard keeps the
		// recursion finite regardless).
		d.markAll(aLo, aHi, bLo, bHi)
		return
	}
	d.compare(aLo, aLo+x, bLo, bLo+y)
	d.compare(aLo+x, aHi, bLo+y, bHi)
}

func (d *differ) markAll(aLo, aHi, bLo, bHi int) {
	for i := aLo; i < aHi; i++ {
		d.del[d.aIndex[i]] = true
	}
	for j := bLo; j < bHi; j++ {
		d.ins[d.bIndex[j]] = true
	}
}

// midpoint runs the forward and the reverse search for a shortest edit
// script from a to b at once, and returns the point (x, y) where they meet:
// an optimal script from a to b passes through it. ok is false when the
// searches do not meet, which happens only when a and b have no line in
// common. a and b are not empty. After d.maxCost edits, it returns the
// point furthest from (0, 0) that the forward search reached instead.
func (d *differ) midpoint(a, b []int) (int, int, bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off, size := maxD, 2*maxD+2
	if cap(d.v) < 2*size {
		d.v = make([]int, 2*size)
	}
	vf, vb := d.v[:size], d.v[size:2*size] // furthest x on each diagonal
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0 // which search detects the overlap
	var fStart, fEnd, bStart, bEnd int
	bestX, bestY := 0, 0 // furthest point of the forward search
	for D := 0; D < maxD; D++ {
		if d.maxCost > 0 && D >= d.maxCost {
			return bestX, bestY, true
		}
		for k := -D + fStart; k <= D-fEnd; k += 2 {
			i := off + k
			x := vf[i-1] + 1
			if k == -D || (k != D && vf[i-1] < vf[i+1]) {
				x = vf[i+1]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			vf[i] = x
			if x <= n && y <= m && x+y > bestX+bestY {
				bestX, bestY = x, y
			}
			switch {
			case x > n:
				fEnd += 2 // ran off the right edge
			case y > m:
				fStart += 2 // ran off the bottom edge
			case front:
				j := off + delta - k
				if j >= 0 && j < size && vb[j] != -1 && x >= n-vb[j] {
					return x, y, true
				}
			}
		}
		for k := -D + bStart; k <= D-bEnd; k += 2 {
			i := off + k
			x := vb[i-1] + 1
			if k == -D || (k != D && vb[i-1] < vb[i+1]) {
				x = vb[i+1]
			}
			y := x - k
			for x < n && y < m && a[n-x-1] == b[m-y-1] {
				x, y = x+1, y+1
			}
			vb[i] = x
			switch {
			case x > n:
				bEnd += 2
			case y > m:
				bStart += 2
			case !front:
				j := off + delta - k
				if j >= 0 && j < size && vf[j] != -1 && vf[j] >= n-x {
					fx := vf[j]
					return fx, off + fx - j, true
				}
			}
		}
	}
	return 0, 0, false
}

const (
	diffContext  = 3   // unchanged lines shown around each change
	maxDiffLines = 200 // lines of diff body shown before cutting it short
)

// diffOp is one line of an edit script: ' ' equal, '-' only in want, '+'
// only in got; i and j index want and got (the current position for the
// side the line is not on).
type diffOp struct {
	kind byte
	i, j int
}

// diffReport renders a minimal diff from want to got as unified-diff hunks,
// numbered as in the given texts.
func diffReport(want, got text) string {
	del, ins := lineDiff(want.lines, got.lines)
	var ops []diffOp
	for i, j := 0, 0; i < len(del) || j < len(ins); {
		switch {
		case i < len(del) && del[i]:
			ops = append(ops, diffOp{'-', i, j})
			i++
		case j < len(ins) && ins[j]:
			ops = append(ops, diffOp{'+', i, j})
			j++
		default:
			ops = append(ops, diffOp{' ', i, j})
			i, j = i+1, j+1
		}
	}
	var b strings.Builder
	b.WriteString("--- want\n+++ got\n")
	budget, omitted := maxDiffLines, 0
	for _, h := range hunks(ops) {
		n := writeHunk(&b, want, got, ops[h[0]:h[1]], budget)
		budget -= n
		omitted += h[1] - h[0] - n
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "... %d more lines of diff not shown\n", omitted)
	}
	return b.String()
}

// hunks groups ops into [start, end) ranges: each change with diffContext
// equal lines around it, ranges that touch merged.
func hunks(ops []diffOp) [][2]int {
	var hs [][2]int
	for k, op := range ops {
		if op.kind == ' ' {
			continue
		}
		start, end := max(k-diffContext, 0), min(k+1+diffContext, len(ops))
		if n := len(hs); n > 0 && start <= hs[n-1][1] {
			hs[n-1][1] = end
			continue
		}
		hs = append(hs, [2]int{start, end})
	}
	return hs
}

// writeHunk writes the hunk of ops, at most budget lines of it, and
// returns how many lines it wrote.
func writeHunk(b *strings.Builder, want, got text, ops []diffOp, budget int) int {
	var nw, ng int
	for _, op := range ops {
		if op.kind != '+' {
			nw++
		}
		if op.kind != '-' {
			ng++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(want, ops[0].i, nw), hunkRange(got, ops[0].j, ng))
	if budget <= 0 {
		return 0
	}
	if len(ops) > budget {
		ops = ops[:budget]
	}
	for _, op := range ops {
		line := ""
		if op.kind == '+' {
			line = got.lines[op.j]
		} else {
			line = want.lines[op.i]
		}
		b.WriteByte(op.kind)
		if line != "" {
			b.WriteString(" " + show(line))
		}
		b.WriteByte('\n')
	}
	return len(ops)
}

// hunkRange is "start,count" in unified diff style: an empty range is
// numbered by the line before it.
func hunkRange(t text, i, n int) string {
	start := t.lineNo(i)
	if n == 0 {
		start--
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// show returns line as it should appear in a report: as is, or quoted as a
// Go string when it holds invalid UTF-8 or control characters other than
// tab, which a terminal would not show faithfully.
func show(line string) string {
	if !utf8.ValidString(line) {
		return strconv.Quote(line)
	}
	for _, r := range line {
		if r != '\t' && unicode.IsControl(r) {
			return strconv.Quote(line)
		}
	}
	return line
}
