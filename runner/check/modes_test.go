package check

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// checkCase is one row of a mode's table: whether got passes, and for a
// failure, substrings its report must contain.
type checkCase struct {
	name      string
	want, got string
	ok        bool
	report    []string
}

func runTable(t *testing.T, mode Mode, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := New(mode, c.want)
			if err != nil {
				t.Fatalf("New(%s, %q): %v", mode, c.want, err)
			}
			ok, report := e.Check(c.got)
			if ok != c.ok {
				t.Fatalf("Check(%q) against %q = %v, want %v; report:\n%s", c.got, c.want, ok, c.ok, report)
			}
			if ok && report != "" {
				t.Errorf("passing check has a report:\n%s", report)
			}
			if !ok && report == "" {
				t.Errorf("failing check has no report")
			}
			for _, s := range c.report {
				if !strings.Contains(report, s) {
					t.Errorf("report lacks %q:\n%s", s, report)
				}
			}
		})
	}
}

func TestExact(t *testing.T) {
	runTable(t, Exact, []checkCase{
		{name: "equal", want: "a\nb\n", got: "a\nb\n", ok: true},
		{name: "both empty", want: "", got: "", ok: true},
		{name: "blank equals empty", want: "\n \n\t\n", got: "", ok: true},
		{name: "crlf", want: "a\nb", got: "a\r\nb\r\n", ok: true},
		{name: "lone cr", want: "a\nb", got: "a\rb", ok: true},
		{name: "trailing blanks", want: "a\nb", got: "\n\na  \nb\t\n\n  \n", ok: true},
		{name: "inner blank line kept", want: "a\n\nb", got: "a\nb", ok: false,
			report: []string{"-want +got", "@@ -1,3 +1,2 @@", "\n-\n"}},
		{name: "leading spaces matter", want: "a", got: " a", ok: false,
			report: []string{"-want +got", "\n- a\n", "\n+  a\n"}},
		{name: "changed line", want: "a\nb\nc", got: "a\nB\nc", ok: false,
			report: []string{"\n- b\n", "\n+ B\n", "\n  a\n", "\n  c\n"}},
		{name: "empty want", want: "", got: "x", ok: false,
			report: []string{"want 0 lines, got 1", "@@ -0,0 +1,1 @@", "+ x"}},
		{name: "empty got", want: "x\ny", got: "\n", ok: false,
			report: []string{"want 2 lines, got 0", "@@ -1,2 +0,0 @@", "- x", "- y"}},
		{name: "duplicate line", want: "a\na", got: "a", ok: false, report: []string{"- a"}},
		{name: "order matters", want: "a\nb", got: "b\na", ok: false},
		{name: "control characters quoted", want: "a", got: "a\x00b", ok: false,
			report: []string{`+ "a\x00b"`}},
		{name: "numbers count blank lines removed", want: "\n\nx\ny", got: "x\nz", ok: false,
			report: []string{"@@ -3,2 +1,2 @@"}},
	})
}

func TestUnordered(t *testing.T) {
	runTable(t, Unordered, []checkCase{
		{name: "same order", want: "a\nb", got: "a\nb", ok: true},
		{name: "other order", want: "a\nb\nc", got: "c\na\nb", ok: true},
		{name: "empty", want: "", got: "\r\n", ok: true},
		{name: "duplicates any order", want: "a\nb\na", got: "a\na\nb", ok: true},
		{name: "crlf and trailing blanks", want: "b\na", got: "a \r\nb\t\r\n\r\n", ok: true},
		{name: "missing duplicate", want: "a\na\nb", got: "a\nb", ok: false,
			report: []string{"want 3 lines, got 2", "missing (wanted, not in the output): 1", "1× a"}},
		{name: "extra lines", want: "a", got: "a\nz\nz\ny", ok: false,
			report: []string{"unexpected (in the output, not wanted): 3", "2× z", "1× y"}},
		{name: "both", want: "a\nb", got: "a\nc", ok: false,
			report: []string{"missing", "1× b", "unexpected", "1× c"}},
		{name: "empty got", want: "a", got: "", ok: false, report: []string{"1× a"}},
		{name: "inner blank counts", want: "a\n\nb", got: "a\nb", ok: false, report: []string{"1× \n"}},
	})
}

