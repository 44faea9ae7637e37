// Package check compares a snippet's output with the output a chapter
// expects. It is the specification of the fenced output block: what each
// mode accepts, and how a mismatch is explained.
//
// # Normalisation
//
// Before any comparison, the wanted text and the program's output are both
// normalised the same way:
//
//   - CRLF and a lone CR become LF;
//   - spaces and tabs at the end of each line are removed;
//   - blank lines at the start and at the end are removed (blank lines
//     between other lines stay).
//
// The result is a list of lines; an empty or all-blank text is zero lines.
// Line numbers in errors and reports count from the first line of the text
// as given, before blank lines are removed, with LF, CRLF and a lone CR
// each ending one line. For the wanted text that is the line of the output
// block, so a chapter parser can turn it into "file:line".
//
// # Modes
//
// exact (the default, also spelled ""): the output has the same lines as
// wanted, in the same order. A mismatch is shown as a line diff, minimal
// unless hundreds of lines differ: "-" marks a wanted line that is
// missing, "+" an output line that was not wanted, with three lines of
// context; hunk headers number lines as described above.
//
// unordered: the output has the same lines as wanted, each as many times,
// in any order; this is what go test does for "// Unordered output:". A
// mismatch lists the missing and the unexpected lines with their counts.
//
// regexp: the output has as many lines as wanted, and wanted line i is a
// regular expression (RE2 syntax, package regexp) that matches output
// line i in full, as if written ^(?:re)$. Every wanted line must compile
// on its own, blank lines included (a blank line matches a blank line);
// New reports the first that does not, with its line number. Trailing
// spaces are gone from both sides before matching, so a pattern has none
// to match (and one ending in "\ " loses its space and no longer
// compiles). A mismatch names the first wanted line that its output line
// does not match, or the first line one side has and the other lacks.
//
// contains: the wanted lines appear in the output in this order, each as a
// whole line (compared as text, not as a pattern); other output lines may
// come before, between and after them. Zero wanted lines accept any
// output. A mismatch names the first wanted line that no later output line
// matched.
//
// per-key: for concurrent programs whose goroutines each print an ordered
// story. A line's key is its text before the first ':' ("worker 2" for
// "worker 2: done"); all lines without a ':' share the key "". The output
// has the same lines as wanted, each as many times (as in unordered), and
// for every key the lines with that key come in the same order as wanted.
// Lines of different keys may interleave in any way. A mismatch lists the
// missing and unexpected lines, or else shows, for the first key (in the
// order keys first appear in the wanted text) whose lines came in another
// order, its wanted and its actual sequence.
//
// Reports are for a terminal: plain text, several lines, long listings cut
// short. Lines holding control characters or invalid UTF-8 are shown
// quoted, as Go strings.
package check

import (
	"fmt"
	"regexp"
	"strings"
)

// Mode says how an output block is compared with the program's output.
type Mode string

// The modes; the package documentation specifies each.
const (
	Exact     Mode = "exact"
	Unordered Mode = "unordered"
	Regexp    Mode = "regexp"
	Contains  Mode = "contains"
	PerKey    Mode = "per-key"
)

var modes = []Mode{Exact, Unordered, Regexp, Contains, PerKey}

// ParseMode returns the mode named s. The empty string is Exact.
func ParseMode(s string) (Mode, error) {
	if s == "" {
		return Exact, nil
	}
	for _, m := range modes {
		if string(m) == s {
			return m, nil
		}
	}
	names := make([]string, len(modes))
	for i, m := range modes {
		names[i] = string(m)
	}
	return "", fmt.Errorf("unknown output mode %q (valid: %s)", s, strings.Join(names, ", "))
}

// LineError is an error in one line of the wanted text, such as a regular
// expression that does not compile. Line is 1-based, counted as described
// in the package documentation.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// Expectation is a wanted output and the mode to compare it in. Make one
// with New; Check and Describe do not modify it, so one Expectation may be
// used from many goroutines.
type Expectation struct {
	Mode Mode
	Want string

	ready bool
	want  text
	res   []*regexp.Regexp // Regexp mode: want.lines[i] anchored and compiled
}

// New returns the expectation that output matches want in mode. It fails
// for an unknown mode and, in Regexp mode, for a line that does not
// compile; that error is a *LineError.
func New(mode Mode, want string) (*Expectation, error) {
	if mode == "" {
		mode = Exact
	}
	if _, err := ParseMode(string(mode)); err != nil {
		return nil, err
	}
	e := &Expectation{Mode: mode, Want: want, ready: true, want: normalize(want)}
	if mode == Regexp {
		res, err := compileLines(e.want)
		if err != nil {
			return nil, err
		}
		e.res = res
	}
	return e, nil
}

// compileLines compiles each line as a regular expression that must match
// a whole line. Each line is compiled alone first, so that a line such as
// "a)|(b" is rejected instead of escaping the anchors wrapped around it.
func compileLines(t text) ([]*regexp.Regexp, error) {
	res := make([]*regexp.Regexp, len(t.lines))
	for i, l := range t.lines {
		_, err := regexp.Compile(l)
		if err == nil {
			res[i], err = regexp.Compile("^(?:" + l + ")$")
		}
		if err != nil {
			return nil, &LineError{Line: t.lineNo(i), Err: err}
		}
	}
	return res, nil
}

// Check compares got with the expectation. When they do not match, report
// explains why in a few lines of plain text.
func (e *Expectation) Check(got string) (ok bool, report string) {
	if !e.ready {
		// Built as a literal rather than by New: prepare a copy, leaving e
		// untouched so that concurrent calls stay safe.
		prepared, err := New(e.Mode, e.Want)
		if err != nil {
			return false, "bad expectation: " + err.Error()
		}
		e = prepared
	}
	g := normalize(got)
	switch e.Mode {
	case Exact:
		return checkExact(e.want, g)
	case Unordered:
		return checkUnordered(e.want, g)
	case Regexp:
		return checkRegexp(e.want, e.res, g)
	case Contains:
		return checkContains(e.want, g)
	case PerKey:
		return checkPerKey(e.want, g)
	}
	return false, fmt.Sprintf("unknown output mode %q", string(e.Mode)) // New rejects it
}

// Describe says in one sentence what the expectation accepts, for readers
// of the rendered chapter.
func (e *Expectation) Describe() string {
	switch e.Mode {
	case Exact, "":
		return "exactly these lines, in this order"
	case Unordered:
		return "the same lines in any order"
	case Regexp:
		return "as many lines, each matching its regular expression in full"
	case Contains:
		return "these lines in this order, other lines may come before, between and after"
	case PerKey:
		return "the same lines grouped by the text before the first ':'; " +
			"each group in order, groups interleaved in any way"
	}
	return fmt.Sprintf("unknown output mode %q", string(e.Mode))
}

// text is a normalised text: its lines, and the line number of lines[0]
// in the text as given.
type text struct {
	lines []string
	first int
}

func (t text) lineNo(i int) int { return t.first + i }

// normalize applies the normalisation of the package documentation.
func normalize(s string) text {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	start := 0
	for start < len(lines) && lines[start] == "" {
		start++
	}
	end := len(lines)
	for end > start && lines[end-1] == "" {
		end--
	}
	if start == end {
		return text{first: 1} // nothing left to number
	}
	return text{lines: lines[start:end], first: start + 1}
}
