package site

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"workbook/runner"
	"workbook/runner/chapter"
	"workbook/runner/event"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Options configure a Builder.
type Options struct {
	Book      fs.FS          // the book: chapters/, exercises/, solutions/
	Out       string         // the site's directory
	Runner    *runner.Runner // runs the snippets (with ReuseTimings, so measurements are served from the store)
	KeepGoing bool           // render failing snippets on the page instead of failing the build
	Title     string         // the book's title; default "Concurrency in Go, run on your machine"
	Now       func() time.Time
	// Sink, if set, also receives the runner's events (progress).
	Sink event.Sink
	// Assets, if set, is a directory holding templates/ and static/ to use
	// instead of the ones built in: for working on the site's look, with
	// workbook serve reloading them on every save.
	Assets string
}

// Builder builds the site, again and again: it remembers each chapter's
// parse and results by the hash of its source, so an unchanged chapter is
// neither parsed nor run again, and each page by the hash of everything it
// is made of, so an unchanged page is not rendered again (it is linked from
// the previous site).
type Builder struct {
	opts   Options
	assets fs.FS

	assetsMu sync.RWMutex // guards tmpl and version, which reloadAssets replaces
	tmpl     *template.Template
	// version names the assets (templates, static files): part of every
	// page's hash and of the static URLs, so that browsers refetch them.
	version string

	mu        sync.Mutex // one build at a time; guards what follows
	chapters  map[string]*built
	exercises exerciseCache
}

// built is a chapter as last built.
type built struct {
	hash    string
	ch      *chapter.Chapter
	results map[string]*Result
}

// Report says what a build did.
type Report struct {
	Chapters int
	Rendered []string // pages rendered
	Reused   []string // pages linked from the previous site
	Ran      int      // chapters whose snippets went to the runner
	Summary  runner.Summary
	Elapsed  time.Duration
}

// New returns a Builder.
func New(opts Options) (*Builder, error) {
	if opts.Title == "" {
		opts.Title = "Concurrency in Go, run on your machine"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b := &Builder{opts: opts, assets: assets, chapters: map[string]*built{}}
	if opts.Assets != "" {
		b.assets = os.DirFS(opts.Assets)
	}
	if err := b.reloadAssets(); err != nil {
		return nil, err
	}
	return b, nil
}

// reloadAssets parses the templates and names the assets' version.
func (b *Builder) reloadAssets() error {
	tmpl, err := template.New("site").ParseFS(b.assets, "templates/*.html")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	h := sha256.New()
	err = fs.WalkDir(b.assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasPrefix(p, "templates/") || strings.HasPrefix(p, "static/")) {
			return err
		}
		body, err := fs.ReadFile(b.assets, p)
		fmt.Fprintf(h, "%s %d\n", p, len(body))
		h.Write(body)
		return err
	})
	if err != nil {
		return err
	}
	b.assetsMu.Lock()
	defer b.assetsMu.Unlock()
	b.tmpl, b.version = tmpl, hex.EncodeToString(h.Sum(nil))[:12]
	return nil
}

