// Package sandbox runs one untrusted, already compiled program (a student's
// test binary) so that it can neither touch the machine that grades it nor
// other students' runs, and reports how it ended.
//
// # What a run can see and do
//
// A run gets, in either mode below:
//
//   - no network: a fresh, empty network namespace (not even a usable
//     loopback shared with the host, so a listener on the host's 127.0.0.1
//     is unreachable);
//   - a fresh PID namespace: it sees only its own processes, and when its
//     first process dies the kernel kills every process left in it, which is
//     how "leftovers killed" is guaranteed (the grader kills that first
//     process at the wall deadline);
//   - an unprivileged uid: as root on the host, bubblewrap is started as
//     Config.UID (default 65534, nobody), so even the uid the kernel
//     checks outside the namespace is not root and root-owned files stay
//     unwritable; as an ordinary user it runs as that user;
//   - a private filesystem: the binary and the limiter read-only, the ELF
//     interpreter and shared libraries the binary names (a -race binary
//     needs libc), a writable work directory and /tmp of Limits.Disk bytes
//     (a tmpfs under bubblewrap), a minimal /dev and its own /proc; no
//     sources, no hidden tests, no solutions, nothing of the grader;
//   - limits set by the limiter (a small static program the sandbox builds
//     once and runs first, see limiter.go): RLIMIT_DATA for memory
//     (RLIMIT_AS below about 4 GiB breaks -race binaries, whose shadow
//     memory is reserved, not committed), RLIMIT_NPROC for tasks (threads
//     count), RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NOFILE and no core dumps;
//   - a wall deadline (Cmd.Timeout) after which the whole process group is
//     killed, and an output cap (Limits.Output bytes, head and tail kept by
//     job.Capture).
//
// Control groups would bound memory and tasks more precisely, but they are
// not reliably delegated (this machine has a read-only cgroup v1 layout in
// containers, CI runners differ); rlimits work everywhere, and the fresh user
// namespace makes RLIMIT_NPROC count only the run's own tasks.
//
// # Modes
//
// ModeBwrap uses bubblewrap (package bubblewrap in Debian) with
// --unshare-all --unshare-pid --die-with-parent --new-session
// --disable-userns. ModeNative uses Go's own namespace support
// (syscall.SysProcAttr: CLONE_NEWUSER|NEWNS|NEWPID|NEWNET|NEWIPC|NEWUTS, a
// chroot into a private directory, a uid mapping to an unprivileged uid) for
// machines without bubblewrap; it has no /proc and no tmpfs, so its disk
// bound is only per file (RLIMIT_FSIZE). ModeNone runs the program with the
// limits but without any isolation; the grader refuses it unless told
// --unsafe-no-sandbox.
//
// SelfTest proves each of these properties on the machine it runs on.
package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"workbook/runner/job"
)

// Mode is how runs are isolated.
type Mode string

const (
	ModeBwrap  Mode = "bwrap"
	ModeNative Mode = "native"
	ModeNone   Mode = "none" // limits only; unsafe
)

// Limits bounds one run. Zero fields take the defaults of DefaultLimits.
type Limits struct {
	Memory    int64         // bytes of private writable memory (RLIMIT_DATA)
	Procs     int           // tasks, threads included (RLIMIT_NPROC)
	CPU       time.Duration // CPU time (RLIMIT_CPU, whole seconds)
	FileSize  int64         // bytes in any one written file (RLIMIT_FSIZE)
	Disk      int64         // bytes of the writable work directory (tmpfs, bwrap only)
	OpenFiles int           // open file descriptors (RLIMIT_NOFILE)
	Output    int           // bytes of stdout+stderr kept (head and tail)
}

// DefaultLimits are generous for a concurrency exercise's test and small
// enough that a 2-core, few-GiB machine survives two hostile runs at once.
var DefaultLimits = Limits{
	Memory:    1 << 30,
	Procs:     256, // a -race test binary uses ~10–40 threads
	CPU:       60 * time.Second,
	FileSize:  16 << 20,
	Disk:      32 << 20,
	OpenFiles: 256,
	Output:    256 << 10,
}

// positiveOr is v when it is set (positive), else the default d.
func positiveOr[T int | int64 | time.Duration](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	return Limits{
		Memory:    positiveOr(l.Memory, d.Memory),
		Procs:     positiveOr(l.Procs, d.Procs),
		CPU:       positiveOr(l.CPU, d.CPU),
		FileSize:  positiveOr(l.FileSize, d.FileSize),
		Disk:      positiveOr(l.Disk, d.Disk),
		OpenFiles: positiveOr(l.OpenFiles, d.OpenFiles),
		Output:    positiveOr(l.Output, d.Output),
	}
}

