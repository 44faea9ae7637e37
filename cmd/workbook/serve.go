package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"workbook/site"
)

var serveCommand = command{
	name:    "serve",
	summary: "build the site, serve it, and rebuild and reload pages as chapters change",
	run:     serveSite,
}

func serveSite(ctx context.Context, e *env, args []string) error {
	var f runFlags
	fs := newFlags("serve", "[--addr HOST:PORT] [-o DIR]", `
Serve builds the site, serves it on --addr (loopback by default) and
watches the chapters, exercises and solutions: on every save it rebuilds
what changed and open pages reload themselves. While the book does not
build, every page shows the errors with file:line, and reloads once they
are fixed.

Every snippet gets Run and Edit buttons: a run uses the same engines and
limits as workbook run, streams its output into the page, and a measured
snippet is measured again. At most --runs go at once; the rest queue, and
measurements run alone.`, e.stdout)
	f.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (a non-loopback address exposes the Run buttons to the network)")
	out := fs.String("o", "", "write the site into `DIR` (default: a temporary directory)")
	runs := fs.Int("runs", 2, "snippet runs at once from the pages' Run buttons")
	assets := fs.String("assets", "", "use templates/ and static/ from `DIR` instead of the built-in ones, and reload them on save")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"serve takes no arguments"}
	}
	if err := f.check(); err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "workbook-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "site")
	}
	f.reuseTimings = true
	b, w, err := newBuilder(&f, site.Options{Out: dir, Assets: *assets}, nil)
	if err != nil {
		return err
	}
	defer w.Close()
	logf := func(format string, args ...any) {
		fmt.Fprintf(e.stderr, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}
	srv := site.NewServer(b, site.ServeOptions{Runner: w.runner, MaxRuns: *runs, Logf: logf})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	roots := []string{filepath.Join(f.book, "chapters"), filepath.Join(f.book, "exercises"), filepath.Join(f.book, "solutions")}
	if *assets != "" {
		roots = append(roots, *assets)
	}
	watcher, err := site.NewWatcher(roots...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _ = watcher.Run(ctx) }()
	start := time.Now()
	if rep, err := srv.Rebuild(ctx); err != nil {
		logf("the book does not build yet (the pages show why): %v", err)
	} else {
		logf("built %d chapters in %s", rep.Chapters, time.Since(start).Round(time.Millisecond))
	}
	go srv.Watch(ctx, watcher.Batches(), nil)
	fmt.Fprintf(e.stdout, "serving the book on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, done := context.WithTimeout(context.Background(), 2*time.Second)
		defer done()
		_ = hs.Shutdown(shut)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return ctx.Err()
}