// assetsChanged reports whether any of paths is under Options.Assets.
func (b *Builder) assetsChanged(paths []string) bool {
	if b.opts.Assets == "" {
		return false
	}
	dir, err := filepath.Abs(b.opts.Assets)
	if err != nil {
		return false
	}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil && strings.HasPrefix(abs, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// assetsNow returns the templates and the assets' version.
func (b *Builder) assetsNow() (*template.Template, string) {
	b.assetsMu.RLock()
	defer b.assetsMu.RUnlock()
	return b.tmpl, b.version
}

func (b *Builder) template() *template.Template {
	t, _ := b.assetsNow()
	return t
}

// Build builds the site into Options.Out. On an error nothing is written:
// the last good site stays. The error is a chapter.ErrorList when the book
// has authoring mistakes or failing snippets (each "file:line: message").
func (b *Builder) Build(ctx context.Context) (*Report, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	start := b.opts.Now()
	rep := &Report{}
	chs, err := b.load(ctx, rep)
	if err != nil {
		return nil, err
	}
	files, err := b.render(chs, rep)
	if err != nil {
		return nil, err
	}
	if err := b.write(files, rep); err != nil {
		return nil, fmt.Errorf("write %s: %w", b.opts.Out, err)
	}
	rep.Elapsed = b.opts.Now().Sub(start)
	return rep, nil
}

// load parses the chapters whose source changed and runs their snippets.
func (b *Builder) load(ctx context.Context, rep *Report) ([]*built, error) {
	names, err := chapter.List(b.opts.Book)
	if err != nil {
		return nil, fmt.Errorf("list chapters: %w", err)
	}
	var errs chapter.ErrorList
	var chs, changed []*built
	for _, name := range names {
		src, err := fs.ReadFile(b.opts.Book, name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(src)
		hash := hex.EncodeToString(sum[:])
		if old := b.chapters[name]; old != nil && old.hash == hash {
			chs = append(chs, old)
			continue
		}
		ch, err := chapter.Parse(name, src)
		var list chapter.ErrorList
		switch {
		case errors.As(err, &list):
			errs = append(errs, list...)
			continue
		case err != nil:
			return nil, err
		}
		c := &built{hash: hash, ch: ch}
		chs, changed = append(chs, c), append(changed, c)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(changed) > 0 {
		results := NewResults()
		var sink event.Sink = results
		if b.opts.Sink != nil {
			sink = event.Tee{results, b.opts.Sink}
		}
		parsed := make([]*chapter.Chapter, len(changed))
		for i, c := range changed {
			parsed[i] = c.ch
		}
		sum, err := b.opts.Runner.Run(ctx, runner.Request{Parsed: parsed}, sink)
		if err != nil {
			return nil, err
		}
		rep.Summary, rep.Ran = sum, len(changed)
		for _, c := range changed {
			c.results, _ = results.Chapter(c.ch.Path)
			if c.results == nil {
				c.results = map[string]*Result{}
			}
		}
	}
	// Only now, when the run is whole: an interrupted build remembers nothing.
	b.chapters = map[string]*built{}
	for _, c := range chs {
		b.chapters[c.ch.Path] = c
	}
	rep.Chapters = len(chs)
	return chs, nil
}

// file is one file of the site: its bytes, or the hash under which the
// previous site holds it.
type file struct {
	body []byte
	hash string // of a page's inputs; "" for files always written
}

// render makes every file of the site.
func (b *Builder) render(chs []*built, rep *Report) (map[string]file, error) {
	exercises, err := b.exercises.load(b.opts.Book)
	if err != nil {
		return nil, fmt.Errorf("exercises: %w", err)
	}
	tmpl := b.template()
	prev := b.readManifest()
	files := map[string]file{}
	var errs chapter.ErrorList
	var index []section
	nav := b.nav(chs, exercises)
	for i, c := range chs {
		d := b.pageData(c.ch.Title)
		d.Chapters = nav
		if i > 0 {
			d.Prev = &nav[i-1]
		}
		if i+1 < len(chs) {
			d.Next = &nav[i+1]
		}
		exs := exercises[chapterKey(c.ch)]
		name := pageName(c.ch)
		hash := b.pageHash(c, d, exs)
		p := &page{ch: c.ch, results: c.results, keepGoing: b.opts.KeepGoing, tmpl: tmpl}
		if old, ok := prev[name]; ok && old == hash {
			// Unchanged: the search text and outline are still needed.
			p.collectText()
			index = append(index, p.text...)
			files[name] = file{hash: hash}
			rep.Reused = append(rep.Reused, name)
			continue
		}
		body, err := p.render()
		if err != nil {
			return nil, err
		}
		errs = append(errs, p.errs...)
		index = append(index, p.text...)
		d.Chapter = &chapterData{Body: body, Outline: p.outline, Exercises: exs, ExercisesTitle: "Exercises", ExercisesID: "exercises"}
		if slices.ContainsFunc(p.outline, func(h heading) bool { return h.ID == "exercises" }) {
			d.Chapter.ExercisesTitle, d.Chapter.ExercisesID = "The exercises in full", "exercises-in-full"
		}
		var out bytes.Buffer
		if err := tmpl.ExecuteTemplate(&out, "chapter", d); err != nil {
			return nil, fmt.Errorf("render %s: %w", c.ch.Path, err)
		}
		files[name] = file{body: out.Bytes(), hash: hash}
		rep.Rendered = append(rep.Rendered, name)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *chapter.Error) int {
			return cmp.Or(strings.Compare(a.Path, b.Path), a.Line-b.Line)
		})
		return nil, errs
	}
	for _, page := range []string{"index", "search"} {
		d := b.pageData(b.opts.Title)
		if page == "search" {
			d.Title = "Search"
		}
		d.Chapters = nav
		var out bytes.Buffer
		if err := tmpl.ExecuteTemplate(&out, page, d); err != nil {
			return nil, fmt.Errorf("render %s: %w", page, err)
		}
		files[page+".html"] = file{body: out.Bytes()}
	}
	script, err := searchScript(index)
	if err != nil {
		return nil, err
	}
	files["search-index.js"] = file{body: script}
	static, _ := fs.Sub(b.assets, "static")
	err = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(static, p)
		files["static/"+p] = file{body: body}
		return err
	})
	if err != nil {
		return nil, err
	}
	files["static/chroma.css"] = file{body: chromaCSS()}
	return files, nil
}

