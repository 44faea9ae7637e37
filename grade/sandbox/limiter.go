package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// limiterSource is the program that runs first inside the sandbox: it sets
// the resource limits on itself and execs the real command, which inherits
// them. It exists because neither bubblewrap nor os/exec can set rlimits on a
// child, and setting them on the grader would limit the grader. It is built
// with CGO_ENABLED=0 so it needs nothing from the sandbox's filesystem.
//
// The limits are set inside the sandbox's fresh user namespace, which is what
// makes RLIMIT_NPROC count only the sandbox's own tasks (Linux counts
// processes per user namespace and uid since 5.14) and so keeps one
// student's fork bomb from starving another student's tests.
const limiterSource = `// Command wb-limits sets rlimits and execs its argument (workbook grade).
package main

import (
	"os"
	"strconv"
	"syscall"
)

func main() {
	args := os.Args[1:]
	for len(args) >= 2 && args[0] != "--" {
		res, err := strconv.Atoi(args[0])
		if err != nil {
			os.Stderr.WriteString("wb-limits: bad resource " + args[0] + "\n")
			os.Exit(125)
		}
		v, err := strconv.ParseUint(args[1], 10, 64)
		if err != nil {
			os.Stderr.WriteString("wb-limits: bad value " + args[1] + "\n")
			os.Exit(125)
		}
		lim := syscall.Rlimit{Cur: v, Max: v}
		if err := syscall.Setrlimit(res, &lim); err != nil {
			os.Stderr.WriteString("wb-limits: setrlimit " + args[0] + ": " + err.Error() + "\n")
			os.Exit(125)
		}
		args = args[2:]
	}
	if len(args) < 2 {
		os.Stderr.WriteString("wb-limits: usage: wb-limits [RES VALUE]... -- PROG ARGS...\n")
		os.Exit(125)
	}
	err := syscall.Exec(args[1], args[1:], os.Environ())
	os.Stderr.WriteString("wb-limits: exec " + args[1] + ": " + err.Error() + "\n")
	os.Exit(126)
}
`

// Linux rlimit resource numbers (asm-generic/resource.h), spelled out
// because package syscall does not export all of them.
const (
	rlimitCPU    = 0
	rlimitFSize  = 1
	rlimitData   = 2
	rlimitCore   = 4
	rlimitNProc  = 6
	rlimitNoFile = 7
)

// limiterArgs returns the wb-limits arguments that apply l, up to and
// including the "--" that precedes the command.
func limiterArgs(l Limits) []string {
	var a []string
	add := func(res int, v uint64) {
		a = append(a, fmt.Sprint(res), fmt.Sprint(v))
	}
	add(rlimitCore, 0)
	if l.Memory > 0 {
		add(rlimitData, uint64(l.Memory))
	}
	if l.Procs > 0 {
		add(rlimitNProc, uint64(l.Procs))
	}
	if l.CPU > 0 {
		// Whole seconds, rounded up: the soft limit sends SIGXCPU, which
		// kills a Go program that does not handle it.
		add(rlimitCPU, uint64((l.CPU+999_999_999)/1_000_000_000))
	}
	if l.FileSize > 0 {
		add(rlimitFSize, uint64(l.FileSize))
	}
	if l.OpenFiles > 0 {
		add(rlimitNoFile, uint64(l.OpenFiles))
	}
	return append(a, "--")
}

// buildProgram compiles the one-file program source, static, into
// dir/name and returns its path.
func buildProgram(ctx context.Context, goCmd, dir, name, source string) (string, error) {
	src := filepath.Join(dir, name+"-src")
	if err := os.MkdirAll(src, 0o700); err != nil {
		return "", err
	}
	files := map[string]string{
		"go.mod":  "module " + name + "\n\ngo 1.21\n",
		"main.go": source,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o600); err != nil {
			return "", err
		}
	}
	out := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-o", out, ".")
	cmd.Dir = src
	cmd.Env = append(cleanGoEnv(os.Environ()), "CGO_ENABLED=0", "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=mod")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build %s: %v\n%s", name, err, b)
	}
	if err := os.Chmod(out, 0o755); err != nil {
		return "", err
	}
	return out, nil
}

// cleanGoEnv drops the caller's Go settings (GOFLAGS, GOENV, GOWORK…) so
// that the grader, not its environment, decides how things are built.
func cleanGoEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "GOCACHE" || k == "GOROOT" || k == "GOPATH" || k == "GOMODCACHE" || k == "GOTMPDIR":
			out = append(out, kv)
		case strings.HasPrefix(k, "GO"), strings.HasPrefix(k, "CGO_"):
		default:
			out = append(out, kv)
		}
	}
	return out
}

// CleanGoEnv is cleanGoEnv for the grader's compile step.
func CleanGoEnv(env []string) []string { return cleanGoEnv(env) }
