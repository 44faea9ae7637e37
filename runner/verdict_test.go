package runner

import (
	"strings"
	"testing"

	"workbook/runner/chapter"
	"workbook/runner/job"
)

func TestJudge(t *testing.T) {
	parse := func(src string) (*chapter.Chapter, *chapter.Snippet) {
		ch, err := chapter.Parse("chapters/01-x.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return ch, ch.Snippets[0]
	}
	const hello = "```go %s\npackage main\nfunc main() {}\n```\n"
	withOut := func(attrs, out string) string {
		return strings.Replace(hello, "%s", attrs, 1) + "\n```output\n" + out + "\n```\n"
	}
	tests := []struct {
		name   string
		src    string
		res    job.Result
		ok     bool
		report string
	}{
		{"clean exit", withOut("", "hi"), job.Result{Outcome: job.OK, Stdout: "hi\n"}, true, ""},
		{"wrong output", withOut("", "hi"), job.Result{Outcome: job.OK, Stdout: "ho\n"}, false, "+ ho"},
		{"stderr only", withOut("", "hi"), job.Result{Outcome: job.OK, Stderr: "hi\n"}, false, "printed only to standard error"},
		{"panic expected", withOut("{expect=panic}", ""), job.Result{Outcome: job.Panic, Detail: "panic: x"}, true, ""},
		{"panic instead of exit", strings.Replace(hello, "%s", "{exit=3}", 1), job.Result{Outcome: job.Panic, ExitCode: 2,
			Detail: "panic: boom", Stderr: "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t@wb/main.go:2 +0x1\n"},
			false, "want exit status 3, got a panic: panic: boom"},
		{"wrong exit status", strings.Replace(hello, "%s", "{exit=3}", 1), job.Result{Outcome: job.Exit, ExitCode: 4}, false, "want exit status 3, got exit status 4"},
		{"no-run builds", strings.Replace(hello, "%s", "{no-run}", 1), job.Result{Outcome: job.Compiled}, true, ""},
		{"no-run fails to build", strings.Replace(hello, "%s", "{no-run}", 1), job.Result{Outcome: job.CompileError,
			Detail: "@wb/main.go:2:14: undefined: x"}, false, "want a successful build, got a compile error: chapters/01-x.md:3:14: undefined: x"},
		{"deadlock expected, timeout got", strings.Replace(hello, "%s", "{expect=deadlock}", 1), job.Result{Outcome: job.Timeout}, false, "want a deadlock, got a timeout"},
	}
	for _, tt := range tests {
		ch, s := parse(tt.src)
		ok, report := judge(ch, s, tt.res)
		if ok != tt.ok || !strings.Contains(report, tt.report) {
			t.Errorf("%s: judge = %v, %q; want %v with %q", tt.name, ok, report, tt.ok, tt.report)
		}
	}
}
