package sandbox

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

// Check is one proven (or disproven) property of the sandbox.
type Check struct {
	Property string
	OK       bool
	NA       bool // not claimed in this mode (said in the package doc)
	Evidence string
}

// selfLimits are small so that each limit is hit within a second or two.
var selfLimits = Limits{
	Memory:   256 << 20,
	Procs:    64,
	CPU:      time.Second,
	FileSize: 4 << 20,
	Disk:     16 << 20,
	Output:   64 << 10,
}

// SelfTest attacks the sandbox with a probe program, one property at a
// time, and reports what happened. A property holds only if the attack
// visibly failed, never merely because the probe did not run: each check
// requires evidence that the probe started.
func (s *Sandbox) SelfTest(ctx context.Context, goCmd string) ([]Check, error) {
	if goCmd == "" {
		goCmd = "go"
	}
	probe, err := buildProgram(ctx, goCmd, s.dir, "wb-probe", probeSource)
	if err != nil {
		return nil, err
	}
	st := &selfTest{s: s, ctx: ctx, probe: probe}
	r, err := st.run(10*time.Second, "hello")
	if err != nil {
		return nil, err
	}
	st.add("probe runs in the sandbox", strings.Contains(r.Output, "probe: hello"), "%s", firstLine(r.Output))
	st.add("unprivileged uid", strings.Contains(r.Output, "probe: hello") && !strings.Contains(r.Output, "uid 0\n"), "%s", firstLine(r.Output))
	for _, f := range []func() error{st.network, st.files, st.procs, st.limits, st.perRun, st.leftovers} {
		if err := f(); err != nil {
			return st.checks, err
		}
	}
	return st.checks, nil
}

type selfTest struct {
	s      *Sandbox
	ctx    context.Context
	probe  string
	checks []Check
}

func (st *selfTest) run(timeout time.Duration, args ...string) (Result, error) {
	return st.s.Run(st.ctx, Cmd{Binary: st.probe, Args: args, Limits: selfLimits, Timeout: timeout})
}

func (st *selfTest) add(prop string, ok bool, format string, a ...any) {
	st.checks = append(st.checks, Check{Property: prop, OK: ok, Evidence: fmt.Sprintf(format, a...)})
}

func (st *selfTest) network() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	go func() { // accept until closed: the check must not pass because nobody listened
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	addr := ln.Addr().String()
	r, err := st.run(10*time.Second, "dial", addr, "1.1.1.1:53")
	if err != nil {
		return err
	}
	ok := strings.Contains(r.Output, "probe: dial") && !strings.Contains(r.Output, "probe: ok")
	st.add("network unreachable (host loopback listener "+addr+")", ok, "%s", firstLine(r.Output))
	return nil
}

func (st *selfTest) files() error {
	victim := filepath.Join(st.s.dir, "victim")
	if err := os.WriteFile(victim, []byte("host\n"), 0o644); err != nil {
		return err
	}
	defer os.Remove(victim)
	// Mount a root-owned (when the grader is root) file writable into the
	// sandbox: only the uid the kernel sees outside can still refuse it.
	r, err := st.s.Run(st.ctx, Cmd{
		Binary: st.probe, Args: []string{"write", "/victim", victim, "/work/prog", "/etc/passwd", "/wb-root-probe"},
		Limits: selfLimits, Timeout: 10 * time.Second, rwBinds: [][2]string{{victim, "/victim"}},
	})
	if err != nil {
		return err
	}
	b, _ := os.ReadFile(victim)
	ok := string(b) == "host\n" && strings.Contains(r.Output, "probe: write") && !strings.Contains(r.Output, "probe: ok")
	st.add("host files unwritable (even one mounted writable), root read-only", ok, "%s", oneLine(r.Output))
	return nil
}

func (st *selfTest) procs() error {
	r, err := st.run(10*time.Second, "procs", fmt.Sprint(os.Getpid()))
	if err != nil {
		return err
	}
	ok := strings.Contains(r.Output, "probe: sees") && !strings.Contains(r.Output, "probe: ok")
	st.add("other processes invisible", ok, "%s", oneLine(r.Output))
	return nil
}

