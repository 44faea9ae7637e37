package check

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// maxListed bounds each listing in a report (missing lines, unexpected
// lines, a key's sequence), so that a run gone wrong stays readable.
const maxListed = 50

func checkExact(want, got text) (bool, string) {
	if slices.Equal(want.lines, got.lines) {
		return true, ""
	}
	return false, fmt.Sprintf("output differs from want (%s); -want +got:\n%s",
		countLines(want, got), diffReport(want, got))
}

func checkUnordered(want, got text) (bool, string) {
	missing, unexpected := multisetDiff(want.lines, got.lines)
	if len(missing) == 0 && len(unexpected) == 0 {
		return true, ""
	}
	return false, fmt.Sprintf("output does not have the same lines as want (%s)\n%s",
		countLines(want, got), multisetReport(missing, unexpected))
}

func checkRegexp(want text, res []*regexp.Regexp, got text) (bool, string) {
	n := min(len(want.lines), len(got.lines))
	for i := range n {
		if !res[i].MatchString(got.lines[i]) {
			return false, fmt.Sprintf("want line %d does not match output line %d in full\n"+
				"\twant: %s\n\tgot:  %s\n",
				want.lineNo(i), got.lineNo(i), show(want.lines[i]), show(got.lines[i]))
		}
	}
	switch {
	case len(want.lines) > n:
		return false, fmt.Sprintf("output ended too soon (%s): no output line for want line %d\n\twant: %s\n",
			countLines(want, got), want.lineNo(n), show(want.lines[n]))
	case len(got.lines) > n:
		return false, fmt.Sprintf("output has extra lines (%s), starting at output line %d\n\tgot:  %s\n",
			countLines(want, got), got.lineNo(n), show(got.lines[n]))
	}
	return true, ""
}

func checkContains(want, got text) (bool, string) {
	// Matching each wanted line at its earliest possible output line is
	// optimal: it leaves the most output for the lines after it.
	j, last := 0, -1 // next output line to search; output line of the last match
	for i, w := range want.lines {
		for j < len(got.lines) && got.lines[j] != w {
			j++
		}
		if j < len(got.lines) {
			last, j = j, j+1
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "want line %d not found in the output", want.lineNo(i))
		if i > 0 {
			fmt.Fprintf(&b, " after the lines matched so far (want line %d matched output line %d)",
				want.lineNo(i-1), got.lineNo(last))
		}
		fmt.Fprintf(&b, "\n\twant: %s\n", show(w))
		if k := slices.Index(got.lines, w); k >= 0 {
			fmt.Fprintf(&b, "it does appear earlier, at output line %d: the lines are out of order\n", got.lineNo(k))
		}
		return false, b.String()
	}
	return true, ""
}

func checkPerKey(want, got text) (bool, string) {
	missing, unexpected := multisetDiff(want.lines, got.lines)
	if len(missing) != 0 || len(unexpected) != 0 {
		return false, fmt.Sprintf("output does not have the same lines as want (%s)\n%s",
			countLines(want, got), multisetReport(missing, unexpected))
	}
	wantKeys, wantGroups := groupByKey(want.lines)
	_, gotGroups := groupByKey(got.lines)
	for _, k := range wantKeys {
		w, g := wantGroups[k], gotGroups[k]
		// The multisets are equal, so w and g have the same length.
		for n := range w {
			if want.lines[w[n]] != got.lines[g[n]] {
				return false, keyReport(k, n, want, w, got, g)
			}
		}
	}
	return true, ""
}

// key returns the per-key mode's key of a line.
func key(line string) string {
	k, _, ok := strings.Cut(line, ":")
	if !ok {
		return ""
	}
	return k
}

// groupByKey returns the keys of lines in order of first appearance, and
// for each key the indices of its lines.
func groupByKey(lines []string) (keys []string, groups map[string][]int) {
	groups = make(map[string][]int)
	for i, l := range lines {
		k := key(l)
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	return keys, groups
}

// keyReport explains that the lines with key k first differ at their n-th
// line; w and g index the key's lines in want and got.
func keyReport(k string, n int, want text, w []int, got text, g []int) string {
	var b strings.Builder
	if k == "" {
		b.WriteString("the lines without a ':' came in another order")
	} else {
		fmt.Fprintf(&b, "the lines with key %q came in another order", k)
	}
	fmt.Fprintf(&b, "; first difference at line %d of the %d with this key\n", n+1, len(w))
	lo := max(n-2, 0)
	hi := min(lo+maxListed, len(w))
	for _, side := range []struct {
		name string
		t    text
		idx  []int
	}{{"want", want, w}, {"got", got, g}} {
		fmt.Fprintf(&b, "%s:\n", side.name)
		if lo > 0 {
			b.WriteString("\t...\n")
		}
		for _, i := range side.idx[lo:hi] {
			fmt.Fprintf(&b, "\t%5d  %s\n", side.t.lineNo(i), show(side.t.lines[i]))
		}
		if hi < len(side.idx) {
			b.WriteString("\t...\n")
		}
	}
	return b.String()
}

// counted is a line and how many more times one side has it than the other.
type counted struct {
	line string
	n    int
}

// multisetDiff returns the lines that want has more often than got
// (missing, in order of first appearance in want) and those that got has
// more often than want (unexpected, in order of first appearance in got).
func multisetDiff(want, got []string) (missing, unexpected []counted) {
	count := make(map[string]int)
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	for _, l := range want {
		if n := count[l]; n > 0 {
			missing = append(missing, counted{l, n})
			count[l] = 0
		}
	}
	for _, l := range got {
		if n := count[l]; n < 0 {
			unexpected = append(unexpected, counted{l, -n})
			count[l] = 0
		}
	}
	return missing, unexpected
}

func multisetReport(missing, unexpected []counted) string {
	var b strings.Builder
	list := func(title string, cs []counted) {
		if len(cs) == 0 {
			return
		}
		total := 0
		for _, c := range cs {
			total += c.n
		}
		fmt.Fprintf(&b, "%s: %d\n", title, total)
		for i, c := range cs {
			if i == maxListed {
				fmt.Fprintf(&b, "\t... and %d more distinct lines\n", len(cs)-i)
				break
			}
			fmt.Fprintf(&b, "\t%d× %s\n", c.n, show(c.line))
		}
	}
	list("missing (wanted, not in the output)", missing)
	list("unexpected (in the output, not wanted)", unexpected)
	return b.String()
}

func countLines(want, got text) string {
	return fmt.Sprintf("want %s, got %d", plural(len(want.lines), "line"), len(got.lines))
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
