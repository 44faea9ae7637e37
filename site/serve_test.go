package site

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

// serveBook builds a copy of the test book and serves it; batches drives
// its rebuilds, and rebuilt receives one value per rebuild.
func serveBook(t *testing.T) (book string, srv *Server, ts *httptest.Server, batches chan []string, rebuilt chan error) {
	t.Helper()
	book = copyBook(t)
	b, _, _ := newTestBuilder(t, book, false)
	srv = NewServer(b, ServeOptions{Runner: b.opts.Runner})
	if _, err := srv.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts = httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	batches, rebuilt = make(chan []string), make(chan error, 10)
	go srv.Watch(ctx, batches, func(_ []string, _ *Report, err error) { rebuilt <- err })
	return
}

// sse reads the build ids of an event stream.
func sse(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/_wb/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(chan string, 10)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var m struct{ ID string }
				_ = json.Unmarshal([]byte(data), &m)
				ids <- m.ID
			}
		}
	}()
	return ids
}

func recv[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(30 * time.Second): // a bound on a hang, not a wait
		t.Fatalf("no %s", what)
		panic("unreachable")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A save rebuilds, open pages are told, and served pages carry the build
// they belong to. A broken chapter turns every page into the error page
// (with file:line), which gives way once the chapter is fixed.
func TestServeRebuildsOnChange(t *testing.T) {
	book, srv, ts, batches, rebuilt := serveBook(t)
	ids := sse(t, ts.URL)
	first := recv(t, ids, "first build event")
	if first != srv.BuildID() {
		t.Fatalf("first event %q, build %q", first, srv.BuildID())
	}
	code, page := get(t, ts.URL+"/02-second.html")
	if code != 200 || !strings.Contains(page, `data-build="`+first+`"`) {
		t.Fatalf("page %d without its build id:\n%.300s", code, page)
	}

	edit(t, book, "chapters/02-second.md", "## Failing on purpose", "## Failing, on purpose")
	batches <- []string{filepath.Join(book, "chapters/02-second.md")}
	if err := recv(t, rebuilt, "rebuild"); err != nil {
		t.Fatal(err)
	}
	second := recv(t, ids, "reload event")
	if second == first {
		t.Fatal("the build id did not change")
	}
	if _, page := get(t, ts.URL+"/02-second.html"); !strings.Contains(page, "Failing, on purpose") {
		t.Error("the served page lacks the edit")
	}

	edit(t, book, "chapters/02-second.md", "{#boom", "{#boom timeout=never")
	batches <- []string{filepath.Join(book, "chapters/02-second.md")}
	if err := recv(t, rebuilt, "rebuild"); err == nil {
		t.Fatal("a broken chapter built")
	}
	recv(t, ids, "error event")
	code, page = get(t, ts.URL+"/01-first.html")
	if code != 500 || !strings.Contains(page, "chapters/02-second.md:5:") || !strings.Contains(page, "reloads by itself") {
		t.Fatalf("error page %d:\n%s", code, page)
	}
	edit(t, book, "chapters/02-second.md", " timeout=never", "")
	batches <- []string{filepath.Join(book, "chapters/02-second.md")}
	if err := recv(t, rebuilt, "rebuild"); err != nil {
		t.Fatal(err)
	}
	fixed := recv(t, ids, "fixed event")
	if code, page := get(t, ts.URL+"/01-first.html"); code != 200 || !strings.Contains(page, `data-build="`+fixed+`"`) {
		t.Fatalf("after the fix: %d", code)
	}
}

func post(t *testing.T, url, origin, ctype, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/_wb/run", strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The Run button: an edited snippet runs and its output streams back,
// then the snippet's new figure; runs from other origins, of other
// content types or for other hosts are refused.
func TestServeRun(t *testing.T) {
	_, _, ts, _, _ := serveBook(t)
	body := `{"chapter":"chapters/01-first.md","snippet":"hello","code":"package main\n\nfunc main() {} // prints: edited\n"}`
	code, out := post(t, ts.URL, ts.URL, "application/json", body)
	if code != 200 {
		t.Fatalf("run: %d %s", code, out)
	}
	var lines []map[string]any
	for l := range strings.Lines(out) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	if len(lines) < 4 || lines[0]["status"] != "queued" || lines[2]["text"] != "edited\n" {
		t.Fatalf("stream: %v", lines)
	}
	last := lines[len(lines)-1]
	if last["verdict"] != "failed" || !strings.Contains(last["html"].(string), `<pre class="stdout">edited`) {
		t.Errorf("last line: %v", last)
	}
	// The measured snippet, as on the page, is measured again.
	code, out = post(t, ts.URL, "", "application/json", `{"chapter":"chapters/01-first.md","snippet":"one"}`)
	if code != 200 || !strings.Contains(out, `"verdict":"measured"`) {
		t.Errorf("measured run: %d %s", code, out)
	}

	for _, tc := range []struct{ origin, ctype, body string }{
		{"http://evil.example", "application/json", body},
		{ts.URL, "text/plain", body},
		{ts.URL, "application/json", `{"chapter":"chapters/01-first.md","snippet":"nosuch"}`},
		{ts.URL, "application/json", `{"chapter":"chapters/01-first.md","snippet":"hello","code":"` + "```" + `\n"}`},
	} {
		if code, out := post(t, ts.URL, tc.origin, tc.ctype, tc.body); code < 400 {
			t.Errorf("%+v was accepted: %d %s", tc, code, out)
		}
	}
	req, _ := http.NewRequest("GET", ts.URL+"/index.html", nil)
	req.Host = "attacker.example:80"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request for another host: %v %v", resp.StatusCode, err)
	}
}

// The batcher: Chmod noise and temporary files are dropped, a burst of
// events (an editor's atomic save) is one batch, sent once the tree is
// quiet. Under synctest the quiet period passes without sleeping.
func TestBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		events, errs, out := make(chan fsnotify.Event), make(chan error), make(chan []string, 4)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go Batch(ctx, events, errs, 50*time.Millisecond, out, nil)
		dir := "/book/chapters/"
		for _, ev := range []fsnotify.Event{
			{Name: dir + "01-a.md", Op: fsnotify.Chmod},
			{Name: dir + ".01-a.md.swp", Op: fsnotify.Create},
			{Name: dir + "4913", Op: fsnotify.Create},
			{Name: dir + "01-a.md~", Op: fsnotify.Rename},
			{Name: dir + "01-a.md", Op: fsnotify.Create},
			{Name: dir + "01-a.md", Op: fsnotify.Write},
		} {
			events <- ev
			time.Sleep(10 * time.Millisecond) // fake time: a burst
		}
		synctest.Wait()
		if len(out) != 0 {
			t.Fatal("a batch was sent before the tree was quiet")
		}
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		if got := <-out; len(got) != 1 || got[0] != dir+"01-a.md" {
			t.Errorf("batch %q, want the one chapter", got)
		}
		events <- fsnotify.Event{Name: dir + "02-b.md", Op: fsnotify.Write}
		time.Sleep(time.Second)
		synctest.Wait()
		if got := <-out; len(got) != 1 || got[0] != dir+"02-b.md" {
			t.Errorf("second batch %q", got)
		}
	})
}

