package gdump

import (
	"testing"

	"workbook/runner/job"
)

func TestClockWakes(t *testing.T) {
	tests := []struct {
		name, body string
		want       bool
	}{
		{"ticker", "import \"time\"\nfunc main() { for range time.Tick(time.Second) {} }", true},
		{"after", "import \"time\"\nfunc main() { <-time.After(time.Hour) }", true},
		{"context timeout", "import (\"context\"; \"time\")\nfunc main() { ctx, _ := context.WithTimeout(context.Background(), time.Second); <-ctx.Done() }", true},
		{"renamed import", "import tm \"time\"\nfunc main() { <-tm.After(1) }", true},
		{"dot import", "import . \"time\"\nfunc main() { <-After(1) }", true},
		{"sleep only", "import \"time\"\nfunc main() { time.Sleep(1); select {} }", false},
		{"no timers", "func main() { ch := make(chan int); <-ch }", false},
		{"local named time", "type clock struct{}\nfunc (clock) After(int) chan int { return nil }\nfunc main() { var time clock; <-time.After(1) }", false},
		{"does not parse", "func main() {", false},
	}
	for _, tt := range tests {
		files := []job.File{{Name: "main.go", Body: "package main\n" + tt.body + "\n"}, {Name: "go.mod", Body: "module x\n"}}
		if got := ProgramClockWakes(files); got != tt.want {
			t.Errorf("%s: ClockWakes = %v, want %v", tt.name, got, tt.want)
		}
	}
}
