package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"workbook/runner"
	"workbook/runner/chapter"
	"workbook/runner/event"
)

// Server serves the site as a Builder last built it, rebuilds when told
// (Watch), tells open pages to reload over Server-Sent Events, and runs
// snippets for the pages' Run buttons.
//
// Requests are accepted from the server's own pages only: a request must
// name a loopback host or the address served (so a DNS-rebinding page
// cannot reach it), and a run must be a same-origin POST of JSON (a
// cross-origin page cannot send one without a preflight, which is never
// answered). At most MaxRuns runs go at once and the rest queue; the
// runner's measurement lane runs measured snippets one at a time, alone.
type Server struct {
	b       *Builder
	runner  *runner.Runner
	maxRuns int
	logf    func(format string, args ...any)

	runs chan struct{} // a token per run under way

	mu      sync.Mutex
	buildID string
	builds  int
	errs    []string // the last build's errors; nil when it succeeded
	subs    map[chan string]struct{}
}

// ServeOptions configure a Server.
type ServeOptions struct {
	Runner  *runner.Runner // runs the Run buttons' snippets: the builder's
	MaxRuns int            // runs at once; default 2
	Logf    func(format string, args ...any)
}

// NewServer returns a Server for the site b builds.
func NewServer(b *Builder, opts ServeOptions) *Server {
	if opts.MaxRuns <= 0 {
		opts.MaxRuns = 2
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	return &Server{b: b, runner: opts.Runner, maxRuns: opts.MaxRuns, logf: opts.Logf,
		runs: make(chan struct{}, opts.MaxRuns), subs: map[chan string]struct{}{}}
}

// Rebuild builds the site and announces the result to every open page: a
// new build id when anything changed or the error state did.
func (s *Server) Rebuild(ctx context.Context) (*Report, error) {
	rep, err := s.b.Build(ctx)
	var errs []string
	if err != nil {
		var list chapter.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				errs = append(errs, e.Error())
			}
		} else {
			errs = []string{err.Error()}
		}
	}
	s.mu.Lock()
	changed := s.buildID == "" || (err == nil && (len(rep.Rendered) > 0 || s.errs != nil)) || (err != nil && (s.errs == nil || !slices.Equal(errs, s.errs)))
	s.errs = errs
	if changed {
		s.builds++
		s.buildID = "b" + strconv.Itoa(s.builds)
		for c := range s.subs {
			select {
			case c <- s.buildID:
			default: // a page that has not read the last one reloads anyway
			}
		}
	}
	s.mu.Unlock()
	return rep, err
}

// BuildID is the id of the last build that pages were told about.
func (s *Server) BuildID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buildID
}

// Watch rebuilds on every batch of changed paths until batches closes or
// ctx ends. done, if not nil, is called after each rebuild (tests and the
// benchmark wait on it instead of sleeping).
func (s *Server) Watch(ctx context.Context, batches <-chan []string, done func(paths []string, rep *Report, err error)) {
	for {
		select {
		case <-ctx.Done():
			return
		case paths, ok := <-batches:
			if !ok {
				return
			}
			if s.b.assetsChanged(paths) {
				if err := s.b.reloadAssets(); err != nil {
					s.logf("templates: %v", err)
				}
			}
			start := time.Now()
			rep, err := s.Rebuild(ctx)
			switch {
			case err != nil:
				s.logf("rebuild after %s: %v", describePaths(paths), err)
			default:
				s.logf("rebuilt after %s: %d pages rendered in %s", describePaths(paths), len(rep.Rendered), time.Since(start).Round(time.Millisecond))
			}
			if done != nil {
				done(paths, rep, err)
			}
		}
	}
}

func describePaths(paths []string) string {
	if len(paths) == 1 {
		return filepath.Base(paths[0])
	}
	return fmt.Sprintf("%d changes", len(paths))
}

// Handler serves the site, the event stream (/_wb/events) and runs
// (/_wb/run).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_wb/events", s.events)
	mux.HandleFunc("POST /_wb/run", s.run)
	mux.HandleFunc("GET /", s.page)
	return s.guard(mux)
}