func TestTempFile(t *testing.T) {
	for name, want := range map[string]bool{
		"01-a.md": false, "README.md": false, "01-a.md~": true, ".01-a.md.swp": true, "4913": true,
		".#01-a.md": true, "#01-a.md#": true, "01-a.md___jb_tmp___": true, ".goutputstream-XYZ": true,
		".site.tmp-123": true,
	} {
		if got := TempFile(name); got != want {
			t.Errorf("TempFile(%q) = %v", name, got)
		}
	}
}

// With --assets, a saved template is used by the next build: every page
// is rendered again, and the static URLs carry the new version.
func TestServeReloadsAssets(t *testing.T) {
	assets := t.TempDir()
	for _, d := range []string{"templates", "static"} {
		if err := os.CopyFS(filepath.Join(assets, d), os.DirFS(d)); err != nil {
			t.Fatal(err)
		}
	}
	book := copyBook(t)
	out := filepath.Join(t.TempDir(), "site")
	b, err := New(Options{Book: os.DirFS(book), Out: out, Runner: newTestRunner(new(atomic.Int64)), Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(b, ServeOptions{})
	if _, err := srv.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, before := b.assetsNow()
	edit(t, assets, "templates/layout.html", "Skip to the text", "Skip to the chapter")
	batches, rebuilt := make(chan []string, 1), make(chan *Report, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Watch(ctx, batches, func(_ []string, rep *Report, err error) {
		if err != nil {
			t.Error(err)
		}
		rebuilt <- rep
	})
	batches <- []string{filepath.Join(assets, "templates", "layout.html")}
	rep := recv(t, rebuilt, "rebuild")
	if _, after := b.assetsNow(); after == before || len(rep.Rendered) != 2 {
		t.Fatalf("version %s → %s, rendered %v", before, after, rep.Rendered)
	}
	page, _ := os.ReadFile(filepath.Join(out, "01-first.html"))
	if !strings.Contains(string(page), "Skip to the chapter") {
		t.Error("the page does not use the saved template")
	}
}
