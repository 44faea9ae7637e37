package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// benchChapter is added to the book for the serve measurements: a chapter
// whose prose and snippet the bench edits.
func benchChapter(word string) string {
	return fmt.Sprintf("# Bench edits\n\nA paragraph the bench edits: %s.\n\n```go {#edit}\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%q) }\n```\n\n```output\n%s\n```\n", word, word, word)
}

// siteBench measures workbook build (everything rendered, and nothing
// changed) on the book, and under workbook serve the time from saving an
// edit to the reload event a page receives: for a prose edit and for a
// snippet edit. The results and timing caches are the user's, as an
// author's would be; the first build fills what they lack.
func siteBench(bin, tmp, src string, reps int) {
	book := filepath.Join(tmp, "sitebook")
	for _, d := range []string{"chapters", "exercises", "solutions"} {
		if _, err := os.Stat(filepath.Join(src, d)); err == nil {
			check(os.CopyFS(filepath.Join(book, d), os.DirFS(filepath.Join(src, d))))
		}
	}
	benchMD := filepath.Join(book, "chapters", "99-bench.md")
	check(os.WriteFile(benchMD, []byte(benchChapter("w0")), 0o644))
	chapters, _ := fs.Glob(os.DirFS(book), "chapters/*.md")
	// The prose edit goes to the largest chapter: its page is the slowest
	// to render again.
	largest := benchMD
	var most int64
	for _, c := range chapters {
		if fi, err := os.Stat(filepath.Join(book, c)); err == nil && fi.Size() > most {
			largest, most = filepath.Join(book, c), fi.Size()
		}
	}

	build := func(out string) time.Duration {
		return timeCmd(exec.Command(bin, "build", "--book", book, "-o", out))
	}
	first := build(filepath.Join(tmp, "site-first"))
	var fresh, nochange []time.Duration
	for r := range reps {
		fresh = append(fresh, build(filepath.Join(tmp, fmt.Sprintf("site-%d", r))))
		nochange = append(nochange, build(filepath.Join(tmp, fmt.Sprintf("site-%d", r))))
	}

	serve := exec.Command(bin, "serve", "--book", book, "--addr", "127.0.0.1:0")
	stdout, err := serve.StdoutPipe()
	check(err)
	check(serve.Start())
	defer func() { _ = serve.Process.Kill(); _ = serve.Wait() }()
	sc := bufio.NewScanner(stdout)
	url := ""
	for url == "" && sc.Scan() {
		url = regexp.MustCompile(`http://[0-9.:]+/`).FindString(sc.Text())
	}
	resp, err := http.Get(url + "_wb/events")
	check(err)
	defer resp.Body.Close()
	ids := make(chan string, 16)
	go func() {
		r := bufio.NewScanner(resp.Body)
		for r.Scan() {
			if d, ok := strings.CutPrefix(r.Text(), "data: "); ok {
				ids <- d
			}
		}
	}()
	<-ids // the build the server started with
	reload := func(edit func()) time.Duration {
		start := time.Now()
		edit()
		select {
		case <-ids:
			return time.Since(start)
		case <-time.After(2 * time.Minute):
			fmt.Fprintln(os.Stderr, "no reload event")
			os.Exit(1)
		}
		return 0
	}
	var prose, snippet []time.Duration
	for r := range reps {
		prose = append(prose, reload(func() {
			b, err := os.ReadFile(largest)
			check(err)
			// A new paragraph after the title: every snippet below moves
			// down, none changes.
			i := strings.Index(string(b), "\n\n")
			check(os.WriteFile(largest, []byte(string(b[:i])+fmt.Sprintf("\n\nAn edit (%d) by the bench.", r)+string(b[i:])), 0o644))
		}))
		snippet = append(snippet, reload(func() {
			check(os.WriteFile(benchMD, []byte(benchChapter(fmt.Sprintf("w%d-%d", r+1, time.Now().UnixNano()))), 0o644))
		}))
	}
	m := median
	fmt.Printf("site: %d chapters (median of %d runs; results and timing caches warm)\n", len(chapters), reps)
	fmt.Printf("  first build (fills the caches as needed)  %9s\n", first.Round(time.Millisecond))
	fmt.Printf("  build, no previous site (all rendered)    %9s\n", m(fresh).Round(time.Millisecond))
	fmt.Printf("  build, nothing changed                    %9s   (goal < 300ms)\n", m(nochange).Round(time.Millisecond))
	fmt.Printf("  serve: prose edit saved -> reload event   %9s   (goal < 200ms; %s, the largest chapter)\n", m(prose).Round(time.Millisecond), filepath.Base(largest))
	fmt.Printf("  serve: snippet edit saved -> reload event %9s\n", m(snippet).Round(time.Millisecond))
	fmt.Printf("  mdBook serve polls once a second and rebuilds the whole book: a prose edit here is %.1fx sooner than its poll interval alone\n\n",
		ratio(time.Second, m(prose)))
}