// guard rejects requests for another host: a page on another site that
// resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if ip := net.ParseIP(host); !(host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified())) {
			http.Error(w, "workbook serve answers requests for localhost or its own address only", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// page serves the site's files, each HTML page stamped with the build it
// belongs to; while the book does not build, every page is the error page.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	id, errs := s.buildID, s.errs
	s.mu.Unlock()
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	isPage := strings.HasSuffix(name, ".html")
	if errs != nil && isPage {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		d := s.b.pageData("Build failed")
		d.Errors, d.BuildID = errs, id
		if err := s.b.template().ExecuteTemplate(w, "error", d); err != nil {
			s.logf("error page: %v", err)
		}
		return
	}
	if strings.HasPrefix(name, ".") || strings.Contains(name, "/.") {
		http.NotFound(w, r)
		return
	}
	file := filepath.Join(s.b.opts.Out, filepath.FromSlash(name))
	if !isPage {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFile(w, r, file)
		return
	}
	body, err := os.ReadFile(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	stamp := fmt.Sprintf(`<body data-live="1" data-build="%s"`, template.HTMLEscapeString(id))
	body = bytes.Replace(body, []byte("<body"), []byte(stamp), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

// events streams "build" events: the current build at once, then each
// new one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan string, 1)
	s.mu.Lock()
	s.subs[c] = struct{}{}
	c <- s.buildID
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, c)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case id := <-c:
			fmt.Fprintf(w, "event: build\ndata: {\"id\":%q}\n\n", id)
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		flusher.Flush()
	}
}

// runRequest is what a Run button posts.
type runRequest struct {
	Chapter string  `json:"chapter"`
	Snippet string  `json:"snippet"`
	Code    *string `json:"code,omitempty"` // the edited code; nil: as on the page
}

// maxCode bounds an edited snippet.
const maxCode = 256 << 10

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "cross-origin runs are refused", http.StatusForbidden)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		http.Error(w, "want Content-Type: application/json", http.StatusUnsupportedMediaType)
		return
	}
	var req runRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxCode+4096)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	ch, results, err := s.b.edited(req.Chapter, req.Snippet, req.Code)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	out := &ndjson{w: w}
	out.send(map[string]any{"status": "queued"})
	select {
	case s.runs <- struct{}{}:
	case <-r.Context().Done():
		return
	}
	defer func() { <-s.runs }()
	out.send(map[string]any{"status": "running"})
	fresh := NewResults()
	sink := event.SinkFunc(func(e event.Event) {
		fresh.Event(e)
		if e.Action == event.Output && e.Snippet == req.Snippet {
			out.send(map[string]any{"stream": e.Stream, "text": e.Text})
		}
	})
	start := time.Now()
	if _, err := s.runner.Run(r.Context(), runner.Request{Parsed: []*chapter.Chapter{ch}, Snippet: req.Snippet, Fresh: true}, sink); err != nil {
		out.send(map[string]any{"error": err.Error()})
		return
	}
	snips, _ := fresh.Chapter(ch.Path)
	res := snips[req.Snippet]
	merged := maps.Clone(results)
	merged[req.Snippet] = res
	html, err := s.b.renderSnippet(ch, req.Snippet, merged)
	if err != nil {
		out.send(map[string]any{"error": err.Error()})
		return
	}
	s.logf("ran %s#%s: %s in %s", ch.Path, req.Snippet, res.Verdict(), time.Since(start).Round(time.Millisecond))
	out.send(map[string]any{"verdict": res.Verdict(), "html": html})
}

// sameOrigin accepts a request whose Origin (sent by browsers with every
// POST) names the host it was sent to, and whose Sec-Fetch-Site, when
// present, says so too.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return false
	}
	origin := r.Header.Get("Origin")
	return origin == "" || origin == "http://"+r.Host
}

type ndjson struct {
	w  http.ResponseWriter
	mu sync.Mutex
}

func (n *ndjson) send(v any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	b, _ := json.Marshal(v)
	_, _ = n.w.Write(append(b, '\n'))
	if f, ok := n.w.(http.Flusher); ok {
		f.Flush()
	}
}
