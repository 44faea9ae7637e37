package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"workbook/runner"
	"workbook/runner/event"
	"workbook/runner/goengine"
	"workbook/runner/job"
	"workbook/runner/measure"
)

// cpuProgram does about 50 ms of arithmetic on one core (on the machine
// this was written on), split over GOMAXPROCS goroutines.
func cpuProgram(nonce int64) string {
	return fmt.Sprintf(`package main

import (
	"fmt"
	"runtime"
	"sync"
)

// nonce %d
func main() {
	parts := runtime.GOMAXPROCS(0)
	const n = 60_000_000
	sums := make([]int, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * n / parts; i < (p+1)*n/parts; i++ {
				sums[p] += i %% 7
			}
		})
	}
	wg.Wait()
	fmt.Println(len(sums))
}
`, nonce)
}

// laneBench compares a measured run through the compiled engine with the
// same binary exec'ed directly, and the spread of a sweep's medians over
// repeats of the whole measurement.
func laneBench(tmp string, nonce int64, reps int) {
	ctx := context.Background()
	g := goengine.New(goengine.Config{CacheDir: filepath.Join(tmp, "lanebin")})
	spec := job.Spec{Timeout: time.Minute, Files: []job.File{{Name: "main.go", Body: cpuProgram(nonce)}}, GOMAXPROCS: 1}
	res, err := g.Run(ctx, spec) // builds it
	check(err)
	if res.Outcome != job.OK {
		check(fmt.Errorf("cpu program: %s %s", res.Outcome, res.Stderr))
	}
	bin := findBinary(filepath.Join(tmp, "lanebin"))
	var direct, engine, recorded []time.Duration
	for range reps * 2 {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
		direct = append(direct, timeCmd(cmd))
		start := time.Now()
		res, err := g.Run(ctx, spec)
		check(err)
		engine = append(engine, time.Since(start))
		recorded = append(recorded, res.Wall)
	}
	fmt.Println("\nmeasurement lane (CPU-bound program, GOMAXPROCS=1, median)")
	fmt.Printf("  the binary exec'ed directly               %9s\n", median(direct).Round(100*time.Microsecond))
	fmt.Printf("  wall time the lane records (Result.Wall)  %9s\n", median(recorded).Round(100*time.Microsecond))
	fmt.Printf("  a whole engine Run call                   %9s\n", median(engine).Round(100*time.Microsecond))
	fmt.Printf("  ratio recorded / direct                   %9.3f\n", ratio(median(recorded), median(direct)))
	fmt.Printf("  ratio whole Run / direct (lane overhead)  %9.3f\n", ratio(median(engine), median(direct)))

	book := filepath.Join(tmp, "sweepbook")
	check(os.MkdirAll(filepath.Join(book, "chapters"), 0o755))
	md := "# Sweep\n\n```go {#cpu measure runs=5 sweep=\"GOMAXPROCS=1,2\"}\n" + cpuProgram(nonce+1) + "```\n"
	check(os.WriteFile(filepath.Join(book, "chapters", "01-sweep.md"), []byte(md), 0o644))
	medians := map[int][]time.Duration{}
	for range 5 {
		r := runner.New(runner.Config{Go: g})
		_, err := r.Run(ctx, runner.Request{Book: os.DirFS(book)}, event.SinkFunc(func(e event.Event) {
			if e.Action == event.Measure {
				for _, p := range e.Measurement.Points {
					medians[p.Value] = append(medians[p.Value], p.Median)
				}
			}
		}))
		check(err)
	}
	fmt.Println("CPU-bound sweep, 5 repeats of 5 runs each: spread of the median (max/min)")
	for _, v := range []int{1, 2} {
		var s []string
		for _, d := range medians[v] {
			s = append(s, d.Round(time.Millisecond).String())
		}
		fmt.Printf("  GOMAXPROCS=%d   spread %.3f   medians %s\n", v, measure.Spread(medians[v]), strings.Join(s, " "))
	}
}

// findBinary returns the one built binary under the engine's cache.
func findBinary(dir string) string {
	var found string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
			found = p
		}
		return nil
	})
	if found == "" {
		check(fmt.Errorf("no binary under %s", dir))
	}
	return found
}