// navItem is a chapter in the table of contents and the pager.
type navItem struct {
	Title     string
	URL       string
	Snippets  int
	Exercises int
	Outline   []outlineLink
}

type outlineLink struct {
	Level int
	Text  string
	URL   string
}

func (b *Builder) nav(chs []*built, exercises map[string][]exerciseView) []navItem {
	var nav []navItem
	for _, c := range chs {
		item := navItem{Title: c.ch.Title, URL: pageName(c.ch), Snippets: len(c.ch.Snippets), Exercises: len(exercises[chapterKey(c.ch)])}
		for _, h := range outlineOf(c.ch) {
			item.Outline = append(item.Outline, outlineLink{Level: h.Level, Text: h.Text, URL: item.URL + "#" + h.ID})
		}
		nav = append(nav, item)
	}
	return nav
}

func navLink(n *navItem) [2]string {
	if n == nil {
		return [2]string{}
	}
	return [2]string{n.Title, n.URL}
}

// pageData is what every page template gets.
type pageData struct {
	Book       string
	Title      string
	Version    string
	Root       string
	Provenance string
	BuildID    string
	Chapters   []navItem
	Prev, Next *navItem
	Chapter    *chapterData
	Errors     []string
}

type chapterData struct {
	Body      template.HTML
	Outline   []heading
	Exercises []exerciseView
	// The appended exercises section is "Exercises", or "The exercises in
	// full" when the chapter has an Exercises section of its own.
	ExercisesTitle, ExercisesID string
}

func (b *Builder) pageData(title string) *pageData {
	_, version := b.assetsNow()
	return &pageData{Book: b.opts.Title, Title: title, Version: version,
		Provenance: "Built with workbook. Every output on these pages was produced by running the program shown; every timing says where and when it was measured."}
}

// pageHash is the hash of everything a chapter page is made of.
func (b *Builder) pageHash(c *built, d *pageData, exs []exerciseView) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	// Not d.Chapters: a chapter page shows only its neighbours, so another
	// chapter's new heading does not make this page stale.
	_ = enc.Encode([]any{d.Version, c.hash, d.Book, navLink(d.Prev), navLink(d.Next), exs})
	ids := make([]string, 0, len(c.results))
	for id := range c.results {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		_ = enc.Encode([]any{id, c.results[id]})
	}
	_ = enc.Encode(b.opts.KeepGoing)
	return hex.EncodeToString(h.Sum(nil))
}

// manifestName is the file in the site that records each page's hash.
const manifestName = ".workbook-build.json"

func (b *Builder) readManifest() map[string]string {
	m := map[string]string{}
	body, err := os.ReadFile(filepath.Join(b.opts.Out, manifestName))
	if err != nil || json.Unmarshal(body, &m) != nil {
		return map[string]string{}
	}
	for name := range m { // a manifest naming a page that is gone is not to be trusted for it
		if _, err := os.Stat(filepath.Join(b.opts.Out, filepath.FromSlash(name))); err != nil {
			delete(m, name)
		}
	}
	return m
}

// write writes the site into a fresh directory beside Out and swaps it in,
// so that a reader (or a server) sees the old site or the new one, and a
// failed write leaves the old one.
func (b *Builder) write(files map[string]file, rep *Report) error {
	out := filepath.Clean(b.opts.Out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // after a successful swap, nothing is left there
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	manifest := map[string]string{}
	for name, f := range files {
		dst := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if f.hash != "" {
			manifest[name] = f.hash
		}
		if f.body == nil {
			src := filepath.Join(out, filepath.FromSlash(name))
			if err := os.Link(src, dst); err == nil {
				continue
			}
			body, err := os.ReadFile(src)
			if err != nil {
				return err
			}
			f.body = body
		}
		if err := os.WriteFile(dst, f.body, 0o644); err != nil {
			return err
		}
	}
	mb, err := json.MarshalIndent(manifest, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, manifestName), mb, 0o644); err != nil {
		return err
	}
	return swap(tmp, out)
}

// swap puts the directory tmp in place of out. A site that exists is first
// moved aside, then removed: between the two renames there is no site for
// an instant, never half of one.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + "-old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
