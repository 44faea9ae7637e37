package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"workbook/runner/chapter"
	"workbook/runner/check"
	"workbook/runner/measure"
)

// page renders one chapter's syntax tree: prose through goldmark's HTML
// renderer, and in place of each fenced block the snippet with its results
// (render hooks in the manner of golang/website's internal/web/render.go).
type page struct {
	ch        *chapter.Chapter
	results   map[string]*Result
	keepGoing bool
	tmpl      *template.Template
	errs      chapter.ErrorList
	outline   []heading
	text      []section // the prose's text by section, for the search index
}

// heading is an entry of the chapter's outline.
type heading struct {
	Level int
	ID    string
	Text  string
}

func (p *page) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, &chapter.Error{Path: p.ch.Path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// render returns the chapter's body HTML.
func (p *page) render() (template.HTML, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithRendererOptions(
			html.WithUnsafe(), // chapters are the authors' own HTML
			renderer.WithNodeRenderers(util.Prioritized(p, 100)),
		),
	)
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, p.ch.Source, p.ch.Doc); err != nil {
		return "", fmt.Errorf("render %s: %w", p.ch.Path, err)
	}
	p.collectText()
	return template.HTML(b.String()), nil
}

// RegisterFuncs implements renderer.NodeRenderer.
func (p *page) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, p.fence)
	reg.Register(ast.KindHeading, p.heading)
	reg.Register(chapter.KindRef, p.ref)
}

func (p *page) lineOf(n *ast.FencedCodeBlock) int {
	if n.Info != nil {
		return lineAt(p.ch.Source, n.Info.Segment.Start)
	}
	if n.Lines().Len() > 0 {
		return lineAt(p.ch.Source, n.Lines().At(0).Start) - 1
	}
	return 0
}

func lineAt(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

func (p *page) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id, _ := n.AttributeString("id")
	idText, _ := id.([]byte)
	if entering {
		fmt.Fprintf(w, "<h%d id=\"%s\">", n.Level, template.HTMLEscapeString(string(idText)))
		if n.Level > 1 && n.Level <= 3 {
			p.outline = append(p.outline, heading{Level: n.Level, ID: string(idText), Text: plainText(n, src)})
		}
		return ast.WalkContinue, nil
	}
	if n.Level > 1 {
		fmt.Fprintf(w, ` <a class="anchor" href="#%s" aria-label="Link to this section">#</a>`, template.HTMLEscapeString(string(idText)))
	}
	fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}

// plainText is a node's text without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *chapter.RefNode:
			b.WriteString(c.Ref.Text)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func (p *page) fence(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	line := p.lineOf(n)
	for _, s := range p.ch.Snippets {
		switch {
		case s.Line == line:
			return ast.WalkSkipChildren, p.snippet(w, s)
		case s.Output != nil && s.Output.Line == line:
			return ast.WalkSkipChildren, nil // shown with its snippet
		}
	}
	lang := ""
	if n.Info != nil {
		lang, _, _ = strings.Cut(strings.TrimSpace(string(n.Info.Segment.Value(src))), " ")
	}
	code, err := highlight(string(n.Lines().Value(src)), lang)
	if err != nil {
		return ast.WalkStop, err
	}
	_, err = w.WriteString(string(code))
	return ast.WalkSkipChildren, err
}

