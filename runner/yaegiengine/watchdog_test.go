package yaegiengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

const dump = `goroutine 9 [running]:
main.f()
	/x.go:3

goroutine 1 [chan receive, 2 minutes]:
reflect.chanrecv()

goroutine 6 [select]:
os/signal.NotifyContext.func1()

goroutine 12 gp=0xc000 m=nil [sync.WaitGroup.Wait]:
sync.(*WaitGroup).Wait()
`

func TestParseGoroutines(t *testing.T) {
	gs := parseGoroutines([]byte(dump))
	want := []goroutine{{9, "running"}, {1, "chan receive"}, {6, "select"}, {12, "sync.WaitGroup.Wait"}}
	if len(gs) != len(want) {
		t.Fatalf("got %v", gs)
	}
	for i := range want {
		if gs[i] != want[i] {
			t.Errorf("goroutine %d: got %v, want %v", i, gs[i], want[i])
		}
	}
}

func TestDeadlocked(t *testing.T) {
	blocked := []goroutine{{1, "chan receive"}, {6, "select"}, {7, "sync.Mutex.Lock"}}
	tests := []struct {
		name   string
		gs     []goroutine
		ignore map[int64]bool
		want   bool
	}{
		{"all blocked", blocked, nil, true},
		{"one asleep", append(blocked, goroutine{8, "sleep"}), nil, false},
		{"one runnable", append(blocked, goroutine{8, "runnable"}), nil, false},
		{"one in a system call", append(blocked, goroutine{8, "syscall"}), nil, false},
		{"the worker's own ignored", append(blocked, goroutine{8, "syscall"}), map[int64]bool{8: true}, true},
		{"nothing of the program", []goroutine{{8, "select"}}, map[int64]bool{8: true}, false},
	}
	for _, tt := range tests {
		dump, got := deadlocked(tt.gs, tt.ignore)
		if got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
		if got && dump == "" {
			t.Errorf("%s: no dump", tt.name)
		}
	}
}

func TestMayWake(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"package main\nimport \"sync\"\nfunc main() { var wg sync.WaitGroup; wg.Wait() }", false},
		{"package main\nimport \"time\"\nfunc main() { time.Sleep(1) }", false},
		{"package main\nimport \"time\"\nfunc main() { <-time.After(1) }", true},
		{"package main\nimport t \"time\"\nfunc main() { t.NewTicker(1) }", true},
		{"package main\nimport . \"time\"\nfunc main() { <-After(1) }", true},
		{"package main\nimport \"context\"\nfunc main() { context.WithTimeout(nil, 1) }", true},
		{"package main\nimport \"context\"\nfunc main() { context.WithCancel(nil) }", false},
		{"package main\nimport \"os/signal\"\nfunc main() { signal.Ignore() }", true},
		{"package main\nimport \"net/http\"\nfunc main() { _ = http.Get }", true},
		{"package main\nfunc main() { time := struct{ After int }{}; _ = time.After }", false},
	}
	for _, tt := range tests {
		f, err := parser.ParseFile(token.NewFileSet(), "main.go", tt.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := mayWake([]*ast.File{f}); got != tt.want {
			t.Errorf("%s: got %v", tt.src, got)
		}
	}
}
