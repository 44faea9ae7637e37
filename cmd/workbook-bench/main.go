// Command workbook-bench measures the runner's speed goals side by side in
// one run on this machine, and prints each as a ratio to what it is compared
// with (absolute times depend on the machine; the ratios are the claim):
//
//   - a cached re-run of a 20-snippet chapter with "workbook test" (goal:
//     under 100 ms), against the same run with a cold cache;
//   - "workbook test" on 20 small snippets with cold results and binary
//     caches (auto engine, and --engine go), against "go run" on each of
//     the same programs one after another;
//   - a trivial snippet through the yaegi worker (goal: under 20 ms wall),
//     the compiled engine cold, and the compiled engine from its binary
//     cache;
//   - the site (issue 4): workbook build of the whole book with everything
//     rendered and with nothing changed (goal: under 300 ms), and under
//     workbook serve the time from a saved edit to the reload event, for
//     prose (goal: under 200 ms) and for a snippet.
//
// Every snippet carries a nonce, so neither side finds it in a cache that
// an earlier bench filled; the Go build cache (the standard library) is
// warm for both. "make bench" runs it after building ./workbook.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"workbook/runner/goengine"
	"workbook/runner/job"
	"workbook/runner/yaegiengine"
)

func main() {
	bin := flag.String("workbook", "./workbook", "the workbook binary to measure")
	reps := flag.Int("n", 5, "repeats of each measurement (the median is reported)")
	book := flag.String("book", ".", "the book whose site is built and served (testdata/book when it has no chapters)")
	only := flag.String("only", "", "run only this part: chapter, engine, lane or site")
	flag.Parse()
	abs, err := filepath.Abs(*bin)
	check(err)
	tmp, err := os.MkdirTemp("", "workbook-bench-")
	check(err)
	defer os.RemoveAll(tmp)
	nonce := time.Now().UnixNano()

	fmt.Printf("workbook-bench on %d cores, %s\n\n", numCPU(), goVersion())
	src := *book
	if _, err := os.Stat(filepath.Join(src, "chapters")); err != nil {
		src = "testdata/book"
	}
	for _, part := range []struct {
		name string
		run  func()
	}{
		{"chapter", func() { chapterBench(abs, tmp, nonce, *reps) }},
		{"engine", func() { engineBench(abs, tmp, nonce, *reps) }},
		{"lane", func() { laneBench(tmp, nonce, *reps) }},
		{"site", func() { siteBench(abs, tmp, src, *reps) }},
	} {
		if *only == "" || *only == part.name {
			part.run()
		}
	}
}

// snippetProgram is small but not trivial: goroutines, a channel, output.
func snippetProgram(i int, nonce int64) string {
	return fmt.Sprintf(`package main

import "fmt"

// nonce %d
func main() {
	ch := make(chan int)
	for w := 0; w < 4; w++ {
		go func(w int) { ch <- w * %d }(w)
	}
	sum := 0
	for w := 0; w < 4; w++ {
		sum += <-ch
	}
	fmt.Println("sum", sum)
}
`, nonce, i)
}

