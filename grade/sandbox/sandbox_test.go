package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func newSandbox(t *testing.T, mode Mode) *Sandbox {
	t.Helper()
	if mode == ModeBwrap {
		if _, err := exec.LookPath("bwrap"); err != nil {
			t.Skip("bubblewrap is not installed (apt-get install bubblewrap): cannot test ModeBwrap")
		}
	}
	s, err := New(context.Background(), Config{Mode: mode})
	if err != nil {
		if mode == ModeNative && strings.Contains(err.Error(), "operation not permitted") {
			t.Skipf("user namespaces unavailable here: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSelfTest(t *testing.T) {
	for _, mode := range []Mode{ModeBwrap, ModeNative} {
		t.Run(string(mode), func(t *testing.T) {
			s := newSandbox(t, mode)
			checks, err := s.SelfTest(context.Background(), "")
			var buf bytes.Buffer
			ok := PrintChecks(&buf, s.Mode(), checks)
			t.Logf("\n%s", buf.String())
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Errorf("self-test failed in mode %s", mode)
			}
		})
	}
}

func TestReportChannel(t *testing.T) {
	s := newSandbox(t, ModeBwrap)
	src := "package main\nimport \"os\"\nfunc main() { os.NewFile(3, \"r\").WriteString(\"secret report\"); os.Stdout.WriteString(\"out\") }\n"
	bin, err := buildProgram(context.Background(), "go", s.dir, "rep", src)
	if err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	r, err := s.Run(context.Background(), Cmd{Binary: bin, Report: &rep, Env: []string{"A=1"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Exit != 0 || r.Output != "out" || rep.String() != "secret report" {
		t.Errorf("exit %d output %q report %q", r.Exit, r.Output, rep.String())
	}
	_ = os.Getpid
}

func TestNewRefusesMissingBwrap(t *testing.T) {
	_, err := New(context.Background(), Config{Mode: ModeBwrap, Bwrap: "/nonexistent/bwrap"})
	if err == nil || !strings.Contains(err.Error(), "bubblewrap unusable") {
		t.Errorf("err = %v, want bubblewrap unusable", err)
	}
}

func TestLimiterArgs(t *testing.T) {
	got := strings.Join(limiterArgs(Limits{Memory: 1 << 30, Procs: 64, CPU: 1500 * time.Millisecond, FileSize: 10, OpenFiles: 5}), " ")
	want := "4 0 2 1073741824 6 64 0 2 1 10 7 5 --"
	if got != want {
		t.Errorf("limiterArgs = %q, want %q", got, want)
	}
}

// TestModeNoneEscapee: without isolation a process can leave the group and
// keep the pipes open; Run must still return.
func TestModeNoneEscapee(t *testing.T) {
	s, err := New(context.Background(), Config{Mode: ModeNone})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	src := `package main
import ("os"; "os/exec"; "strconv"; "syscall")
func main() {
	if len(os.Args) > 1 { select {} }
	c := exec.Command(os.Args[0], "child")
	c.Stdout, c.ExtraFiles = os.Stdout, []*os.File{os.NewFile(3, "r")}
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	c.Start()
	os.Stdout.WriteString("parent done, child " + strconv.Itoa(c.Process.Pid) + "\n")
}
`
	bin, err := buildProgram(context.Background(), "go", s.dir, "escapee", src)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := s.Run(context.Background(), Cmd{Binary: bin, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second || !strings.Contains(r.Output, "parent done") {
		t.Errorf("Run took %v, output %q", d, r.Output)
	}
	var pid int
	if _, err := fmt.Sscanf(r.Output, "parent done, child %d", &pid); err == nil && pid > 0 {
		syscall.Kill(pid, syscall.SIGKILL) // the escapee is ours to clean up
	}
}
