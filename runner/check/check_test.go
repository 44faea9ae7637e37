package check

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{
		"": Exact, "exact": Exact, "unordered": Unordered, "regexp": Regexp,
		"contains": Contains, "per-key": PerKey,
	} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"Exact", "regex", "perkey", " exact"} {
		_, err := ParseMode(in)
		if err == nil {
			t.Errorf("ParseMode(%q) succeeds", in)
			continue
		}
		const list = "exact, unordered, regexp, contains, per-key"
		if !strings.Contains(err.Error(), list) || !strings.Contains(err.Error(), in) {
			t.Errorf("ParseMode(%q) error %q does not name it and list %s", in, err, list)
		}
	}
}

func TestNewBadRegexp(t *testing.T) {
	for _, c := range []struct {
		want string
		line int
	}{
		{"ok\n(unclosed", 2},
		{"\r\n\r\nfine\n[z-a]", 4}, // leading blank lines still count
		{"a\rb\r*", 3},             // a lone CR ends a line
		{"a)|(b", 1},               // would escape ^(?:...)$ if not compiled alone
		{"x\n\n\\", 3},             // trailing backslash
		{"ok\nbad\xff", 2},         // invalid UTF-8
	} {
		_, err := New(Regexp, c.want)
		var le *LineError
		if !errors.As(err, &le) {
			t.Errorf("New(Regexp, %q) error %v, want a *LineError", c.want, err)
			continue
		}
		if le.Line != c.line {
			t.Errorf("New(Regexp, %q): line %d, want %d (%v)", c.want, le.Line, c.line, err)
		}
		if !strings.HasPrefix(err.Error(), "line ") || le.Err == nil || errors.Unwrap(err) != le.Err {
			t.Errorf("New(Regexp, %q): error %q", c.want, err)
		}
	}
	// The same text is fine in the modes that do not compile it.
	for _, m := range []Mode{Exact, Unordered, Contains, PerKey} {
		if _, err := New(m, "(unclosed"); err != nil {
			t.Errorf("New(%s): %v", m, err)
		}
	}
}

func TestNewUnknownMode(t *testing.T) {
	if _, err := New("sorted", "a"); err == nil {
		t.Error("New with an unknown mode succeeds")
	}
	e, err := New("", "a")
	if err != nil || e.Mode != Exact {
		t.Errorf(`New("") = %v, %v; want Exact`, e, err)
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct {
		in    string
		lines []string
		first int
	}{
		{"", nil, 1},
		{"\n\n", nil, 1},
		{"a", []string{"a"}, 1},
		{"a\n", []string{"a"}, 1},
		{"\n \na \t\n\tb\n\n", []string{"a", "\tb"}, 3},
		{"a\r\n\r\nb\rc", []string{"a", "", "b", "c"}, 1},
		{"\r\r\nx", []string{"x"}, 3},
	} {
		got := normalize(c.in)
		if !slices.Equal(got.lines, c.lines) || (len(c.lines) > 0 && got.first != c.first) {
			t.Errorf("normalize(%q) = %q from line %d; want %q from line %d",
				c.in, got.lines, got.first, c.lines, c.first)
		}
	}
}

func TestDescribe(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range modes {
		e, _ := New(m, "")
		d := e.Describe()
		if d == "" || strings.HasSuffix(d, ".") || seen[d] {
			t.Errorf("%s: Describe() = %q", m, d)
		}
		seen[d] = true
	}
	if d := (&Expectation{Mode: Unordered}).Describe(); d != "the same lines in any order" {
		t.Errorf("unordered: %q", d)
	}
}

func TestLiteralExpectation(t *testing.T) {
	e := &Expectation{Mode: Unordered, Want: "a\nb"}
	if ok, report := e.Check("b\na"); !ok {
		t.Errorf("literal unordered expectation fails:\n%s", report)
	}
	if e.ready {
		t.Error("Check modified the expectation")
	}
	e = &Expectation{Want: "a"} // zero Mode is Exact
	if ok, _ := e.Check("a"); !ok {
		t.Error("zero mode is not exact")
	}
	e = &Expectation{Mode: Regexp, Want: "("}
	if ok, report := e.Check("("); ok || !strings.Contains(report, "line 1") {
		t.Errorf("bad literal regexp: %v %q", ok, report)
	}
	e = &Expectation{Mode: "bogus"}
	if ok, _ := e.Check(""); ok {
		t.Error("unknown mode passes")
	}
}

func TestConcurrentCheck(t *testing.T) {
	e, _ := New(PerKey, "a: 1\nb: 1\na: 2")
	done := make(chan bool)
	for range 8 {
		go func() {
			ok, _ := e.Check("b: 1\na: 1\na: 2")
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("concurrent check fails")
		}
	}
}

// quoteLines is want for checking s against itself in Regexp mode.
func quoteLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = regexp.QuoteMeta(l)
	}
	return strings.Join(lines, "\n")
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"", "\n", "a\nb", "a\r\nb\r\n", " x \t\n\n", "a: 1\nb: 2\na: 3", "\\(\r[", "a\rb\r\rc", "\xff\x00",
	} {
		f.Add(s, "a")
	}
	f.Fuzz(func(t *testing.T, s, other string) {
		for _, m := range modes {
			want := s
			if m == Regexp {
				if !utf8.ValidString(s) {
					continue // regular expressions are UTF-8; New rejects the rest
				}
				want = quoteLines(s)
			}
			e, err := New(m, want)
			if err != nil {
				t.Fatalf("New(%s, %q): %v", m, want, err)
			}
			if ok, report := e.Check(s); !ok {
				t.Fatalf("%s: %q does not pass against itself:\n%s", m, s, report)
			}
			e.Check(other) // must not panic, whatever it says
			e.Describe()
		}
		if e, err := New(Regexp, s); err == nil { // s as patterns, whatever they mean
			e.Check(other)
		}
	})
}
