package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"workbook/grade"
	"workbook/runner/chapter"
)

// exerciseView is an exercise as its chapter's page shows it: the task
// (its README), what is graded, and how to check it.
type exerciseView struct {
	Name     string
	ID       string
	Folder   string
	README   template.HTML
	Tests    []grade.Case
	MaxScore float64
}

// exerciseCache keeps the exercises as last loaded, by a stamp of every
// file's path, size and modification time under exercises/ and
// solutions/: loading parses every test file and renders every README,
// which a build where nothing changed should not pay for.
type exerciseCache struct {
	stamp string
	views map[string][]exerciseView
}

func (c *exerciseCache) load(book fs.FS) (map[string][]exerciseView, error) {
	h := sha256.New()
	for _, root := range []string{"exercises", "solutions"} {
		_ = fs.WalkDir(book, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // a missing root: nothing to stamp
			}
			if fi, err := d.Info(); err == nil && !d.IsDir() {
				fmt.Fprintf(h, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	stamp := hex.EncodeToString(h.Sum(nil))
	if c.views != nil && c.stamp == stamp {
		return c.views, nil
	}
	views, err := loadExercises(book)
	if err != nil {
		return nil, err
	}
	if views == nil {
		views = map[string][]exerciseView{}
	}
	c.stamp, c.views = stamp, views
	return views, nil
}

// loadExercises reads the book's exercises and solutions through the
// grader's own loader, so the page shows exactly the rubric the grader
// applies. A book without exercises/ has none.
func loadExercises(book fs.FS) (map[string][]exerciseView, error) {
	exercises, err := fs.Sub(book, "exercises")
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(book, "exercises"); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	solutions, err := fs.Sub(book, "solutions")
	if err != nil {
		return nil, err
	}
	list, err := grade.LoadExercises(exercises, solutions)
	if err != nil {
		return nil, err
	}
	byChapter := map[string][]exerciseView{}
	for _, e := range list {
		readme, err := fs.ReadFile(exercises, path.Join(e.ID, "README.md"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		html, err := renderMarkdown(readme)
		if err != nil {
			return nil, err
		}
		slug := path.Dir(e.ID)
		byChapter[slug] = append(byChapter[slug], exerciseView{
			Name: e.Name, ID: e.ID, Folder: "exercises/" + e.ID, README: html, Tests: e.Cases, MaxScore: e.MaxScore(),
		})
	}
	return byChapter, nil
}

// chapterKey is the NN-slug that names a chapter's exercise folder.
func chapterKey(ch *chapter.Chapter) string {
	return strings.TrimSuffix(pageName(ch), ".html")
}

// renderMarkdown renders a README: GFM, highlighted code, headings shifted
// down two levels so that they sit under the page's exercise heading.
func renderMarkdown(src []byte) (template.HTML, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(readmeRenderer{}, 100))),
	)
	doc := md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+2, 6)
		}
		return ast.WalkContinue, nil
	})
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

type readmeRenderer struct{}

func (readmeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.FencedCodeBlock)
		code, err := highlight(string(n.Lines().Value(src)), string(n.Language(src)))
		if err != nil {
			return ast.WalkStop, err
		}
		_, err = w.WriteString(string(code))
		return ast.WalkSkipChildren, err
	})
}
