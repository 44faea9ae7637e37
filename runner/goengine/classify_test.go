package goengine

import (
	"os"
	"strings"
	"testing"
	"time"

	"workbook/runner/job"
)

func TestOutcome(t *testing.T) {
	lockOrder, err := os.ReadFile("testdata/dump-lockorder.txt")
	if err != nil {
		t.Fatal(err)
	}
	sleep, err := os.ReadFile("testdata/dump-sleep.txt")
	if err != nil {
		t.Fatal(err)
	}
	const panicLine = "panic: boom [recovered, repanicked]"
	tests := []struct {
		name   string
		in     ending
		want   job.Outcome
		detail string
	}{
		{"ok", ending{exit: "exit status 0"}, job.OK, ""},
		{"exit", ending{exitCode: 3, exit: "exit status 3"}, job.Exit, "exit status 3"},
		{"signal", ending{exitCode: -1, exit: "signal: killed"}, job.Exit, "signal: killed"},
		{"panic", ending{exitCode: 2, watch: stderrWatch{panicLine: panicLine}}, job.Panic, panicLine},
		// A program may print "panic: " and exit 1 itself: not a panic.
		{"panic text, exit 1", ending{exitCode: 1, exit: "exit status 1", watch: stderrWatch{panicLine: "panic: no"}}, job.Exit, "exit status 1"},
		{"exit 2, no panic", ending{exitCode: 2, exit: "exit status 2"}, job.Exit, "exit status 2"},
		// The race detector exits 66; a race found before a panic is still
		// reported as the race.
		{"race", ending{exitCode: 66, watch: stderrWatch{race: true, raceAt: "@wb/main.go:8", panicLine: panicLine}}, job.Race, "WARNING: DATA RACE at @wb/main.go:8"},
		{"runtime deadlock", ending{exitCode: 2, watch: stderrWatch{deadlock: true, panicLine: "fatal error: all goroutines are asleep - deadlock!"}},
			job.Deadlock, "fatal error: all goroutines are asleep - deadlock!"},
		{"dump deadlock", ending{deadline: true, exitCode: 2, dump: string(lockOrder), timeout: 2 * time.Second},
			job.Deadlock, "every goroutine was blocked when the 2s deadline passed (2 goroutines)"},
		{"dump timeout", ending{deadline: true, exitCode: 2, dump: string(sleep), timeout: 300 * time.Millisecond},
			job.Timeout, "still running when the 300ms deadline passed"},
		{"no dump", ending{deadline: true, exitCode: -1, timeout: time.Second},
			job.Timeout, "still running when the 1s deadline passed; it printed no goroutine dump"},
	}
	for _, tt := range tests {
		o, detail := outcome(tt.in)
		if o != tt.want || detail != tt.detail {
			t.Errorf("%s: outcome = %s, %q; want %s, %q", tt.name, o, detail, tt.want, tt.detail)
		}
	}
}

func TestCompileErrorResult(t *testing.T) {
	msg := "# example/child\n@wb/child/main.go:4:2: undefined: x\n@wb/child/main.go:5:2: undefined: y\n"
	res := compileErrorResult(job.Result{Engine: "go"}, msg)
	if res.Outcome != job.CompileError || res.Stderr != msg || res.Detail != "@wb/child/main.go:4:2: undefined: x" {
		t.Errorf("got %+v", res)
	}
}

func TestPlural(t *testing.T) {
	if plural(1, "goroutine") != "1 goroutine" || plural(3, "goroutine") != "3 goroutines" {
		t.Error(plural(1, "goroutine"), plural(3, "goroutine"))
	}
}

// watchedStderr is a race that later panics, ending without a newline, with a line
// longer than the watch keeps.
var watchedStderr = strings.Repeat("y", 3*maxWatchedLine) + "\n" + `==================
WARNING: DATA RACE
Write at 0x00c000094028 by goroutine 8:
  main.main.func1()
      @wb/main.go:8 +0x33

Previous write at 0x00c000094028 by main goroutine:
  main.main()
      @wb/main.go:9 +0x104
==================
	panic: not at the start of a line
panic: boom [recovered]
panic: second`

func TestStderrWatch(t *testing.T) {
	for _, chunk := range []int{1, 7, 4096, len(watchedStderr)} {
		var w stderrWatch
		for s := watchedStderr; s != ""; {
			n := min(chunk, len(s))
			w.Write([]byte(s[:n]))
			s = s[n:]
		}
		w.flush()
		if !w.race || w.raceAt != "@wb/main.go:8" || w.deadlock || w.panicLine != "panic: boom [recovered]" {
			t.Errorf("chunks of %d: %+v", chunk, w)
		}
	}
	var w stderrWatch
	w.Write([]byte("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"))
	if !w.deadlock || w.race || w.panicLine != "fatal error: all goroutines are asleep - deadlock!" {
		t.Errorf("deadlock: %+v", w)
	}
}
