package grade

import (
	"strings"
	"testing"

	"workbook/grade/sandbox"
)

const nonce = "0123456789abcdef0123456789abcdef"

func TestVerdict(t *testing.T) {
	okOut := "=== RUN   TestX\n--- PASS: TestX (0.00s)\nPASS\n"
	okRep := "\nWB " + nonce + " code=0 tests=TestX:pass leaks=0\n"
	for _, tc := range []struct {
		name   string
		run    sandbox.Result
		rep    string
		pass   bool
		reason string
	}{
		{"pass", sandbox.Result{Output: okOut}, okRep, true, "passed"},
		{"forged output, no report", sandbox.Result{Output: okOut}, "", false, "never reported back"},
		{"report with another nonce", sandbox.Result{Output: okOut}, strings.Replace(okRep, nonce, strings.Repeat("f", 32), 1), false, "never reported back"},
		{"forged report line before the real one", sandbox.Result{Output: okOut, Exit: 1},
			"\nWB " + nonce + " code=0 tests=TestX:pass leaks=0 junk\nWB " + nonce + " code=1 tests=TestX:fail leaks=0\n", false, "failed"},
		{"no tests to run", sandbox.Result{Output: "testing: warning: no tests to run\nPASS\n--- PASS: TestX (0.00s)\n=== RUN   TestX\n"},
			"\nWB " + nonce + " code=0 tests= leaks=0\n", false, "never ran"},
		{"other test ran", sandbox.Result{Output: okOut}, "\nWB " + nonce + " code=0 tests=TestY:pass leaks=0\n", false, "unexpected tests ran: TestY:pass"},
		{"pass lines missing", sandbox.Result{Output: "PASS\n"}, okRep, false, "run and pass lines are missing"},
		{"pass line of a longer name", sandbox.Result{Output: "=== RUN   TestX\n--- PASS: TestXY (0.00s)\n"}, okRep, false, "missing"},
		{"leak", sandbox.Result{Output: okOut}, "\nWB " + nonce + " code=0 tests=TestX:pass leaks=1\ngoroutine 7 [sleep]:\ntime.Sleep(0x1)\n\truntime/time.go:1 +0x1\ncounter.f()\n\tcounter/counter.go:9 +0x1\n",
			false, "no-leak: 1 goroutine(s)"},
		{"skip", sandbox.Result{Output: "=== RUN   TestX\n--- SKIP: TestX (0.00s)\n"}, "\nWB " + nonce + " code=0 tests=TestX:skip leaks=0\n", false, "skipped"},
		{"exit after pass", sandbox.Result{Output: okOut, Exit: 3}, okRep, false, "exit status 3"},
		{"output cap", sandbox.Result{Output: okOut, Truncated: true}, okRep, false, "output limit exceeded"},
		{"wall deadline", sandbox.Result{Output: okOut, TimedOut: true, Exit: -1}, okRep, false, "wall deadline"},
		{"memory", sandbox.Result{Output: "fatal error: out of memory\n", Exit: 2}, "", false, "memory limit"},
		{"timeout", sandbox.Result{Output: "=== RUN   TestX\npanic: test timed out after 2s\n\trunning tests:\n\t\tTestX (2s)\n\ngoroutine 5 [chan receive]:\ncounter.(*Q).Get(...)\n\tcounter/counter.go:12 +0x1\n", Exit: 2}, "", false, "did not finish within 2s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := evidence{name: "TestX", run: tc.run, rep: parseReport(tc.rep, nonce), module: "counter",
				student: map[string]bool{"counter.go": true}, nonce: nonce, timeout: "2s"}
			pass, reason, _ := verdict(ev)
			if pass != tc.pass || !strings.Contains(reason, tc.reason) {
				t.Errorf("verdict = %v %q, want %v %q", pass, reason, tc.pass, tc.reason)
			}
		})
	}
}

const raceOut = `=== RUN   TestConcurrent
==================
WARNING: DATA RACE
Read at 0x00c000012108 by goroutine 8:
  counter.(*Counter).Inc()
      counter/counter.go:11 +0x2e
  counter_test.TestConcurrent.func1()
      counter/hidden_test.go:19 +0x7a

Previous write at 0x00c000012108 by goroutine 7:
  counter.(*Counter).Inc()
      counter/counter.go:11 +0x44
  sync.(*WaitGroup).Go.func1()
      sync/waitgroup.go:239 +0x5d

Goroutine 8 (running) created at:
  testing.tRunner()
      testing/testing.go:1934 +0x21c
==================
--- FAIL: TestConcurrent (0.01s)
`

func TestTrimRace(t *testing.T) {
	ev := evidence{module: "counter", student: map[string]bool{"counter.go": true}}
	got := trimRace(raceOut, ev.studentFrame)
	want := `WARNING: DATA RACE
Read at 0x00c000012108 by goroutine 8:
  counter.(*Counter).Inc()
      counter/counter.go:11 +0x2e

Previous write at 0x00c000012108 by goroutine 7:
  counter.(*Counter).Inc()
      counter/counter.go:11 +0x44

Goroutine 8 (running) created at:`
	if got != want {
		t.Errorf("trimRace =\n%s\nwant\n%s", got, want)
	}
}

func TestTrimGoroutines(t *testing.T) {
	dump := "panic: test timed out after 2s\n\trunning tests:\n\t\tTestX (2s)\n\n" +
		"goroutine 1 [chan receive]:\ntesting.(*T).Run(...)\n\ttesting/testing.go:1 +0x1\n\n" +
		"goroutine 6 [chan send]:\nqueue.(*Queue).Put(...)\n\tqueue/queue.go:14 +0x1\nqueue.TestBlocks(...)\n\tqueue/hidden_test.go:20 +0x1\n"
	ev := evidence{module: "queue", student: map[string]bool{"queue.go": true}}
	got := trimGoroutines(dump, ev.studentFrame)
	want := "panic: test timed out after 2s\n\trunning tests:\n\t\tTestX (2s)\n\ngoroutine 6 [chan send]:\nqueue.(*Queue).Put(...)\n\tqueue/queue.go:14 +0x1"
	if got != want {
		t.Errorf("trimGoroutines =\n%q\nwant\n%q", got, want)
	}
}

func TestSanitize(t *testing.T) {
	in := "ok\x16--- PASS: TestX\n\x1b[2Jclear\tdone\xff" + strings.Repeat("y", 100)
	got := Sanitize(in, 40)
	if strings.ContainsAny(got, "\x16\x1b") || !strings.HasPrefix(got, "ok--- PASS: TestX\n[2Jclear\tdone?") || !strings.HasSuffix(got, "[cut]") {
		t.Errorf("Sanitize = %q", got)
	}
}
