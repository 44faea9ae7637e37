package main

import (
	"context"
	"fmt"
	"os"

	"workbook/runner"
	"workbook/runner/event"
	"workbook/runner/figures"
	"workbook/runner/term"
)

var runCommand = command{
	name:    "run",
	summary: "run one chapter's snippets and show their code, output, verdict and timings",
	run:     runChapter,
}

func runChapter(ctx context.Context, e *env, args []string) error {
	var f runFlags
	fs := newFlags("run", "[--snippet ID] [--engine E] [--fresh] [--json] [-v] CHAPTER", `
Run runs the snippets of one chapter in order and shows, for each, its code,
what it printed, whether it met the chapter's expectation (with a want/got
diff when it did not) and how long each run took. It ends with the line
"N passed, N failed" and exits 1 if any snippet failed.

CHAPTER is "chapter3", "3", "03", a slug such as "threads", or the path of a
Markdown file. Unchanged snippets are served from the results cache and say
"cached"; --fresh runs them again.`, e.stdout)
	f.register(fs)
	var snippet onceString
	fs.Var(&snippet, "snippet", "run only the snippet with this `ID`")
	charts := fs.String("charts", "", "write the charts of measured and traced snippets as SVG files in this directory")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"name one chapter"}
	}
	if err := f.check(); err != nil {
		return err
	}
	book, names, err := bookPaths(f.book, pos)
	if err != nil {
		return err
	}
	w, err := wire(&f, book, 1, false)
	if err != nil {
		return err
	}
	defer w.Close()
	out := sink(&f, e, term.Chapter)
	var figs *figures.Writer
	if *charts != "" {
		figs = &figures.Writer{Dir: *charts}
		out = event.Tee{out, figs}
	}
	sum, err := w.runner.Run(ctx, runner.Request{Book: os.DirFS(book), Chapters: names, Snippet: string(snippet)}, out)
	if err != nil {
		return err
	}
	if figs != nil {
		if figs.Err != nil {
			return fmt.Errorf("charts: %w", figs.Err)
		}
		if !f.json {
			for _, p := range figs.Files {
				fmt.Fprintf(e.stdout, "chart: %s\n", p)
			}
		}
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}

// onceString is a string flag that may be given once: a second --snippet
// would otherwise silently replace the first.
type onceString string

func (s *onceString) String() string { return string(*s) }

func (s *onceString) Set(v string) error {
	if *s != "" {
		return fmt.Errorf("given twice (%q and %q): run one snippet at a time", string(*s), v)
	}
	*s = onceString(v)
	return nil
}
