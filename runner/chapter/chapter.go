package chapter

import (
	"github.com/yuin/goldmark/ast"

	"fmt"
	"sort"
	"strings"
	"time"

	"workbook/runner/check"
	"workbook/runner/job"
	"workbook/runner/measure"
)

// Chapter is one parsed Markdown chapter.
type Chapter struct {
	Path     string // as read, slash-separated, e.g. "chapters/03-threads.md"
	Number   int    // NN of the file name; 0 when it has none
	Slug     string // the file name without NN- and .md
	Title    string // the first level-1 heading; the slug when there is none
	Source   []byte
	Snippets []*Snippet
	// Refs are the prose's references to measured figures, in order.
	Refs []*Ref
	// Doc is the Markdown's syntax tree (GitHub Flavored Markdown with
	// footnotes and heading ids, RefNodes for references): what the site
	// renders, so that nothing parses the Markdown twice.
	Doc ast.Node
}

// Snippet returns the snippet with the id, or nil.
func (c *Chapter) Snippet(id string) *Snippet {
	for _, s := range c.Snippets {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Snippet is one Go fenced block and what belongs to it.
type Snippet struct {
	ID   string
	Line int // the line of the opening fence
	// Code is the block's text as written, hidden lines included.
	Code string
	// Program is what runs for this snippet: its own files, or, for a piece
	// of a program, the files of every piece up to and including it.
	Program []job.File
	// Runs is false for a piece of a program that a later piece runs.
	Runs    bool
	Attrs   Attrs
	Output  *Output // nil: no expected output block
	Archive bool    // Code is a txtar archive
}

// Shown returns the code a reader sees: Code without the lines marked OMIT.
func (s *Snippet) Shown() string {
	lines := strings.SplitAfter(s.Code, "\n")
	var b strings.Builder
	for _, l := range lines {
		if strings.HasSuffix(strings.TrimRight(l, " \t\r\n"), "// OMIT") {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// Output is the expected-output block of a snippet.
type Output struct {
	Line   int // the line of its opening fence
	Text   string
	Expect *check.Expectation
}

// Expect says how a run must end.
type Expect struct {
	Outcome  job.Outcome // job.OK, Panic, Deadlock, Race, Timeout, CompileError or Exit
	ExitCode int         // with job.Exit
}

func (e Expect) String() string {
	if e.Outcome == job.Exit {
		return fmt.Sprintf("exit=%d", e.ExitCode)
	}
	return string(e.Outcome)
}

// Attrs are a snippet's attributes, checked and typed.
type Attrs struct {
	Engine     string // "auto", "yaegi" or "go"
	Timeout    time.Duration
	Repeat     int
	NoRun      bool
	Race       bool
	GOMAXPROCS int
	Args       []string
	Env        []string
	Expect     Expect
	Program    string

	// Measurement (see the package doc's Measurement section).
	Measure  bool
	Runs     int // measured runs (default 5)
	Warmup   int // unmeasured runs before them (default 1)
	Sweep    *measure.Sweep
	Baseline string // id of the snippet this one's speed-up is against
	Claims   []measure.Claim
	Trace    bool
}

// Error is an authoring mistake at a place in a chapter.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg) }

// ErrorList is every mistake found in a chapter, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Path != l[j].Path {
			return l[i].Path < l[j].Path
		}
		return l[i].Line < l[j].Line
	})
}

// Err returns nil for an empty list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.sort()
	return l
}
