package chapter

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"workbook/runner/measure"
)

// Ref is a reference in the prose to a figure of a measured snippet:
//
//	{{measured ID QUANTITY}}
//
// QUANTITY is a figure of package measure: wall, max_rss, speedup(…),
// efficiency(…), cpu_per_wall, metric(…) or amdahl_p. The site renders it
// from the timing store, so no measured number in the prose is typed by
// hand; elsewhere it reads as written.
type Ref struct {
	Line   int
	Text   string // the reference as written, braces included
	ID     string // the measured snippet
	Figure measure.Figure
}

// RefNode is the inline AST node of a Ref in Chapter.Doc.
type RefNode struct {
	ast.BaseInline
	Ref *Ref
}

// KindRef is the ast.NodeKind of RefNode.
var KindRef = ast.NewNodeKind("MeasuredRef")

func (n *RefNode) Kind() ast.NodeKind { return KindRef }

func (n *RefNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Ref": n.Ref.Text}, nil)
}

// refPattern is one reference on one line. The quantity is everything up
// to the closing braces, checked by measure.ParseFigure.
var refPattern = regexp.MustCompile(`^\{\{measured\b([^}]*)\}\}`)

// refParser is the goldmark inline parser of references. Code spans and
// code blocks are parsed before it sees the text, so a reference written
// inside backquotes stays literal.
type refParser struct{ p *parseState }

func (r refParser) Trigger() []byte { return []byte{'{'} }

func (r refParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	m := refPattern.FindSubmatch(line)
	if m == nil {
		if bytes.HasPrefix(line, []byte("{{measured")) {
			// Wrapped by an editor: say so rather than show it as text.
			r.p.errorf(r.p.line(seg.Start), "a {{measured ID QUANTITY}} reference must be on one line")
		}
		return nil
	}
	id, quantity, _ := strings.Cut(strings.TrimSpace(string(m[1])), " ")
	ref := &Ref{Line: r.p.line(seg.Start), Text: string(m[0]), ID: strings.TrimPrefix(id, "#")}
	var err error
	switch ref.Figure, err = measure.ParseFigure(quantity); {
	case ref.ID == "":
		r.p.errorf(ref.Line, "%s: want {{measured ID QUANTITY}}", ref.Text)
	case err != nil:
		r.p.errorf(ref.Line, "%s: %v", ref.Text, err)
	default:
		r.p.ch.Refs = append(r.p.ch.Refs, ref)
	}
	block.Advance(len(m[0]))
	return &RefNode{Ref: ref}
}

// checkRefs runs once every snippet is known: a reference names a measured
// snippet of the chapter and a figure its measurement will have.
func (p *parseState) checkRefs() {
	for _, ref := range p.ch.Refs {
		s := p.ch.Snippet(ref.ID)
		switch {
		case s == nil:
			p.errorf(ref.Line, "%s: no snippet #%s in this chapter", ref.Text, ref.ID)
		case !s.Attrs.Measure:
			p.errorf(ref.Line, "%s: snippet #%s is not measured (add measure to it)", ref.Text, ref.ID)
		default:
			if err := ref.Figure.Check(s.Attrs.Sweep, s.Attrs.Baseline != ""); err != nil {
				p.errorf(ref.Line, "%s: %v", ref.Text, err)
			}
		}
	}
}
