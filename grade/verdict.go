package grade

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"workbook/grade/sandbox"
)

// FeedbackCap bounds the feedback text of one test, after control bytes
// are stripped: students read it, and they also wrote the program that
// printed most of it.
const FeedbackCap = 2 << 10

// report is what the harness's TestMain wrote on file descriptor 3.
type report struct {
	found bool
	code  int
	tests []string // "TestX:pass"
	leaks int
	stack string // the leaked goroutines' stacks
}

var reportRE = regexp.MustCompile(`^code=(-?\d+) tests=(\S*) leaks=(\d+)$`)

// parseReport finds the line authenticated by nonce. Lines without it,
// which a student able to write to fd 3 could add, are ignored; of several
// valid lines the last wins, since the harness writes its line just before
// the process exits.
func parseReport(raw, nonce string) report {
	head := "WB " + nonce + " "
	var r report
	rest := raw
	for {
		i := strings.Index(rest, "\n"+head)
		if i < 0 {
			return r
		}
		rest = rest[i+1+len(head):]
		line, stack, _ := strings.Cut(rest, "\n")
		m := reportRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r = report{found: true, stack: stack}
		r.code, _ = strconv.Atoi(m[1])
		r.leaks, _ = strconv.Atoi(m[3])
		if m[2] != "" {
			r.tests = strings.Split(m[2], ",")
		}
	}
}

// evidence is everything the verdict of one test is decided on.
type evidence struct {
	name      string
	run       sandbox.Result
	rep       report
	module    string          // the exercise's module path, to find its frames
	student   map[string]bool // the student's file names
	nonce     string
	timeout   string
	criterion string
}

// verdict decides one test. It passes only if the process exited 0 on its
// own, the authenticated report says m.Run returned 0, exactly this test
// ran and passed and no goroutine of the package outlived it, and the
// output has the run and pass lines for exactly this name and no "no tests
// to run". The output alone, which the student's code can write to,
// never makes a test pass; it only explains a failure.
func verdict(ev evidence) (passed bool, reason, feedback string) {
	out := ev.run.Output
	runLine := hasLine(out, "=== RUN   "+ev.name)
	passLine := hasLinePrefix(out, "--- PASS: "+ev.name+" (")
	noTests := strings.Contains(out, "testing: warning: no tests to run")
	rep := ev.rep
	onlyPass := len(rep.tests) == 1 && rep.tests[0] == ev.name+":pass"
	if ev.run.Exit == 0 && !ev.run.TimedOut && !ev.run.Truncated && rep.found && rep.code == 0 && onlyPass &&
		rep.leaks == 0 && runLine && passLine && !noTests {
		return true, "passed", ""
	}
	reason, fb := explain(ev, onlyPass, passLine, noTests)
	return false, reason, ev.clean(fb)
}

// explain names the first cause of a failure that the evidence shows.
func explain(ev evidence, onlyPass, passLine, noTests bool) (string, string) {
	out, rep, r := ev.run.Output, ev.rep, ev.run
	keep := ev.studentFrame
	switch {
	case strings.Contains(out, "WARNING: DATA RACE"):
		return "race-free: data race", trimRace(out, keep)
	case strings.Contains(out, "panic: test timed out after"):
		return fmt.Sprintf("no-deadlock: the test did not finish within %s (deadlock or livelock)", ev.timeout),
			trimGoroutines(out, keep)
	case strings.Contains(out, "all goroutines are asleep - deadlock!") || strings.Contains(out, "deadlock: "):
		return "no-deadlock: deadlock", trimGoroutines(out, keep)
	case r.TimedOut:
		return "killed at the wall deadline: the test did not end", tail(out)
	case r.Truncated:
		return "output limit exceeded: the test printed more than the grader keeps", tail(out)
	case memoryExhausted(out):
		return "memory limit exceeded", tail(out)
	case r.Signal == "CPU time limit exceeded" || r.Signal == "killed" || r.Exit == 128+24 || r.Exit == 128+9:
		// bwrap reports a signalled child as 128+signal.
		return "killed: CPU time limit exceeded or too many processes", tail(out)
	case strings.Contains(out, "unexpected call to os.Exit(0) during test"):
		return "called os.Exit during the test", trimGoroutines(out, keep)
	case rep.found && onlyPass && rep.leaks > 0:
		return fmt.Sprintf("no-leak: %d goroutine(s) still running after the test", rep.leaks), trimGoroutines(rep.stack, keep)
	case strings.Contains(out, "\npanic: ") || strings.HasPrefix(out, "panic: "):
		why := "panicked"
		if passLine && (onlyPass || !rep.found) {
			why = "a goroutine panicked after the test returned"
		}
		return why + ": " + panicMessage(out), trimGoroutines(out, keep)
	case !rep.found:
		return fmt.Sprintf("the test framework never reported back (exit status %d): the process ended before the tests ran or finished, e.g. by os.Exit", r.Exit), tail(out)
	case noTests || len(rep.tests) == 0:
		return "the test never ran", tail(out)
	case len(rep.tests) == 1 && rep.tests[0] == ev.name+":fail":
		return "failed", failureLines(out, ev.name)
	case len(rep.tests) == 1 && rep.tests[0] == ev.name+":skip":
		return "skipped: a test that does not run scores nothing", failureLines(out, ev.name)
	case !onlyPass:
		return fmt.Sprintf("unexpected tests ran: %s", strings.Join(rep.tests, ", ")), tail(out)
	case rep.code != 0 || r.Exit != 0:
		return fmt.Sprintf("exit status %d after the test passed", r.Exit), tail(out)
	default:
		return "the test's run and pass lines are missing from its output", tail(out)
	}
}

func memoryExhausted(out string) bool {
	for _, s := range []string{"fatal error: out of memory", "runtime: out of memory", "ThreadSanitizer failed to allocate", "cannot allocate memory"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

func hasLine(out, line string) bool {
	return strings.HasPrefix(out, line+"\n") || strings.Contains(out, "\n"+line+"\n")
}

func hasLinePrefix(out, prefix string) bool {
	return strings.HasPrefix(out, prefix) || strings.Contains(out, "\n"+prefix)
}

func panicMessage(out string) string {
	i := strings.Index(out, "panic: ")
	line, _, _ := strings.Cut(out[i+len("panic: "):], "\n")
	return strings.TrimSpace(line)
}

// failureLines are the test's own log lines (indented under its name).
func failureLines(out, name string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "--- SKIP") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

func tail(out string) string {
	if len(out) > FeedbackCap {
		return "…" + out[len(out)-FeedbackCap:]
	}
	return out
}

// studentFrame reports whether a stack's file line is in a student file.
func (ev evidence) studentFrame(fileLine string) bool {
	f := strings.TrimSpace(fileLine)
	rest, ok := strings.CutPrefix(f, ev.module+"/")
	if !ok {
		return false
	}
	name, _, _ := strings.Cut(rest, ":")
	return ev.student[name]
}

// clean makes feedback safe to show: the harness's renaming undone, control
// bytes (0x16 framing, terminal escapes) removed, and the length capped.
func (ev evidence) clean(s string) string {
	if ev.nonce != "" {
		s = strings.ReplaceAll(s, "wb"+ev.nonce+"_", "")
	}
	return Sanitize(s, FeedbackCap)
}

// Sanitize removes control bytes other than newline and tab, and invalid
// UTF-8, and caps s at max bytes.
func Sanitize(s string, max int) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "?") {
		if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
			b.WriteRune(r)
		}
	}
	s = strings.TrimSpace(b.String())
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "\n… [cut]"
	}
	return s
}
