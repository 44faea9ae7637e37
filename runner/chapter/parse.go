package chapter

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"workbook/runner/check"
	"workbook/runner/job"
)

// Parse reads one chapter. path is used for positions and to derive the
// chapter's number and slug. The error, if any, is an ErrorList holding
// every mistake found.
func Parse(path string, src []byte) (*Chapter, error) {
	p := &parseState{
		ch:    &Chapter{Path: path, Source: src},
		lines: lineStarts(src),
		ids:   map[string]int{},
		ncpu:  runtime.NumCPU(),
	}
	p.ch.Number, p.ch.Slug = NameParts(path)
	doc := markdown(p).Parser().Parse(text.NewReader(src))
	p.ch.Doc = doc
	var pending *Snippet // the snippet an output block may attach to
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 && p.ch.Title == "" {
				p.ch.Title = strings.TrimSpace(string(n.Lines().Value(src)))
			}
		case *ast.FencedCodeBlock:
			pending = p.fence(n, pending)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if p.ch.Title == "" {
		p.ch.Title = p.ch.Slug
	}
	p.assemblePrograms()
	p.checkBaselines()
	p.checkRefs()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return p.ch, nil
}

// markdown is the chapter's Markdown dialect: GitHub Flavored Markdown
// (tables, strikethrough, autolinks, task lists), footnotes, an id on every
// heading, and {{measured}} references reported to p.
func markdown(p *parseState) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			gmparser.WithAutoHeadingID(),
			gmparser.WithInlineParsers(util.Prioritized(refParser{p}, 150)),
		),
	)
}

type parseState struct {
	ch    *Chapter
	lines []int // byte offset of the start of each line
	ids   map[string]int
	errs  ErrorList
	ncpu  int // what "ncpu" in a sweep expands to
}

