package yaegiengine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"

	"workbook/runner/gdump"
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
	var got []string
	for _, g := range gdump.Parse(dump) {
		got = append(got, fmt.Sprintf("%d %s", g.ID, g.State))
	}
	want := []string{"9 running", "1 chan receive", "6 select", "12 sync.WaitGroup.Wait"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDeadlocked(t *testing.T) {
	blocked := []gdump.Goroutine{{ID: 1, State: "chan receive"}, {ID: 6, State: "select"}, {ID: 7, State: "sync.Mutex.Lock"}}
	tests := []struct {
		name   string
		gs     []gdump.Goroutine
		ignore map[int64]bool
		want   bool
	}{
		{"all blocked", blocked, nil, true},
		{"one asleep", append(blocked, gdump.Goroutine{ID: 8, State: "sleep"}), nil, false},
		{"one runnable", append(blocked, gdump.Goroutine{ID: 8, State: "runnable"}), nil, false},
		{"one in a system call", append(blocked, gdump.Goroutine{ID: 8, State: "syscall"}), nil, false},
		{"the worker's own ignored", append(blocked, gdump.Goroutine{ID: 8, State: "syscall"}), map[int64]bool{8: true}, true},
		{"nothing of the program", []gdump.Goroutine{{ID: 8, State: "select"}}, map[int64]bool{8: true}, false},
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
