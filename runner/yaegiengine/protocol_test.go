package yaegiengine

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"workbook/runner/job"
)

func TestReadStatus(t *testing.T) {
	var buf bytes.Buffer
	rep := &reporter{w: &buf}
	rep.send(event{Event: evReady})
	rep.send(event{Event: evStart, UserCPU: 6 * time.Millisecond, SysCPU: time.Millisecond})
	rep.send(event{Event: evEnd, Outcome: job.OK})
	rep.send(event{Event: evEnd, Outcome: job.Panic}) // only the first end counts
	clock := time.Unix(100, 0)
	readies := 0
	st := readStatus(&buf, func() time.Time { return clock }, func() { readies++ })
	if !st.ready || readies != 1 || !st.started || !st.startedAt.Equal(clock) || st.baseUser != 6*time.Millisecond || st.baseSys != time.Millisecond {
		t.Errorf("got %+v, %d readies", st, readies)
	}
	if st.end == nil || st.end.Outcome != job.OK || st.crash != "" {
		t.Errorf("end %+v crash %q", st.end, st.crash)
	}
}

func TestReadStatusCrash(t *testing.T) {
	in := `{"event":"ready"}
{"event":"start"}
panic: boom [recovered, repanicked]

goroutine 7 [running]:
{"event":"end","outcome":"ok"}
`
	st := readStatus(strings.NewReader(in), time.Now, func() {})
	if !st.started || st.end != nil {
		t.Errorf("an event after the crash report was taken: %+v", st.end)
	}
	if !strings.HasPrefix(st.crash, "panic: boom") || !strings.HasSuffix(st.crash, "{\"event\":\"end\",\"outcome\":\"ok\"}\n") {
		t.Errorf("crash %q", st.crash)
	}
}

func TestReadStatusBoundsTheCrash(t *testing.T) {
	in := "fatal error: x\n" + strings.Repeat("y", 3*maxCrash) + "\n"
	st := readStatus(strings.NewReader(in), time.Now, func() {})
	if len(st.crash) != maxCrash || !strings.HasPrefix(st.crash, "fatal error: x\n") {
		t.Errorf("kept %d bytes", len(st.crash))
	}
}

func TestOutcome(t *testing.T) {
	started := status{started: true}
	withEnd := func(e event) status { s := started; s.end = &e; return s }
	withCrash := func(c string) status { s := started; s.crash = c; return s }
	tests := []struct {
		name    string
		st      status
		code    int
		exit    string
		timeout bool
		want    job.Outcome
		detail  string
		err     bool
	}{
		{"ok", withEnd(event{Outcome: job.OK}), 0, "exit status 0", false, job.OK, "", false},
		{"compile error", withEnd(event{Outcome: job.CompileError, Detail: "@wb/main.go:1:1: x"}), 1, "exit status 1", false, job.CompileError, "@wb/main.go:1:1: x", false},
		{"panic in main", withEnd(event{Outcome: job.Panic, Detail: "panic: boom"}), 2, "exit status 2", false, job.Panic, "panic: boom", false},
		{"deadlock", withEnd(event{Outcome: job.Deadlock, Detail: deadlockLine}), 2, "exit status 2", false, job.Deadlock, deadlockLine, false},
		{"os.Exit", started, 3, "exit status 3", false, job.Exit, "exit status 3", false},
		{"os.Exit(0)", started, 0, "exit status 0", false, job.OK, "", false},
		{"killed by someone else", started, -1, "signal: killed", false, job.Exit, "signal: killed", false},
		{"goroutine panic", withCrash("panic: g [recovered, repanicked]\n\ngoroutine 8 [running]:\n"), 2, "exit status 2", false, job.Panic, "panic: g", false},
		{"panic after main's end", func() status { s := withCrash("panic: late\n"); s.end = &event{Outcome: job.OK}; return s }(), 2, "exit status 2", false, job.Panic, "panic: late", false},
		{"runtime deadlock", withCrash(deadlockLine + "\n\ngoroutine 1 [chan receive]:\n"), 2, "exit status 2", false, job.Deadlock, deadlockLine, false},
		{"fatal error", withCrash("fatal error: concurrent map writes\n"), 2, "exit status 2", false, job.Panic, "fatal error: concurrent map writes", false},
		{"timeout", started, -1, "signal: killed", true, job.Timeout, "still running when the 1s deadline passed", false},
		{"timeout of a worker not started", status{}, -1, "signal: killed", true, job.Timeout, "still running when the 1s deadline passed", false},
		{"worker that never took the job", status{ready: true}, 1, "exit status 1", false, "", "", true},
		{"interpreter failure", withEnd(event{Error: "nil type"}), 1, "exit status 1", false, "", "", true},
	}
	for _, tt := range tests {
		o, d, err := outcome(tt.st, tt.code, tt.exit, ending{timedOut: tt.timeout, timeout: time.Second})
		if o != tt.want || d != tt.detail || (err != nil) != tt.err {
			t.Errorf("%s: got %q %q %v, want %q %q (error %v)", tt.name, o, d, err, tt.want, tt.detail, tt.err)
		}
	}
}