func chapterBench(bin, tmp string, nonce int64, reps int) {
	book := filepath.Join(tmp, "book")
	check(os.MkdirAll(filepath.Join(book, "chapters"), 0o755))
	progs := filepath.Join(tmp, "progs")
	var md strings.Builder
	md.WriteString("# Bench\n\n")
	for i := range 20 {
		p := snippetProgram(i, nonce)
		fmt.Fprintf(&md, "```go {#s%d}\n%s```\n\n```output\nsum %d\n```\n\n", i, p, 6*i)
		dir := filepath.Join(progs, fmt.Sprint(i))
		check(os.MkdirAll(dir, 0o755))
		check(os.WriteFile(filepath.Join(dir, "main.go"), []byte(p), 0o644))
	}
	check(os.WriteFile(filepath.Join(book, "chapters", "01-bench.md"), []byte(md.String()), 0o644))

	run := func(cache string, extra ...string) time.Duration {
		args := append([]string{"test", "--book", book, "--cache", cache}, extra...)
		return timeCmd(exec.Command(bin, args...))
	}
	var coldAuto, coldGo, cached []time.Duration
	for r := range reps {
		coldAuto = append(coldAuto, run(filepath.Join(tmp, fmt.Sprintf("auto%d", r))))
		coldGo = append(coldGo, run(filepath.Join(tmp, fmt.Sprintf("go%d", r)), "--engine", "go"))
		cached = append(cached, run(filepath.Join(tmp, fmt.Sprintf("auto%d", r))))
	}
	// go run, one file after another, as a shell loop would. Each repeat
	// gets fresh nonces so that go run's own executable cache cannot help.
	var goRun []time.Duration
	for r := range reps {
		start := time.Now()
		for i := range 20 {
			dir := filepath.Join(progs, fmt.Sprint(i))
			check(os.WriteFile(filepath.Join(dir, "main.go"), []byte(snippetProgram(i, nonce+int64(r+1))), 0o644))
			cmd := exec.Command("go", "run", "main.go")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				fmt.Fprintf(os.Stderr, "go run: %v\n%s", err, out)
				os.Exit(1)
			}
		}
		goRun = append(goRun, time.Since(start))
	}
	m := median
	fmt.Println("20-snippet chapter (median of", reps, "runs)")
	fmt.Printf("  workbook test, cold caches, auto engine   %9s\n", m(coldAuto).Round(time.Millisecond))
	fmt.Printf("  workbook test, cold caches, --engine go   %9s\n", m(coldGo).Round(time.Millisecond))
	fmt.Printf("  go run on each file, one after another    %9s\n", m(goRun).Round(time.Millisecond))
	fmt.Printf("  workbook test, cached re-run              %9s   (goal < 100ms)\n", m(cached).Round(time.Millisecond))
	fmt.Printf("  ratio go-run loop / workbook auto cold    %9.1fx\n", ratio(m(goRun), m(coldAuto)))
	fmt.Printf("  ratio go-run loop / workbook go cold      %9.1fx\n", ratio(m(goRun), m(coldGo)))
	fmt.Printf("  ratio cold / cached re-run                %9.1fx\n\n", ratio(m(coldAuto), m(cached)))
}

func engineBench(bin, tmp string, nonce int64, reps int) {
	ctx := context.Background()
	trivial := func(n int64) job.Spec {
		return job.Spec{Timeout: 10 * time.Second, Files: []job.File{{Name: "main.go",
			Body: fmt.Sprintf("package main\n\nimport \"fmt\"\n\n// nonce %d\nfunc main() { fmt.Println(\"hi\") }\n", n)}}}
	}
	// Back to back, each run takes a prewarmed worker and starts its
	// replacement; with one kept warm the next run may find it still
	// starting, so both pool sizes are measured.
	yaegiRuns := func(prewarm int) time.Duration {
		y := yaegiengine.New(yaegiengine.Config{Worker: []string{bin, "yaegi-worker"}, Prewarm: prewarm})
		defer y.Close()
		var ds []time.Duration
		for range reps * 4 {
			start := time.Now()
			res, err := y.Run(ctx, trivial(nonce))
			check(err)
			if res.Outcome != job.OK {
				check(fmt.Errorf("yaegi: %s %s", res.Outcome, res.Stderr))
			}
			ds = append(ds, time.Since(start))
		}
		return median(ds)
	}
	warm1, warm2 := yaegiRuns(1), yaegiRuns(2)
	var cold, cached []time.Duration
	for r := range reps {
		g := goengine.New(goengine.Config{CacheDir: filepath.Join(tmp, fmt.Sprintf("bin%d", r))})
		spec := trivial(nonce + int64(r))
		start := time.Now()
		_, err := g.Run(ctx, spec)
		check(err)
		cold = append(cold, time.Since(start))
		start = time.Now()
		_, err = g.Run(ctx, spec)
		check(err)
		cached = append(cached, time.Since(start))
	}
	fmt.Println("trivial snippet, wall time per run (median)")
	fmt.Printf("  yaegi worker, 1 kept warm, back to back   %9s   (goal < 20ms)\n", warm1.Round(100*time.Microsecond))
	fmt.Printf("  yaegi worker, 2 kept warm, back to back   %9s\n", warm2.Round(100*time.Microsecond))
	fmt.Printf("  compiled engine, binary from its cache    %9s\n", median(cached).Round(100*time.Microsecond))
	fmt.Printf("  compiled engine, cold (go build + run)    %9s\n", median(cold).Round(time.Millisecond))
	fmt.Printf("  ratio cold build / yaegi (1 warm)         %9.1fx\n", ratio(median(cold), warm1))
}

func timeCmd(cmd *exec.Cmd) time.Duration {
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
		os.Exit(1)
	}
	return d
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func numCPU() int {
	out, _ := exec.Command("nproc").Output()
	n := 0
	fmt.Sscan(string(out), &n)
	return n
}

func goVersion() string {
	out, _ := exec.Command("go", "env", "GOVERSION").Output()
	return strings.TrimSpace(string(out))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "workbook-bench:", err)
		os.Exit(1)
	}
}