// Config chooses how a Sandbox isolates runs.
type Config struct {
	Mode  Mode   // "" picks ModeBwrap if bwrap works, else ModeNative
	Bwrap string // bubblewrap binary; "" looks up "bwrap" in PATH
	Go    string // go command used to build the limiter; "" means "go"
	Dir   string // scratch directory for the limiter and run directories; "" means os.TempDir()
	UID   int    // unprivileged uid for runs when the grader is root; 0 means 65534
	GID   int    // likewise; 0 means 65534
}

// Sandbox runs commands in isolation. It is safe for concurrent use.
type Sandbox struct {
	mode    Mode
	bwrap   string
	limiter string
	dir     string
	uid     int
	gid     int
	root    bool // the grader runs as root: drop to uid/gid
}

// New builds the limiter and checks that the chosen mode works here.
func New(ctx context.Context, c Config) (_ *Sandbox, err error) {
	s := &Sandbox{uid: c.UID, gid: c.GID, root: os.Geteuid() == 0}
	if s.uid == 0 {
		s.uid = 65534
	}
	if s.gid == 0 {
		s.gid = 65534
	}
	goCmd := c.Go
	if goCmd == "" {
		goCmd = "go"
	}
	base := c.Dir
	if base == "" {
		base = os.TempDir()
	}
	dir, err := os.MkdirTemp(base, "wb-sandbox-")
	if err != nil {
		return nil, err
	}
	// Runs started as s.uid must traverse dir to reach their own run
	// directory, and nothing else: 0711 lets them pass, not list.
	if err := os.Chmod(dir, 0o711); err != nil {
		return nil, err
	}
	s.dir = dir
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if s.root {
		if err := traversable(dir); err != nil {
			return nil, err
		}
	}
	if s.limiter, err = buildProgram(ctx, goCmd, dir, "wb-limits", limiterSource); err != nil {
		return nil, err
	}
	if err := s.chooseMode(ctx, c); err != nil {
		return nil, err
	}
	return s, nil
}

// chooseMode settles on c.Mode, or on bubblewrap if it works here and on
// the native namespaces otherwise, proving the mode by running in it.
func (s *Sandbox) chooseMode(ctx context.Context, c Config) error {
	s.mode = c.Mode
	if s.mode == "" || s.mode == ModeBwrap {
		s.bwrap = c.Bwrap
		if s.bwrap == "" {
			s.bwrap, _ = exec.LookPath("bwrap")
		}
		probeErr := errors.New("bwrap not found in PATH")
		if s.bwrap != "" {
			probeErr = s.probe(ctx, ModeBwrap)
		}
		switch {
		case probeErr == nil:
			s.mode = ModeBwrap
		case s.mode == ModeBwrap:
			return fmt.Errorf("sandbox: bubblewrap unusable: %v", probeErr)
		default:
			s.mode = ModeNative
		}
	}
	if s.mode == ModeNative {
		if err := s.probe(ctx, ModeNative); err != nil {
			return fmt.Errorf("sandbox: no isolation available (install bubblewrap, or allow unprivileged user namespaces): %v", err)
		}
	}
	return nil
}

