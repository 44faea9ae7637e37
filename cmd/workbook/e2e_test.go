package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser finds a Chromium to drive, or says why the test cannot run.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium on a CI machine: .ci/run installs Debian's chromium")
	}
	t.Skip("no Chromium here (apt-get install chromium): the end-to-end browser test cannot run")
	return ""
}

// TestBrowser drives a real headless Chromium against "workbook serve" on
// the e2e book: the page shows highlighted code, a chart and a measured
// figure; Run streams a snippet's output into the page; saving the
// chapter reloads the page by itself.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	chrome := browser(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "workbook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	book := filepath.Join(dir, "book")
	if err := os.CopyFS(book, os.DirFS("testdata/e2e")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	serve := exec.CommandContext(ctx, bin, "serve", "--book", book, "--addr", "127.0.0.1:0", "--cache", filepath.Join(dir, "cache"))
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	serve.Stderr = &testLog{t}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = serve.Wait() }()
	var url string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := regexp.MustCompile(`http://[0-9.:]+/`).FindString(sc.Text()); m != "" {
			url = m
			break
		}
	}
	if url == "" {
		t.Fatal("workbook serve did not say where it serves")
	}
	go func() { // keep the pipe drained
		for sc.Scan() {
		}
	}()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("headless", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer bcancel()

	err = chromedp.Do(bctx,
		chromedp.Navigate(url+"01-e2e.html"),
		chromedp.WaitVisible(`#hello pre.chroma span.kd`),   // highlighted "func"
		chromedp.WaitVisible(`#spin .chart svg`),            // the sweep's chart
		chromedp.WaitVisible(`#hello .controls button.run`), // shown only under serve
		chromedp.Click(`#hello .controls button.run`),
		chromedp.WaitVisible(`#hello .live-output .label`),
		chromedp.Poll[chromedp.Void](`document.querySelector("#hello .live-output").textContent.includes("this run: passed")`, chromedp.WithPollingTimeout(time.Minute)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	figure, err := chromedp.Run(bctx, chromedp.Text(`a.figure-ref`))
	if err != nil || !regexp.MustCompile(`^[0-9.]+ (ms|s|µs)$`).MatchString(figure) {
		t.Errorf("measured figure %q, %v", figure, err)
	}
	live, err := chromedp.Run(bctx, chromedp.Text(`#hello .live-output pre`))
	if err != nil || !strings.Contains(live, "hello, e2e") {
		t.Errorf("the run's output in the page is %q, %v", live, err)
	}

	// Save the chapter: the open page reloads itself with the new prose.
	ch := filepath.Join(book, "chapters", "01-e2e.md")
	src, _ := os.ReadFile(ch)
	if err := os.WriteFile(ch, append(src, "\nA sentence the browser test added.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A poll does not survive the reload it waits for: ask again until the
	// new page answers.
	deadline := time.Now().Add(time.Minute)
	for {
		found, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.body.textContent.includes("A sentence the browser test added.")`))
		if err == nil && found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not reload after the save (last error %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// testLog sends a process's stderr to the test log.
type testLog struct{ t *testing.T }

func (l *testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