func (st *selfTest) limits() error {
	type lim struct {
		prop, arg string
		ok        func(Result) bool
	}
	started := func(r Result, word string) bool { return strings.Contains(r.Output, word) }
	list := []lim{
		{"memory limited (256 MiB)", "memory", func(r Result) bool { return started(r, "holding MiB") && r.Exit != 0 }},
		{"process limit (64 tasks)", "fork", func(r Result) bool { return started(r, "fork stopped at") }},
		{"CPU time limited (1s)", "spin", func(r Result) bool { return r.Exit != 0 && !r.TimedOut }},
		{"file size limited (4 MiB)", "fsize", func(r Result) bool { return started(r, "fsize stopped at 4194304") }},
		{"work directory size limited (16 MiB)", "disk", func(r Result) bool {
			var n int
			_, err := fmt.Sscanf(lastLine(r.Output), "probe: disk stopped at MiB %d", &n)
			return err == nil && n <= 16
		}},
		{"output capped (64 KiB of 16 MiB)", "flood", func(r Result) bool { return r.Truncated && len(r.Output) < 80<<10 }},
	}
	for _, l := range list {
		if l.arg == "disk" && st.s.mode != ModeBwrap {
			st.checks = append(st.checks, Check{Property: l.prop, NA: true,
				Evidence: "no tmpfs without bubblewrap: only RLIMIT_FSIZE bounds writes"})
			continue
		}
		r, err := st.run(20*time.Second, l.arg)
		if err != nil {
			return err
		}
		ok := l.ok(r) && !strings.Contains(r.Output, "probe: ok")
		what := telling(r.Output)
		switch l.arg {
		case "flood":
			what = fmt.Sprintf("kept %d bytes of 16 MiB", len(r.Output))
		case "spin":
			what = "killed while spinning"
		}
		st.add(l.prop, ok, "exit %d%s after %v: %s", r.Exit, sig(r), r.Elapsed.Round(10*time.Millisecond), what)
	}
	return nil
}

// perRun shows that the task limit counts each run's own tasks: while one
// run holds all it may have, a second run can start as many.
func (st *selfTest) perRun() error {
	held := make(chan Result, 1)
	go func() {
		r, _ := st.run(20*time.Second, "forkhold")
		held <- r
	}()
	time.Sleep(time.Second) // the first run forks its fill in milliseconds
	r2, err := st.run(20*time.Second, "fork")
	r1 := <-held
	if err != nil {
		return err
	}
	var n1, n2 int
	fmt.Sscanf(telling(r1.Output), "probe: fork stopped at %d", &n1)
	fmt.Sscanf(telling(r2.Output), "probe: fork stopped at %d", &n2)
	// The counts differ by the Go runtime's own threads at the moment of
	// each fork (15 against 20 was seen on a loaded machine); a limit shared
	// between runs would leave the second run next to none.
	st.add("process limit is per run (a fork bomb cannot starve another run)", n1 > 4 && n2 >= n1/2,
		"run 1 held %d processes while run 2 started %d", n1, n2)
	return nil
}

func (st *selfTest) leftovers() error {
	token := fmt.Sprintf("wb-orphan-%d", time.Now().UnixNano())
	r, err := st.run(10*time.Second, "orphan", token)
	if err != nil {
		return err
	}
	left := findCmdline(token)
	st.add("leftover processes killed", strings.Contains(r.Output, "started orphan") && left == 0,
		"%s; %d left after the run", firstLine(r.Output), left)
	start := time.Now()
	r, err = st.run(time.Second, "sleep")
	if err != nil {
		return err
	}
	st.add("wall deadline (1s) kills the run", r.TimedOut && time.Since(start) < 5*time.Second,
		"timed out %v after %v", r.TimedOut, time.Since(start).Round(10*time.Millisecond))
	return nil
}

// findCmdline counts host processes whose command line contains token.
func findCmdline(token string) int {
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), token) {
			n++
		}
	}
	return n
}

// PrintChecks writes checks as a table and reports whether all held.
func PrintChecks(w io.Writer, mode Mode, checks []Check) bool {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "sandbox: %s\n\nPROPERTY\tRESULT\tEVIDENCE\n", mode)
	all := true
	for _, c := range checks {
		res := "ok"
		switch {
		case c.NA:
			res = "n/a"
		case !c.OK:
			res, all = "FAIL", false
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Property, res, c.Evidence)
	}
	tw.Flush()
	return all
}

func sig(r Result) string {
	if r.Signal != "" {
		return " (" + r.Signal + ")"
	}
	return ""
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return clip(s)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return clip(s)
}

// telling picks the line of a run's output that says what stopped it.
func telling(out string) string {
	var pick string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "fatal error:"), strings.Contains(line, "stopped at"):
			return clip(line)
		case strings.HasPrefix(line, "probe:"):
			pick = line
		}
	}
	if pick == "" {
		return lastLine(out)
	}
	return clip(pick)
}

func oneLine(s string) string { return clip(strings.Join(strings.Fields(s), " ")) }

func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}