func TestRegexp(t *testing.T) {
	runTable(t, Regexp, []checkCase{
		{name: "literal", want: "hello", got: "hello", ok: true},
		{name: "patterns", want: `took \d+ms` + "\n" + `id=[0-9a-f]{8}`, got: "took 12ms\nid=deadbeef", ok: true},
		{name: "escaped specials", want: `a\.b\(c\)\[d\] \$1 \^`, got: "a.b(c)[d] $1 ^", ok: true},
		{name: "dot is any", want: `a.b`, got: "axb", ok: true},
		{name: "whole line only", want: `\d+`, got: "12 apples", ok: false,
			report: []string{"want line 1 does not match output line 1", "want: \\d+", "got:  12 apples"}},
		{name: "alternation anchored", want: `a|b`, got: "ab", ok: false},
		{name: "alternation either", want: `a|ab`, got: "ab", ok: true},
		{name: "empty", want: "", got: "", ok: true},
		{name: "blank line matches blank", want: "a\n\nb", got: "a\n\nb", ok: true},
		{name: "blank line needs blank", want: "a\n\nb", got: "a\nx\nb", ok: false,
			report: []string{"want line 2 does not match output line 2"}},
		{name: "crlf", want: "a+\r\nb+\r\n", got: "aaa\nbb", ok: true},
		{name: "too few", want: "a\nb", got: "a", ok: false,
			report: []string{"output ended too soon", "want line 2", "want: b"}},
		{name: "too many", want: "a", got: "a\nb", ok: false,
			report: []string{"extra lines", "output line 2", "got:  b"}},
		{name: "numbered as given", want: "\n\na\nb", got: "\na\nc", ok: false,
			report: []string{"want line 4 does not match output line 3"}},
		{name: "trailing space gone from output", want: `a[ ]`, got: "a ", ok: false},
		{name: "pattern needing a trailing space", want: `a +`, got: "a", ok: false},
		{name: "trailing space gone from both", want: `a.* `, got: "abc  ", ok: true},
		{name: "unicode", want: `héllo, \p{Han}+`, got: "héllo, 世界", ok: true},
	})
}

func TestContains(t *testing.T) {
	runTable(t, Contains, []checkCase{
		{name: "equal", want: "a\nb", got: "a\nb", ok: true},
		{name: "between before after", want: "a\nb", got: "x\na\ny\nb\nz", ok: true},
		{name: "empty want accepts anything", want: "\n", got: "x\ny", ok: true},
		{name: "empty both", want: "", got: "", ok: true},
		{name: "whole lines", want: "a", got: "abc", ok: false,
			report: []string{"want line 1 not found in the output", "want: a"}},
		{name: "duplicates need two", want: "a\na", got: "a\nb", ok: false,
			report: []string{"want line 2 not found", "want line 1 matched output line 1"}},
		{name: "duplicates found", want: "a\na", got: "a\nb\na", ok: true},
		{name: "out of order", want: "a\nb", got: "x\nb\na", ok: false,
			report: []string{"want line 2 not found", "matched output line 3", "at output line 2", "out of order"}},
		{name: "not regexp", want: "a.c", got: "abc", ok: false},
		{name: "crlf and trailing blanks", want: "b \r\n", got: "a\r\nb\t\r\n", ok: true},
		{name: "empty got", want: "a", got: "", ok: false, report: []string{"want line 1 not found"}},
	})
}

func TestPerKey(t *testing.T) {
	runTable(t, PerKey, []checkCase{
		{name: "same", want: "a: 1\nb: 1", got: "a: 1\nb: 1", ok: true},
		{name: "interleaved", want: "a: 1\na: 2\nb: 1\nb: 2", got: "b: 1\na: 1\nb: 2\na: 2", ok: true},
		{name: "empty", want: "", got: "", ok: true},
		{name: "key order swapped", want: "a: 1\na: 2\nb: 1", got: "a: 2\nb: 1\na: 1", ok: false,
			report: []string{`key "a" came in another order`, "at line 1 of the 2", "want:\n", "got:\n", "a: 1", "a: 2"}},
		{name: "no colon is one key", want: "start\nend\nw: x", got: "w: x\nstart\nend", ok: true},
		{name: "no colon in order", want: "start\nend", got: "end\nstart", ok: false,
			report: []string{"lines without a ':' came in another order"}},
		{name: "key before first colon", want: "a: x: 1\na: y: 2", got: "a: y: 2\na: x: 1", ok: false,
			report: []string{`key "a"`}},
		{name: "key is exact text", want: "a: 1\n a: 2", got: " a: 2\na: 1", ok: true},
		{name: "duplicates", want: "a: x\na: x\nb: y", got: "a: x\nb: y\na: x", ok: true},
		{name: "missing line", want: "a: 1\na: 2", got: "a: 1", ok: false,
			report: []string{"missing", "1× a: 2"}},
		{name: "extra line", want: "a: 1", got: "a: 1\nb: 1", ok: false,
			report: []string{"unexpected", "1× b: 1"}},
		{name: "crlf", want: "a: 1\r\nb: 1\r\n", got: "b: 1  \na: 1\n\n", ok: true},
		{name: "report numbers lines", want: "x\na: 1\na: 2", got: "a: 2\nx\na: 1", ok: false,
			report: []string{"    2  a: 1", "    1  a: 2"}},
	})
}

