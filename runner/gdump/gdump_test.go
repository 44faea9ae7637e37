package gdump

import (
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	text := `SIGQUIT: quit
PC=0x46e1c1 m=0 sigcode=0

goroutine 1 gp=0xc000002380 m=nil [semacquire, 2 minutes]:
sync.runtime_SemacquireMutex(0xc00001c0dc?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
main.main()
	@wb/main.go:21 +0x85

goroutine 7 [sync.Mutex.Lock]:
main.transfer(...)
	@wb/main.go:12
created by main.main in goroutine 1
	@wb/main.go:18 +0x5d

goroutine 9 [select, locked to thread]:
runtime.ensureSigM.func1()
	/usr/local/go/src/runtime/signal_unix.go:1085 +0x1a5
...additional frames elided...
`
	gs := Parse(text)
	var states []string
	for _, g := range gs {
		states = append(states, g.State)
	}
	if !slices.Equal(states, []string{"semacquire", "sync.Mutex.Lock", "select"}) {
		t.Fatalf("states %q", states)
	}
	want := []Frame{{Func: "sync.runtime_SemacquireMutex", Pos: "/usr/local/go/src/runtime/sema.go:95"}, {Func: "main.main", Pos: "@wb/main.go:21"}}
	if gs[0].ID != 1 || !slices.Equal(gs[0].Frames, want) {
		t.Errorf("goroutine 1: %+v", gs[0])
	}
	if len(gs[1].Frames) != 1 || gs[1].Frames[0].Pos != "@wb/main.go:12" {
		t.Errorf("the created-by line became a frame: %+v", gs[1].Frames)
	}
}

func TestBlocking(t *testing.T) {
	for state, want := range map[string]bool{
		"chan receive": true, "select (no cases)": true, "sync.Cond.Wait": true, "semacquire": true,
		"sleep": false, "running": false, "runnable": false, "IO wait": false, "syscall": false,
	} {
		if Blocking(state) != want {
			t.Errorf("Blocking(%q) = %v", state, !want)
		}
	}
}