func (p *parseState) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, &Error{Path: p.ch.Path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// line returns the 1-based line of a byte offset.
func (p *parseState) line(off int) int {
	lo, hi := 0, len(p.lines)
	for lo < hi {
		mid := (lo + hi) / 2
		if p.lines[mid] <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// fence handles one fenced block; it returns the snippet that an output
// block directly after this one would belong to.
func (p *parseState) fence(n *ast.FencedCodeBlock, prev *Snippet) *Snippet {
	src := p.ch.Source
	if n.Info == nil {
		return nil
	}
	info := string(n.Info.Segment.Value(src))
	lang, rest, _ := strings.Cut(strings.TrimSpace(info), " ")
	if i := strings.IndexByte(lang, '{'); i > 0 { // "go{race}"
		lang, rest = lang[:i], lang[i:]+" "+rest
	}
	fenceLine := p.line(n.Info.Segment.Start)
	body := string(n.Lines().Value(src))
	switch lang {
	case "go":
		attrs, err := parseAttrs(rest)
		if err != nil {
			// Keep the snippet, so its output block is not also reported.
			p.errorf(fenceLine, "snippet attributes: %v", err)
		}
		return p.snippet(fenceLine, body, attrs)
	case "output":
		attrs, err := parseAttrs(rest)
		if err != nil {
			p.errorf(fenceLine, "output attributes: %v", err)
			return nil
		}
		p.output(fenceLine, body, attrs, n, prev)
	}
	return nil
}

func (p *parseState) output(line int, body string, attrs []Attr, n ast.Node, prev *Snippet) {
	mode := check.Exact
	for _, a := range attrs {
		if a.Key != "mode" || a.Flag {
			p.errorf(line, "unknown output attribute %q (the only one is mode=)", a.Key)
			continue
		}
		m, err := check.ParseMode(a.Value)
		if err != nil {
			p.errorf(line, "%v", err)
			continue
		}
		mode = m
	}
	sib, ok := n.PreviousSibling().(*ast.FencedCodeBlock)
	if prev == nil || !ok || p.line(sib.Info.Segment.Start) != prev.Line {
		p.errorf(line, "output block with no go snippet directly before it")
		return
	}
	if prev.Output != nil {
		p.errorf(line, "snippet at line %d already has an output block", prev.Line)
		return
	}
	if prev.Attrs.NoRun {
		p.errorf(line, "snippet at line %d is no-run, so it has no output to check", prev.Line)
		return
	}
	exp, err := check.New(mode, body)
	if err != nil {
		var le *check.LineError
		if errors.As(err, &le) {
			p.errorf(line+le.Line, "%v", le.Err)
		} else {
			p.errorf(line, "%v", err)
		}
		return
	}
	prev.Output = &Output{Line: line, Text: body, Expect: exp}
}

func (p *parseState) snippet(line int, body string, attrs []Attr) *Snippet {
	s := &Snippet{Line: line, Code: body}
	s.Attrs = p.typedAttrs(line, attrs, &s.ID)
	if s.ID == "" {
		s.ID = "s" + strconv.Itoa(len(p.ch.Snippets)+1)
	}
	if first, dup := p.ids[s.ID]; dup {
		p.errorf(line, "duplicate snippet id %q (first used at line %d)", s.ID, first)
	}
	p.ids[s.ID] = line
	p.ch.Snippets = append(p.ch.Snippets, s)
	if isArchive(body) {
		s.Archive = true
		files, err := archiveFiles(body, line+1)
		if err != nil {
			p.errorf(line, "%v", err)
		}
		s.Program = files
		if s.Attrs.Program != "" {
			p.errorf(line, "a txtar archive cannot be a piece of program %q", s.Attrs.Program)
		}
	} else if s.Attrs.Program == "" {
		if !hasPackageClause(body) {
			p.errorf(line+1, "snippet has no package clause: add \"package main\", or program=NAME to make it a piece of a program")
		}
		s.Program = []job.File{{Name: "main.go", Body: body, Line: line + 1}}
	}
	s.Runs = true
	return s
}

// assemblePrograms gives each piece of a program the files of every piece
// up to it, and decides which pieces run.
func (p *parseState) assemblePrograms() {
	pieces := map[string][]*Snippet{}
	var order []string
	for _, s := range p.ch.Snippets {
		name := s.Attrs.Program
		if name == "" || s.Archive {
			continue
		}
		if pieces[name] == nil {
			order = append(order, name)
		}
		pieces[name] = append(pieces[name], s)
	}
	for _, name := range order {
		var files []job.File
		list := pieces[name]
		for i, s := range list {
			// Named by position, not by id: an id such as helper_windows or
			// x_test would make a file that go build leaves out.
			f := job.File{Name: fmt.Sprintf("piece%d.go", i+1), Body: s.Code, Line: s.Line + 1}
			if !hasPackageClause(s.Code) {
				f.Body = "package main\n" + s.Code
				f.Line--
			}
			files = append(files, f)
			s.Program = append([]job.File(nil), files...)
			s.Runs = s.Output != nil || s.Attrs.Expect.Outcome != job.OK || i == len(list)-1
		}
	}
}

var archiveHeader = regexp.MustCompile(`^-- (\S+) --$`)

func isArchive(body string) bool {
	first, _, _ := strings.Cut(body, "\n")
	return archiveHeader.MatchString(strings.TrimRight(first, "\r"))
}

// archiveFiles splits a txtar archive into files, each with the chapter
// line of its first line.
func archiveFiles(body string, firstLine int) ([]job.File, error) {
	var files []job.File
	seen := map[string]bool{}
	lines := strings.SplitAfter(body, "\n")
	for i, l := range lines {
		m := archiveHeader.FindStringSubmatch(strings.TrimRight(l, "\r\n"))
		if m == nil {
			if len(files) > 0 {
				files[len(files)-1].Body += l
			}
			continue
		}
		name := m[1]
		if clean := path.Clean(name); clean != name || path.IsAbs(name) || strings.HasPrefix(name, "../") || name == ".." {
			return nil, fmt.Errorf("archive file name %q must be a clean relative path", name)
		}
		if seen[name] {
			return nil, fmt.Errorf("archive holds %q twice", name)
		}
		seen[name] = true
		files = append(files, job.File{Name: name, Line: firstLine + i + 1})
	}
	return files, nil
}

func hasPackageClause(code string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", code, parser.PackageClauseOnly)
	return err == nil
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

var chapterName = regexp.MustCompile(`^(\d+)-(.+)\.md$`)

// NameParts returns the number and slug of a chapter path such as
// "chapters/03-threads.md" (3, "threads"); a name without NN- has number 0.
func NameParts(p string) (int, string) {
	base := path.Base(p)
	if m := chapterName.FindStringSubmatch(base); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimSuffix(base, path.Ext(base))
}
