package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"workbook/runner/chapter"
)

// edited returns the chapter at path as last built, or, when code is not
// nil, the chapter with the snippet id's code replaced by code (as the
// page's editor sent it), parsed afresh; and the results of the chapter's
// snippets as last built.
func (b *Builder) edited(path, id string, code *string) (*chapter.Chapter, map[string]*Result, error) {
	b.mu.Lock()
	c := b.chapters[path]
	b.mu.Unlock()
	if c == nil {
		return nil, nil, fmt.Errorf("no chapter %q in the last build", path)
	}
	s := c.ch.Snippet(id)
	switch {
	case s == nil:
		return nil, nil, fmt.Errorf("no snippet #%s in %s", id, path)
	case !s.Runs:
		return nil, nil, fmt.Errorf("#%s is a piece of program %s, run by a later piece", id, s.Attrs.Program)
	case code == nil:
		return c.ch, c.results, nil
	case len(*code) > maxCode:
		return nil, nil, fmt.Errorf("the code is over %d KiB", maxCode>>10)
	}
	src, err := splice(c.ch.Source, s, *code)
	if err != nil {
		return nil, nil, err
	}
	ch, err := chapter.Parse(path, src)
	if err != nil {
		return nil, nil, err
	}
	return ch, c.results, nil
}

// splice replaces the body of snippet s in the chapter source src by
// code, indented as the fence is. The code may not hold a fence of its own.
func splice(src []byte, s *chapter.Snippet, code string) ([]byte, error) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	start, n := s.Line, strings.Count(s.Code, "\n") // body lines follow the fence line
	if start+n > len(lines) {
		return nil, errors.New("the chapter changed under the page: reload it")
	}
	fence := lines[start-1]
	indent := fence[:len(fence)-len(bytes.TrimLeft(fence, " \t"))]
	marker := bytes.TrimLeft(fence, " \t")
	marker = marker[:len(marker)-len(bytes.TrimLeft(marker, string(marker[0])))]
	if !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	var body bytes.Buffer
	for line := range strings.Lines(code) {
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), string(marker)) {
			return nil, fmt.Errorf("the code may not contain a line starting with %s", marker)
		}
		if line != "\n" {
			body.Write(indent)
		}
		body.WriteString(line)
	}
	var out bytes.Buffer
	for _, l := range lines[:start] {
		out.Write(l)
	}
	out.Write(body.Bytes())
	for _, l := range lines[start+n:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}

// renderSnippet renders one snippet's figure with the given results: the
// fragment a Run button puts in place of the old one.
func (b *Builder) renderSnippet(ch *chapter.Chapter, id string, results map[string]*Result) (string, error) {
	s := ch.Snippet(id)
	if s == nil {
		return "", fmt.Errorf("no snippet #%s", id)
	}
	p := &page{ch: ch, results: results, keepGoing: true, tmpl: b.template()}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := p.snippet(w, s); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return buf.String(), nil
}
