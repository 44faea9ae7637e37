package sandbox

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// nativeCmd isolates c with the kernel's namespaces directly, for machines
// without bubblewrap: a new user, mount, PID, network, IPC and UTS
// namespace, and a chroot into a directory holding only the limiter, the
// program and its shared libraries. The directory is root-owned and
// read-only to the run except for tmp/. Without a process running inside the
// namespaces before the program, nothing can mount /proc or a size-limited
// tmpfs, so disk use is bounded per file only (RLIMIT_FSIZE).
func (s *Sandbox) nativeCmd(rd string, c Cmd) (*exec.Cmd, error) {
	root := filepath.Join(rd, "root")
	deps, err := sharedDeps(c.Binary)
	if err != nil {
		return nil, err
	}
	files := map[string]string{inBinary: c.Binary, inLimiter: s.limiter}
	for _, d := range deps {
		files[d] = d
	}
	for in, host := range files {
		if err := copyFile(filepath.Join(root, in), host); err != nil {
			return nil, err
		}
	}
	uid, gid := s.uid, s.gid
	hostUID, hostGID := uid, gid
	if !s.root {
		// An ordinary user may map only its own uid into the namespace.
		hostUID, hostGID = os.Getuid(), os.Getgid()
	}
	for _, d := range []string{"tmp", "work"} {
		p := filepath.Join(root, d)
		if err := os.MkdirAll(p, 0o700); err != nil {
			return nil, err
		}
		if err := os.Chown(p, hostUID, hostGID); err != nil && s.root {
			return nil, err
		}
	}
	args := append([]string{inLimiter}, limiterArgs(c.Limits)...)
	args = append(append(args, inBinary), c.Args...)
	cmd := exec.Command(inLimiter, args[1:]...)
	cmd.Path = inLimiter // resolved inside the chroot
	cmd.Dir = inWork
	cmd.Env = append(append([]string{}, c.Env...), "HOME="+inWork, "TMPDIR=/tmp")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: uid, HostID: hostUID, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: gid, HostID: hostGID, Size: 1}},
		GidMappingsEnableSetgroups: false,
		Chroot:                     root,
		Credential:                 &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true},
	}
	return cmd, nil
}

// copyFile copies host to dst (creating parents) as a root-owned,
// read-and-execute-only file.
func copyFile(dst, host string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(host)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o555)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %v", host, err)
	}
	return out.Close()
}

// linkOrCopy makes host available at dst, readable and executable by all
// (dst's directory is what keeps it private): a hard link when both are on
// one file system, which saves copying a -race binary for every test.
func linkOrCopy(dst, host string) error {
	if err := os.Link(host, dst); err == nil {
		return os.Chmod(dst, 0o755)
	}
	return copyFile(dst, host)
}
