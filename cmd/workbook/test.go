package main

import (
	"context"
	"os"
	"runtime"

	"workbook/runner"
	"workbook/runner/term"
)

var testCommand = command{
	name:    "test",
	summary: "check every snippet of the named chapters (all by default) against its expectation",
	run:     testChapters,
}

func testChapters(ctx context.Context, e *env, args []string) error {
	var f runFlags
	fs := newFlags("test", "[--parity] [--fresh] [--json] [-v] [-j N] [CHAPTER...]", `
Test checks every snippet of the named chapters, or of every chapter under
chapters/, running independent snippets in parallel. It prints a line per
snippet (the whole story for failures), ends with "N passed, N failed" and
exits 1 if any snippet failed.

Measured snippets run in a lane of their own: never while another snippet
runs or builds. A claim (assert=) that does not hold on this machine warns;
with --strict-timing it fails the snippet.

With --parity, every snippet that the yaegi interpreter may run is also run
by the compiled engine, and any divergence between the two is a failure.`, e.stdout)
	f.register(fs)
	parity := fs.Bool("parity", false, "run yaegi-eligible snippets under both engines and report divergence")
	jobs := fs.Int("j", runtime.NumCPU(), "snippets run at once (measured snippets always run alone)")
	fs.BoolVar(&f.strictTiming, "strict-timing", false, "fail a measured snippet whose assert claims do not hold (otherwise they warn)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if *jobs < 1 {
		return usageError{"-j must be at least 1"}
	}
	book, pos, err := bookPaths(f.book, pos)
	if err != nil {
		return err
	}
	w, err := wire(&f, book, *jobs, *parity)
	if err != nil {
		return err
	}
	defer w.Close()
	sum, err := w.runner.Run(ctx, runner.Request{Book: os.DirFS(book), Chapters: pos}, sink(&f, e, term.Compact))
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}
