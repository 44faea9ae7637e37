package site

import (
	"encoding/json"
	"strings"

	"github.com/yuin/goldmark/ast"

	"workbook/runner/chapter"
)

// section is a part of a chapter's prose under one heading: an entry of
// the search index.
type section struct {
	Chapter string `json:"c"` // the chapter's title
	Title   string `json:"t"` // the heading's text
	URL     string `json:"u"` // page#heading
	Text    string `json:"x"` // the prose, markup removed
}

// collectText splits the chapter's prose into sections at its level-2 and
// level-3 headings. Code is left out: the index is for finding ideas, and
// it stays small (the whole book's is a few hundred kilobytes).
func (p *page) collectText() {
	src := p.ch.Source
	cur := &section{Chapter: p.ch.Title, Title: p.ch.Title, URL: pageName(p.ch)}
	var b strings.Builder
	flush := func() {
		cur.Text = strings.Join(strings.Fields(b.String()), " ")
		if cur.Text != "" || cur.Title != "" {
			p.text = append(p.text, *cur)
		}
		b.Reset()
	}
	_ = ast.Walk(p.ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 2 || n.Level == 3 {
				flush()
				id, _ := n.AttributeString("id")
				idText, _ := id.([]byte)
				cur = &section{Chapter: p.ch.Title, Title: plainText(n, src), URL: pageName(p.ch) + "#" + string(idText)}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			b.WriteString(plainText(n, src))
			b.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	flush()
}

// searchScript is the search index as a script that sets
// window.WB_SEARCH: a script, not a JSON file to fetch, so that search
// works on a site opened from disk (file://) too.
func searchScript(sections []section) ([]byte, error) {
	b, err := json.Marshal(sections)
	if err != nil {
		return nil, err
	}
	return append(append([]byte("window.WB_SEARCH = "), b...), ";\n"...), nil
}

// pageName is the file a chapter is rendered to: its file name with .html.
func pageName(ch *chapter.Chapter) string {
	name := ch.Path[strings.LastIndexByte(ch.Path, '/')+1:]
	return strings.TrimSuffix(name, ".md") + ".html"
}
