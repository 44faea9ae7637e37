package sandbox

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Paths inside the sandbox.
const (
	inWork    = "/work"
	inBinary  = "/work/prog"
	inLimiter = "/.wb-limits"
)

// bwrapCmd builds the bubblewrap command line for c. Every mount is listed
// here: a run sees exactly these paths and nothing else of the host.
func (s *Sandbox) bwrapCmd(rd string, c Cmd) (*exec.Cmd, error) {
	deps, err := sharedDeps(c.Binary)
	if err != nil {
		return nil, err
	}
	// bwrap may run as an unprivileged uid, which must be able to read
	// what it binds: stage the program in the run directory.
	prog := filepath.Join(rd, "prog")
	if err := linkOrCopy(prog, c.Binary); err != nil {
		return nil, err
	}
	args := []string{
		"--unshare-all", // user, ipc, pid, net, uts, cgroup namespaces
		"--unshare-pid",
		"--unshare-user",
		"--disable-userns", // no nested namespaces with fresh rlimit counts
		"--die-with-parent",
		"--new-session", // no TIOCSTI into the grader's terminal
		"--uid", fmt.Sprint(s.uid), "--gid", fmt.Sprint(s.gid),
		"--hostname", "sandbox",
		"--clearenv",
		"--proc", "/proc",
		"--dev", "/dev",
		"--size", fmt.Sprint(c.Limits.Disk), "--tmpfs", inWork,
		"--size", fmt.Sprint(c.Limits.Disk), "--tmpfs", "/tmp",
		"--ro-bind", prog, inBinary,
		"--ro-bind", s.limiter, inLimiter,
	}
	for _, d := range deps {
		args = append(args, "--ro-bind", d, d)
	}
	for _, b := range c.rwBinds {
		args = append(args, "--bind", b[0], b[1])
	}
	// bwrap's root is an unbounded tmpfs: once every mount point exists,
	// make it read-only so the only writable places are the sized ones.
	args = append(args, "--remount-ro", "/")
	for _, kv := range c.Env {
		k, v := splitEnv(kv)
		args = append(args, "--setenv", k, v)
	}
	args = append(args, "--setenv", "HOME", inWork, "--setenv", "TMPDIR", "/tmp",
		"--chdir", inWork, "--", inLimiter)
	args = append(args, limiterArgs(c.Limits)...)
	args = append(append(args, inBinary), c.Args...)
	cmd := exec.Command(s.bwrap, args...)
	cmd.Dir = "/"
	cmd.Env = []string{}
	if s.root {
		// As root, a user namespace maps the sandbox's uid to root on the
		// host, which may write root-owned files it can reach. Starting
		// bwrap as an unprivileged uid makes that uid the one the kernel
		// sees outside.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid: uint32(s.uid), Gid: uint32(s.gid), NoSetGroups: false, Groups: []uint32{},
		}}
	}
	return cmd, nil
}

func splitEnv(kv string) (string, string) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:]
		}
	}
	return kv, ""
}
