package event

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONWriter(&buf)
	at := time.Date(2026, 11, 22, 10, 0, 0, 5, time.UTC)
	in := []Event{
		{Time: at, Action: Start, Chapter: "chapters/01-x.md", Snippet: "hello", Line: 7},
		{Time: at, Action: Run, Snippet: "hello", Run: 1, Runs: 1, Outcome: "ok", Elapsed: Dur(1500 * time.Millisecond)},
		{Time: at, Action: Verdict, Snippet: "hello", Pass: Bool(false), Report: "-a\n+b"},
		{Time: at, Action: Summary, Passed: 1, Failed: 1},
	}
	for _, e := range in {
		w.Event(e)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(in) {
		t.Fatalf("%d lines for %d events", n, len(in))
	}
	if !strings.Contains(buf.String(), `"elapsed":1.5`) {
		t.Errorf("elapsed not in seconds: %s", buf.String())
	}
	var out []Event
	if err := Decode(&buf, func(e Event) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) || out[1].Elapsed.Duration() != 1500*time.Millisecond || *out[2].Pass {
		t.Errorf("round trip lost data: %+v", out)
	}
	if !out[0].Time.Equal(at) {
		t.Errorf("time %v, want %v", out[0].Time, at)
	}
}