// ref renders a {{measured}} reference from the snippet's measurement.
func (p *page) ref(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	ref := node.(*chapter.RefNode).Ref
	text, title, err := p.figure(ref)
	if err != nil {
		if !p.keepGoing {
			p.errorf(ref.Line, "%s: %v", ref.Text, err)
		}
		fmt.Fprintf(w, `<span class="figure-ref missing" title="%s">%s</span>`, template.HTMLEscapeString(err.Error()), template.HTMLEscapeString(ref.Text))
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<a class="figure-ref" href="#%s" title="%s">%s</a>`, template.HTMLEscapeString(ref.ID), template.HTMLEscapeString(title), template.HTMLEscapeString(text))
	return ast.WalkContinue, nil
}

func (p *page) figure(ref *chapter.Ref) (text, title string, err error) {
	r := p.results[ref.ID]
	var base *Result
	if s := p.ch.Snippet(ref.ID); s != nil && s.Attrs.Baseline != "" {
		base = p.results[s.Attrs.Baseline]
	}
	env, ok := figureEnv(r, base)
	if !ok {
		why := "it was not measured"
		if r != nil && r.Reason != "" {
			why = "it was " + r.Verdict() + ": " + r.Reason
		}
		return "", "", fmt.Errorf("no measurement of #%s (%s)", ref.ID, why)
	}
	v, unit, err := ref.Figure.Value(env)
	if err != nil {
		return "", "", err
	}
	title = fmt.Sprintf("%s of #%s, %s", ref.Figure.Text, ref.ID, r.Measurement.Provenance)
	return measure.FormatFigure(v, unit), title, nil
}

// lexerCache holds chroma's lexers by fence language: lexers.Get of a name
// it does not know falls back to matching every lexer's file patterns,
// which cost a no-change build of the book 150ms (profiled).
var lexerCache sync.Map

func lexerFor(lang string) chroma.Lexer {
	if l, ok := lexerCache.Load(lang); ok {
		return l.(chroma.Lexer)
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		lexer = lexers.Get("plaintext")
	}
	lexer = chroma.Coalesce(lexer)
	lexerCache.Store(lang, lexer)
	return lexer
}

// highlight returns code as highlighted HTML with chroma's CSS classes.
func highlight(code, lang string) (template.HTML, error) {
	it, err := lexerFor(lang).Tokenise(nil, code)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := formatter.Format(&b, styles.Fallback, it); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))

// accepts says in words what a check that is not exact accepts.
func accepts(mode check.Mode) string {
	switch mode {
	case check.Unordered:
		return "The check accepts these lines in any order:"
	case check.Regexp:
		return "The check accepts output whose lines match these regular expressions, one by one:"
	case check.Contains:
		return "The check accepts any output that contains these lines, in this order:"
	case check.PerKey:
		return "The check accepts these lines with each key's lines (the text before the first ':') in this order; different keys may interleave:"
	}
	return ""
}

// outlineOf lists a chapter's level-2 and level-3 headings.
func outlineOf(ch *chapter.Chapter) []heading {
	var hs []heading
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			id, _ := h.AttributeString("id")
			idText, _ := id.([]byte)
			hs = append(hs, heading{Level: h.Level, ID: string(idText), Text: plainText(h, ch.Source)})
		}
		return ast.WalkSkipChildren, nil
	})
	return hs
}

// chromaCSS is the highlighting stylesheet: GitHub's colours, and GitHub
// Dark's when the system prefers dark (unless the reader chose light) or
// the reader chose dark.
func chromaCSS() []byte {
	var light, dark bytes.Buffer
	_ = formatter.WriteCSS(&light, styles.Get("github"))
	_ = formatter.WriteCSS(&dark, styles.Get("github-dark"))
	var b bytes.Buffer
	b.Write(light.Bytes())
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.Write(scopeCSS(dark.Bytes(), `:root:not([data-theme="light"]) `))
	b.WriteString("}\n")
	b.Write(scopeCSS(dark.Bytes(), `:root[data-theme="dark"] `))
	return b.Bytes()
}

// scopeCSS prefixes every rule of chroma's stylesheet with scope.
func scopeCSS(css []byte, scope string) []byte {
	var b bytes.Buffer
	for line := range strings.Lines(string(css)) {
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, ".") || strings.HasPrefix(t, "/*") && strings.Contains(t, "*/ .") {
			if i := strings.Index(line, "*/ ."); i >= 0 {
				line = line[:i+3] + scope + line[i+3:]
			} else {
				line = scope + t
			}
		}
		b.WriteString(line)
	}
	return b.Bytes()
}
