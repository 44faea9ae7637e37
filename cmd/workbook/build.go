package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"workbook/runner/chapter"
	"workbook/runner/event"
	"workbook/site"
)

var buildCommand = command{
	name:    "build",
	summary: "build the book's static site: every chapter with its programs' real output and timings",
	run:     buildSite,
}

func buildSite(ctx context.Context, e *env, args []string) error {
	var f runFlags
	fs := newFlags("build", "[-o DIR] [--keep-going] [--remeasure]", `
Build renders every chapter into a static site in DIR: the prose, each
snippet highlighted, with the output it printed when it ran here, its
verdict, and for measured snippets the timing table and charts with where
and when they were measured.

Unchanged snippets are served from the results cache and unchanged
measurements from the timing store (--remeasure measures again); unchanged
pages are not rendered again. The site is written beside DIR and swapped
in whole, so a failed build leaves the last good site. A failing snippet
fails the build with file:line, unless --keep-going, which shows the
failure on its page.`, e.stdout)
	f.register(fs)
	out := fs.String("o", "_site", "write the site into `DIR`")
	keepGoing := fs.Bool("keep-going", false, "render failing snippets on their page instead of failing the build")
	remeasure := fs.Bool("remeasure", false, "measure every measured snippet again instead of using the timing store")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"build takes no arguments (it builds every chapter; --book names the book)"}
	}
	if err := f.check(); err != nil {
		return err
	}
	f.reuseTimings = !*remeasure
	b, w, err := newBuilder(&f, site.Options{Out: *out, KeepGoing: *keepGoing}, e.stderr)
	if err != nil {
		return err
	}
	defer w.Close()
	rep, err := b.Build(ctx)
	if err != nil {
		return buildError(e.stderr, err)
	}
	fmt.Fprintf(e.stdout, "built %s: %d chapters (%d pages rendered, %d unchanged), snippets %d passed, %d failed, %d skipped, in %s\n",
		*out, rep.Chapters, len(rep.Rendered), len(rep.Reused), rep.Summary.Passed, rep.Summary.Failed, rep.Summary.Skipped, rep.Elapsed.Round(1e6))
	return nil
}

// newBuilder wires a site.Builder for the flags and opts (Book, Runner and
// Sink are filled in here). Progress goes to progress: a line per chapter
// as its snippets finish.
func newBuilder(f *runFlags, opts site.Options, progress io.Writer) (*site.Builder, *wired, error) {
	book := f.book
	w, err := wire(f, book, runtime.NumCPU(), false)
	if err != nil {
		return nil, nil, err
	}
	var sink event.Sink
	if f.json {
		sink = event.NewJSONWriter(progress)
	} else if progress != nil {
		sink = &progressSink{w: progress}
	}
	opts.Book, opts.Runner, opts.Sink = os.DirFS(book), w.runner, sink
	b, err := site.New(opts)
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return b, w, nil
}

// buildError prints every file:line of a failed build and reports failure.
func buildError(stderr io.Writer, err error) error {
	var list chapter.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "workbook build: %d problems; the last good site was left as it was\n", len(list))
		return errFailed
	}
	return err
}

// progressSink prints one line per chapter run, and each failure.
type progressSink struct{ w io.Writer }

func (p *progressSink) Event(e event.Event) {
	switch e.Action {
	case event.Chapter:
		fmt.Fprintf(p.w, "running %s (%d snippets)\n", e.Chapter, e.Snippets)
	case event.Verdict:
		if e.Pass != nil && !*e.Pass && !e.Skip {
			fmt.Fprintf(p.w, "  %s:%d: snippet %s failed\n", e.Chapter, e.Line, e.Snippet)
		}
	}
}
