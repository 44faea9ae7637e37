package goengine

import (
	"workbook/runner/gdump"

	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The files under testdata are real: goroutine dumps that this engine took
// at a 1s deadline (SIGQUIT, so in the runtime's crash format with gp= and
// registers), and the standard error of a runtime-detected deadlock (the
// plain format). The programs are in the comments.
func TestAllBlocked(t *testing.T) {
	tests := []struct {
		file    string
		n       int
		blocked bool
	}{
		// Two goroutines each hold one mutex and want the other, while
		// signal.Notify's goroutine (in a syscall) keeps the runtime
		// from noticing.
		{"dump-lockorder.txt", 2, true},
		// Three senders on an unbuffered channel nobody reads, main in
		// wg.Wait.
		{"dump-waitgroup.txt", 4, true},
		// Send to and receive from a nil channel, main in select {}.
		{"dump-nilchan.txt", 3, true},
		// Main in cond.Wait, a writer in RWMutex.Lock behind a reader
		// that never unlocks, a reader in RLock behind the writer.
		{"dump-cond.txt", 3, true},
		// The plain format: "goroutine 1 [select (no cases)]:".
		{"fatal-deadlock.txt", 2, true},
		// Main and a goroutine in time.Sleep: slow, not stuck.
		{"dump-sleep.txt", 1, false},
		// Main blocked forever, but a goroutine still sleeps in a loop.
		{"dump-mixed.txt", 2, false},
		// for {}: [running].
		{"dump-busy.txt", 1, false},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		n, blocked := allBlocked(gdump.Parse(string(b)))
		// n counts up to the first goroutine that is not blocked.
		if blocked != tt.blocked || blocked && n != tt.n {
			t.Errorf("%s: allBlocked = %d, %v; want %d, %v", tt.file, n, blocked, tt.n, tt.blocked)
		}
	}
}

func TestParseDumpAndUserCode(t *testing.T) {
	const text = `SIGQUIT: quit
PC=0x4822e1 m=0 sigcode=0

goroutine 1 gp=0x1a18 m=nil [chan receive, 2 minutes]:
runtime.gopark(0x1?, 0x2?)
	/usr/local/go/src/runtime/proc.go:462 +0xce fp=0x1 sp=0x2 pc=0x3
main.(*pool).wait(...)
	@wb/pool.go:9
main.main()
	@wb/main.go:18 +0x14f fp=0x1 sp=0x2 pc=0x3

goroutine 7 [sync.Mutex.Lock, locked to thread]:
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
example/greet.Hello()
	@wb/greet/greet.go:4 +0x1d
...additional frames elided...
created by main.main in goroutine 1
	@wb/main.go:12 +0x50

goroutine 8 [select]:
time.Sleep(0x3b9aca00)
	/usr/local/go/src/runtime/time.go:300 +0x11
created by main.main in goroutine 1
	@wb/main.go:13 +0x60

rax    0xca
`
	gs := gdump.Parse(text)
	var states []string
	for _, g := range gs {
		states = append(states, g.State)
	}
	if want := []string{"chan receive", "sync.Mutex.Lock", "select"}; !slices.Equal(states, want) {
		t.Fatalf("states %q, want %q", states, want)
	}
	wantFrames := []gdump.Frame{
		{Func: "runtime.gopark", Pos: "/usr/local/go/src/runtime/proc.go:462"},
		{Func: "main.(*pool).wait", Pos: "@wb/pool.go:9"},
		{Func: "main.main", Pos: "@wb/main.go:18"},
	}
	if gs[0].ID != 1 || !slices.Equal(gs[0].Frames, wantFrames) {
		t.Errorf("goroutine 1: %+v", gs[0])
	}
	// A frame of the program outside package main counts; a "created by"
	// line does not.
	if !userCode(gs[1]) || userCode(gs[2]) {
		t.Errorf("userCode: %v, %v; want true, false", userCode(gs[1]), userCode(gs[2]))
	}
	if n, blocked := allBlocked(gs[2:]); blocked || n != 0 {
		t.Errorf("runtime goroutines only: %d, %v; want 0, false", n, blocked)
	}
}

func TestTrimDump(t *testing.T) {
	if got := trimDump("last words\nSIGQUIT: quit\nPC=0\n"); got != "SIGQUIT: quit\nPC=0\n" {
		t.Errorf("trimDump = %q", got)
	}
	if got := trimDump("no banner"); got != "no banner" {
		t.Errorf("trimDump = %q", got)
	}
}
