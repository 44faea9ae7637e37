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
