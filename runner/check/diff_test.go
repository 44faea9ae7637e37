package check

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// lcsLen is the textbook dynamic programme, in O(len(b)) space.
func lcsLen(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// verifyDiff checks that del and ins describe a common subsequence of a
// and b, and if minimal, that it is a longest one.
func verifyDiff(t *testing.T, a, b []string, del, ins []bool, minimal bool) {
	t.Helper()
	if len(del) != len(a) || len(ins) != len(b) {
		t.Fatalf("marks of length %d, %d for %d, %d lines", len(del), len(ins), len(a), len(b))
	}
	var ka, kb []string
	for i, d := range del {
		if !d {
			ka = append(ka, a[i])
		}
	}
	for j, d := range ins {
		if !d {
			kb = append(kb, b[j])
		}
	}
	if !slices.Equal(ka, kb) {
		t.Fatalf("kept lines differ:\n%q\n%q\nfrom\n%q\n%q", ka, kb, a, b)
	}
	if n := lcsLen(a, b); minimal && len(ka) != n {
		t.Fatalf("diff keeps %d lines, longest common subsequence has %d\n%q\n%q", len(ka), n, a, b)
	}
}

func randomLines(r *rand.Rand, n, alphabet int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = string(rune('a' + r.IntN(alphabet)))
	}
	return lines
}

func TestLineDiffMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 5000 {
		alphabet := 1 + r.IntN(6)
		a := randomLines(r, r.IntN(15), alphabet)
		b := randomLines(r, r.IntN(15), alphabet)
		del, ins := lineDiffCost(a, b, 0)
		verifyDiff(t, a, b, del, ins, true)
		// A search bounded at c edits is minimal up to 2c-2, correct always.
		c := 1 + r.IntN(4)
		del, ins = lineDiffCost(a, b, c)
		verifyDiff(t, a, b, del, ins, len(a)+len(b)-2*lcsLen(a, b) <= 2*c-2)
	}
}

func TestLineDiffLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	a := numbered(3000)
	b := slices.Clone(a)
	for range 40 { // edits anywhere: replace, delete, insert
		i := r.IntN(len(b))
		switch r.IntN(3) {
		case 0:
			b[i] = "changed"
		case 1:
			b = slices.Delete(b, i, i+1)
		case 2:
			b = slices.Insert(b, i, a[r.IntN(len(a))])
		}
	}
	del, ins := lineDiff(a, b)
	verifyDiff(t, a, b, del, ins, true)

	shuffled := slices.Clone(a[:1000])
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	del, ins = lineDiff(a[:1000], shuffled) // beyond maxCost
	verifyDiff(t, a[:1000], shuffled, del, ins, false)
	del, ins = lineDiffCost(a[:1000], shuffled, 0)
	verifyDiff(t, a[:1000], shuffled, del, ins, true)
}

func TestDiffReport(t *testing.T) {
	want := normalize("\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n")
	got := normalize("one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n13\n")
	const expect = `--- want
+++ got
@@ -2,5 +1,5 @@
  one
- two
+ TWO
  three
  four
  five
@@ -11,3 +10,4 @@
  ten
  eleven
  twelve
+ 13
`
	if r := diffReport(want, got); r != expect {
		t.Errorf("diffReport =\n%s\nwant\n%s", r, expect)
	}
}

func TestDiffReportCutShort(t *testing.T) {
	want := normalize(strings.Join(numbered(1000), "\n"))
	got := normalize("")
	r := diffReport(want, got)
	if !strings.Contains(r, "more lines of diff not shown") || strings.Count(r, "\n") > maxDiffLines+5 {
		t.Errorf("report of %d lines:\n%s", strings.Count(r, "\n"), r)
	}
}

func TestShow(t *testing.T) {
	for in, out := range map[string]string{
		"plain":     "plain",
		"tab\there": "tab\there",
		"nul\x00":   `"nul\x00"`,
		"bad\xff":   `"bad\xff"`,
		"esc\x1b[m": `"esc\x1b[m"`,
		"日本":        "日本",
	} {
		if got := show(in); got != out {
			t.Errorf("show(%q) = %s, want %s", in, got, out)
		}
	}
}

func numbered(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d: some output text", i)
	}
	return lines
}

// benchmarkExact checks 5,000 lines against a variant made by edit.
func benchmarkExact(b *testing.B, edit func(r *rand.Rand, lines []string)) {
	lines := numbered(5000)
	want := strings.Join(lines, "\n")
	edit(rand.New(rand.NewPCG(3, 3)), lines)
	got := strings.Join(lines, "\n")
	e, _ := New(Exact, want)
	for b.Loop() {
		if ok, _ := e.Check(got); ok {
			b.Fatal("passes")
		}
	}
}

// A few changed lines: the case the diff is for.
func BenchmarkExact5000FewChanges(b *testing.B) {
	benchmarkExact(b, func(r *rand.Rand, lines []string) {
		for i := range 5 {
			lines[r.IntN(len(lines))] = fmt.Sprintf("changed %d", i)
		}
	})
}

// Concurrent output checked in exact mode: every line common, order lost.
// The worst case for Myers, D close to N+M.
func BenchmarkExact5000Shuffled(b *testing.B) {
	benchmarkExact(b, func(r *rand.Rand, lines []string) {
		r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	})
}

// Nothing in common: the unique-line filter leaves no search to do.
func BenchmarkExact5000Unrelated(b *testing.B) {
	benchmarkExact(b, func(r *rand.Rand, lines []string) {
		for i := range lines {
			lines[i] = "other " + lines[i]
		}
	})
}