// probe runs the limiter with no arguments in mode m: it exits 125 with its
// usage line only if it really started inside the sandbox.
func (s *Sandbox) probe(ctx context.Context, m Mode) error {
	saved := s.mode
	s.mode = m
	defer func() { s.mode = saved }()
	r, err := s.Run(ctx, Cmd{Binary: s.limiter, Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	if r.Exit != 125 || !strings.Contains(r.Output, "wb-limits: usage") {
		return fmt.Errorf("probe exited %d: %s", r.Exit, strings.TrimSpace(r.Output))
	}
	return nil
}

// Mode reports the isolation in use.
func (s *Sandbox) Mode() Mode { return s.mode }

// Close removes the sandbox's scratch directory.
func (s *Sandbox) Close() error { return os.RemoveAll(s.dir) }

// Cmd is one program to run.
type Cmd struct {
	Binary  string   // host path of the program; it is copied or bound read-only
	Args    []string // arguments after the program name
	Env     []string // the whole environment (the host's is never passed)
	Limits  Limits
	Timeout time.Duration // wall deadline; 0 means one minute
	// Report, when set, receives what the program writes to file
	// descriptor 3 (up to 64 KiB): a channel the grader's own code in the
	// program uses, separate from the output the program's author controls.
	Report *bytes.Buffer

	rwBinds [][2]string // host path, sandbox path: for SelfTest only
}

// Result is how a run ended.
type Result struct {
	Exit      int    // exit status; -1 when killed by a signal
	Signal    string // the signal that ended it, if any
	TimedOut  bool   // the wall deadline killed it
	Output    string // stdout and stderr interleaved, capped
	Truncated bool   // Output lost bytes to the cap
	Elapsed   time.Duration
}

const reportCap = 64 << 10

// Run runs c in the sandbox and waits for it and everything it started.
func (s *Sandbox) Run(ctx context.Context, c Cmd) (Result, error) {
	c.Limits = c.Limits.withDefaults()
	if c.Timeout <= 0 {
		c.Timeout = time.Minute
	}
	rd, err := os.MkdirTemp(s.dir, "run-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(rd)
	if err := os.Chmod(rd, 0o711); err != nil {
		return Result{}, err
	}
	var cmd *exec.Cmd
	switch s.mode {
	case ModeBwrap:
		cmd, err = s.bwrapCmd(rd, c)
	case ModeNative:
		cmd, err = s.nativeCmd(rd, c)
	case ModeNone:
		cmd, err = s.noneCmd(rd, c)
	default:
		err = fmt.Errorf("sandbox: unknown mode %q", s.mode)
	}
	if err != nil {
		return Result{}, err
	}
	return s.wait(ctx, cmd, c)
}

// wait starts cmd, drains its output and report pipe, and enforces the
// wall deadline by killing its process group.
func (s *Sandbox) wait(ctx context.Context, cmd *exec.Cmd, c Cmd) (Result, error) {
	out := job.NewCapture(c.Limits.Output)
	cmd.Stdout, cmd.Stderr = out, out
	pr, pw, err := os.Pipe()
	if err != nil {
		return Result{}, err
	}
	cmd.ExtraFiles = []*os.File{pw}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	// A process that escaped the group (possible only in ModeNone) may
	// hold the output pipes open forever; stop waiting for them.
	cmd.WaitDelay = time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return Result{}, fmt.Errorf("sandbox: start: %w", err)
	}
	pw.Close()
	defer pr.Close()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rep := c.Report
		if rep == nil {
			rep = new(bytes.Buffer)
		}
		io.Copy(rep, io.LimitReader(pr, reportCap))
		io.Copy(io.Discard, pr)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(c.Timeout)
	defer timer.Stop()
	var timedOut bool
	select {
	case err = <-done:
	case <-timer.C:
		timedOut = true
		killGroup(cmd)
		err = <-done
	case <-ctx.Done():
		killGroup(cmd)
		<-done
		waitOrClose(&wg, pr, time.Second)
		return Result{}, ctx.Err()
	}
	// The run's first process is gone, so its PID namespace is too; a
	// leftover outside it (ModeNone) dies with the group.
	killGroup(cmd)
	waitOrClose(&wg, pr, time.Second)
	r := Result{TimedOut: timedOut, Output: out.String(), Truncated: out.Truncated(), Elapsed: time.Since(start)}
	r.Exit, r.Signal = exitStatus(cmd, err)
	return r, nil
}

// waitOrClose waits for the report reader, closing its pipe after d if a
// leftover process still holds the write end.
func waitOrClose(wg *sync.WaitGroup, pr *os.File, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		pr.Close()
		<-done
	}
}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Process.Kill()
	}
}

func exitStatus(cmd *exec.Cmd, err error) (int, string) {
	ps := cmd.ProcessState
	if ps == nil {
		return -1, ""
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, ws.Signal().String()
	}
	return ps.ExitCode(), ""
}

// noneCmd runs the program under the limiter only.
func (s *Sandbox) noneCmd(rd string, c Cmd) (*exec.Cmd, error) {
	work := filepath.Join(rd, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		return nil, err
	}
	args := append([]string{s.limiter}, limiterArgs(c.Limits)...)
	args = append(append(args, c.Binary), c.Args...)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = work
	cmd.Env = append(c.Env, "TMPDIR="+work, "HOME="+work)
	return cmd, nil
}

// traversable checks that an unprivileged uid can reach dir: runs start as
// one and must reach their run directory inside it.
func traversable(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("sandbox: %s is not searchable by other users (mode %v); choose a scratch directory under one that is, such as /tmp", d, fi.Mode().Perm())
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}