// interleave merges seqs in a random order that keeps each one's order.
func interleave(r *rand.Rand, seqs [][]string) []string {
	pos := make([]int, len(seqs))
	total := 0
	for _, s := range seqs {
		total += len(s)
	}
	out := make([]string, 0, total)
	for len(out) < total {
		// Pick a sequence with probability proportional to what it has
		// left, so that every interleaving can come up.
		n := r.IntN(total - len(out))
		for i, s := range seqs {
			left := len(s) - pos[i]
			if n < left {
				out = append(out, s[pos[i]])
				pos[i]++
				break
			}
			n -= left
		}
	}
	return out
}

// keyedSeqs returns nKeys sequences of lines, one per key, the last one
// without a ':' (key ""), with some lines repeated.
func keyedSeqs(r *rand.Rand, nKeys int) [][]string {
	seqs := make([][]string, nKeys)
	for k := range seqs {
		n := 1 + r.IntN(8)
		for i := range n {
			step := i
			if r.IntN(4) == 0 {
				step = r.IntN(3) // a repeated line now and then
			}
			line := fmt.Sprintf("worker %d: step %d", k, step)
			if k == nKeys-1 {
				line = fmt.Sprintf("main step %d", step)
			}
			seqs[k] = append(seqs[k], line)
		}
	}
	return seqs
}

func TestInterleavingsPass(t *testing.T) {
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 1))
		seqs := keyedSeqs(r, 2+r.IntN(4))
		want := strings.Join(slices.Concat(seqs...), "\n")
		perKey, _ := New(PerKey, want)
		unordered, _ := New(Unordered, want)
		for range 100 {
			got := interleave(r, seqs)
			if ok, report := perKey.Check(strings.Join(got, "\n")); !ok {
				t.Fatalf("seed %d: per-key rejects an interleaving:\n%s", seed, report)
			}
			r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			if ok, report := unordered.Check(strings.Join(got, "\n")); !ok {
				t.Fatalf("seed %d: unordered rejects a permutation:\n%s", seed, report)
			}
		}
	}
}

func TestSwapWithinKeyFails(t *testing.T) {
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 2))
		seqs := keyedSeqs(r, 2+r.IntN(4))
		want := strings.Join(interleave(r, seqs), "\n")
		e, _ := New(PerKey, want)
		for range 50 {
			got := interleave(r, seqs)
			// Two lines of one key with different texts, swapped.
			i := r.IntN(len(got))
			var js []int
			for j := range got {
				if key(got[j]) == key(got[i]) && got[j] != got[i] {
					js = append(js, j)
				}
			}
			if len(js) == 0 {
				continue
			}
			j := js[r.IntN(len(js))]
			got[i], got[j] = got[j], got[i]
			if ok, _ := e.Check(strings.Join(got, "\n")); ok {
				t.Fatalf("seed %d: per-key accepts %q swapped with %q in\n%s", seed, got[j], got[i], strings.Join(got, "\n"))
			}
		}
	}
}

func TestSubsequencesContained(t *testing.T) {
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 3))
		got := interleave(r, keyedSeqs(r, 3))
		var want []string
		for _, l := range got {
			if r.IntN(2) == 0 {
				want = append(want, l)
			}
		}
		e, _ := New(Contains, strings.Join(want, "\n"))
		if ok, report := e.Check(strings.Join(got, "\n")); !ok {
			t.Fatalf("seed %d: contains rejects a subsequence:\n%s", seed, report)
		}
		quoted := make([]string, len(got))
		for i, l := range got {
			quoted[i] = regexp.QuoteMeta(l)
		}
		e, _ = New(Regexp, strings.Join(quoted, "\n"))
		if ok, report := e.Check(strings.Join(got, "\n")); !ok {
			t.Fatalf("seed %d: regexp rejects its quoted lines:\n%s", seed, report)
		}
	}
}

func TestReportsCutShort(t *testing.T) {
	var want, got []string
	for i := range 500 {
		want = append(want, fmt.Sprintf("w: %d", i))
		got = append(got, fmt.Sprintf("g: %d", i))
	}
	for _, mode := range []Mode{Exact, Unordered, PerKey} {
		e, _ := New(mode, strings.Join(want, "\n"))
		ok, report := e.Check(strings.Join(got, "\n"))
		if ok {
			t.Fatalf("%s: passes", mode)
		}
		if n := strings.Count(report, "\n"); n > 250 {
			t.Errorf("%s: report has %d lines", mode, n)
		}
	}
}
