package grade

import (
	"bytes"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusWant is what each attack of testdata/corpus/submissions must
// yield: a status and, per test, a substring of the reason. Every attack
// scores 0 on what it attacks; "good" is graded in the same run to show
// that the others do not affect it.
var corpusWant = map[string]struct {
	status  Status
	reasons map[string]string // test -> reason substring; "" for the gate's problems
	problem string
}{
	"good":       {StatusPassed, map[string]string{"TestAnswer": "passed", "TestSecret": "passed"}, ""},
	"loop":       {StatusFailed, map[string]string{"TestAnswer": "did not finish within 2s", "TestSecret": "did not finish within 2s"}, ""},
	"sleeper":    {StatusFailed, map[string]string{"TestAnswer": "did not finish within 2s", "TestSecret": "did not finish within 2s"}, ""},
	"forkbomb":   {StatusFailed, map[string]string{"TestAnswer": "resource temporarily unavailable", "TestSecret": "resource temporarily unavailable"}, ""},
	"membomb":    {StatusFailed, map[string]string{"TestAnswer": "memory limit exceeded", "TestSecret": "memory limit exceeded"}, ""},
	"flood":      {StatusFailed, map[string]string{"TestAnswer": "output limit exceeded", "TestSecret": "output limit exceeded"}, ""},
	"diskfill":   {StatusFailed, map[string]string{"TestAnswer": "no space left on device", "TestSecret": "no space left on device"}, ""},
	"readhidden": {StatusFailed, map[string]string{"TestAnswer": "failed", "TestSecret": "failed"}, ""},
	"fakepass":   {StatusFailed, map[string]string{"TestAnswer": "failed", "TestSecret": "failed"}, ""},
	"exitinit":   {StatusFailed, map[string]string{"TestAnswer": "never reported back", "TestSecret": "never reported back"}, ""},
	"argsinit":   {StatusFailed, map[string]string{"TestAnswer": "never ran", "TestSecret": "never ran"}, ""},
	"exittest":   {StatusFailed, map[string]string{"TestAnswer": "os.Exit", "TestSecret": "os.Exit"}, ""},
	"dial":       {StatusFailed, map[string]string{"TestAnswer": "failed", "TestSecret": "failed"}, ""},
	"writeout":   {StatusFailed, map[string]string{"TestAnswer": "failed", "TestSecret": "failed"}, ""},
	"latepanic":  {StatusFailed, map[string]string{"TestAnswer": "panicked after the test returned", "TestSecret": "still running after the test"}, ""},
	"embed":      {StatusRejected, nil, "probe.go:3: import \"embed\" is not allowed"},
	"testmain":   {StatusRejected, nil, "func TestMain is reserved for the grader"},
	"gomod":      {StatusRejected, nil, "import \"evil.example/answer\" is not allowed"},
}

// TestCorpus grades the whole adversarial corpus in one run with two jobs,
// as an instructor would, and checks every verdict, its reason, and that
// the host was not touched.
func TestCorpus(t *testing.T) {
	needSandbox(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	subs := copyCorpus(t, ln.Addr().String())
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("42\n"))
			c.Close()
		}
	}()
	var out strings.Builder
	sum, err := Run(t.Context(), Options{
		Exercises: "testdata/corpus/exercises", Solutions: "testdata/corpus/solutions",
		Submissions: subs, Jobs: 2, Stdout: &out, Stderr: &out,
	})
	t.Logf("grader output:\n%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range sum.Results {
		seen[r.Student] = true
		want, ok := corpusWant[r.Student]
		if !ok {
			t.Errorf("%s: no expectation in corpusWant", r.Student)
			continue
		}
		if r.Status != want.status {
			t.Errorf("%s: status %s, want %s (problems %q)", r.Student, r.Status, want.status, r.Problems)
		}
		if want.status != StatusPassed && r.Score != 0 {
			t.Errorf("%s: score %v, want 0", r.Student, r.Score)
		}
		if want.problem != "" && !strings.Contains(strings.Join(r.Problems, "\n"), want.problem) {
			t.Errorf("%s: problems %q lack %q", r.Student, r.Problems, want.problem)
		}
		for _, tr := range r.Tests {
			if w := want.reasons[tr.Name]; w != "" && !strings.Contains(tr.Reason+"\n"+tr.Feedback, w) {
				t.Errorf("%s %s: reason %q (feedback %q), want it to mention %q", r.Student, tr.Name, tr.Reason, tr.Feedback, w)
			}
			if strings.ContainsAny(tr.Feedback, "\x16\x1b") {
				t.Errorf("%s %s: feedback keeps control bytes: %q", r.Student, tr.Name, tr.Feedback)
			}
		}
	}
	for s := range corpusWant {
		if !seen[s] {
			t.Errorf("%s: not graded", s)
		}
	}
	for _, p := range []string{"/etc/wb-corpus-pwned", "/root/wb-corpus-pwned", "/wb-corpus-pwned",
		"testdata/wb-corpus-pwned", "../wb-corpus-pwned", filepath.Join(os.TempDir(), "wb-corpus-pwned")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("host file %s was written", p)
			os.Remove(p)
		}
	}
}

// copyCorpus copies the corpus submissions to a temporary folder, pointing
// the dial attack at addr, the host listener of this run.
func copyCorpus(t *testing.T, addr string) string {
	t.Helper()
	dst := t.TempDir()
	src := "testdata/corpus/submissions"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b = bytes.ReplaceAll(b, []byte("127.0.0.1:47613"), []byte(addr))
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
