package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"workbook/runner"
	"workbook/runner/cache"
	"workbook/runner/event"
	"workbook/runner/goengine"
	"workbook/runner/measure"
	"workbook/runner/term"
	"workbook/runner/yaegiengine"
)

// runFlags are the flags shared by run and test.
type runFlags struct {
	engine  string
	fresh   bool
	json    bool
	verbose bool
	book    string
	cache   string

	strictTiming bool // test only
	reuseTimings bool // build and serve: stored measurements of unchanged snippets
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.engine, "engine", "auto", "run every snippet with this engine: auto, yaegi or go")
	fs.BoolVar(&f.fresh, "fresh", false, "run everything again instead of using cached results")
	fs.BoolVar(&f.json, "json", false, "print newline-delimited JSON events (schema: go doc workbook/runner/event)")
	fs.BoolVar(&f.verbose, "v", false, "say which engine runs each snippet, and why")
	fs.StringVar(&f.book, "book", ".", "the book's root directory, holding chapters/")
	fs.StringVar(&f.cache, "cache", "", "cache directory (default: the user cache directory's workbook/)")
}

func (f *runFlags) check() error {
	switch f.engine {
	case "auto", "yaegi", "go":
		return nil
	}
	return usageError{fmt.Sprintf("--engine must be auto, yaegi or go, not %q", f.engine)}
}

// wired is a Runner with the engines it owns.
type wired struct {
	runner *runner.Runner
	yaegi  *yaegiengine.Engine
}

func (w *wired) Close() error { return w.yaegi.Close() }

// wire builds the engines, the cache and the Runner that the flags ask for,
// for the book in the directory book.
func wire(f *runFlags, book string, parallel int, parity bool) (*wired, error) {
	dir := f.cache
	if dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory (%v); give one with --cache", err)
		}
		dir = filepath.Join(d, "workbook")
	}
	results, err := cache.Open(filepath.Join(dir, "results"))
	if err != nil {
		return nil, err
	}
	timings, err := measure.OpenStore(filepath.Join(dir, "timings"))
	if err != nil {
		return nil, err
	}
	cfg := runner.Config{
		Cache: results, Fresh: f.fresh, Engine: f.engine, Parallel: parallel, Parity: parity,
		Eligible: yaegiengine.Eligible, Timings: timings, StrictTiming: f.strictTiming,
		ReuseTimings: f.reuseTimings,
	}
	mods, sum, err := bookModules(book)
	if err != nil {
		return nil, err
	}
	g := goengine.New(goengine.Config{CacheDir: filepath.Join(dir, "bin"), Modules: mods, ModulesSum: sum})
	if err := g.Available(); err != nil {
		cfg.GoErr = err
	} else {
		cfg.Go = g
	}
	// Two warm workers: back to back, one was not ready again in time
	// (17.4ms a trivial run, against 4.6ms with two; cmd/workbook-bench).
	y := yaegiengine.New(yaegiengine.Config{Prewarm: 2})
	cfg.Yaegi = y
	return &wired{runner: runner.New(cfg), yaegi: y}, nil
}

// bookModules reads the book's chapters/go.mod and go.sum: the modules
// beyond the standard library that compiled snippets may import (see
// docs/authoring.md). A book without them gets the standard library.
func bookModules(book string) (mods, sum []byte, err error) {
	mods, err = os.ReadFile(filepath.Join(book, "chapters", "go.mod"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	sum, err = os.ReadFile(filepath.Join(book, "chapters", "go.sum"))
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	return mods, sum, err
}

// sink returns where events go: JSON, or the terminal printer.
func sink(f *runFlags, e *env, layout term.Layout) event.Sink {
	if f.json {
		return event.NewJSONWriter(e.stdout)
	}
	return term.New(e.stdout, layout, f.verbose, useColor(e))
}

// useColor: only on a terminal, and never when NO_COLOR is set
// (https://no-color.org) or TERM is dumb.
func useColor(e *env) bool {
	if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// bookPaths translates chapter arguments that are paths to Markdown files
// as the user sees them (relative to the current directory) into paths
// inside the book. Other arguments ("3", "threads", "03-threads.md") are
// the book's to resolve and pass unchanged. A single file outside the book
// becomes a book of its own: its directory.
func bookPaths(book string, args []string) (string, []string, error) {
	root, err := filepath.Abs(book)
	if err != nil {
		return "", nil, err
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if !strings.HasSuffix(a, ".md") {
			continue
		}
		abs, err := filepath.Abs(a)
		if err != nil {
			continue
		}
		if _, err := os.Stat(abs); err != nil {
			continue // not a path from here: perhaps one inside the book
		}
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			out[i] = filepath.ToSlash(rel)
			continue
		}
		if len(args) > 1 {
			return "", nil, usageError{fmt.Sprintf("%s is outside the book %s; name one such file alone, or give --book", a, book)}
		}
		return filepath.Dir(abs), []string{filepath.Base(abs)}, nil
	}
	return book, out, nil
}

var _ io.Closer = (*wired)(nil)
