package grade

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"workbook/grade/sandbox"
	"workbook/runner/job"
)

// compileCap bounds the compiler output kept for feedback.
const compileCap = 16 << 10

// build is a compiled test binary for one submission of one exercise.
type build struct {
	bin     string // path of the test binary
	nonce   string // the harness's nonce, which authenticates its report
	output  string // compiler output when the build failed
	elapsed time.Duration
}

// compiler runs the Go toolchain outside the sandbox on files the gate
// accepted and the grader wrote; the toolchain does not execute the code it
// compiles (no cgo, no generate, -vet=off), so compiling needs no sandbox.
type compiler struct {
	goCmd   string
	timeout time.Duration
	version string // "1.26", for the go.mod the grader writes
}

// compile writes a fresh module into dir (student files, instructor tests,
// harness, a go.mod of the grader's) and runs go test -c. Every flag and
// environment variable that decides the build is set here.
func (c *compiler) compile(ctx context.Context, dir string, e *Exercise, student map[string][]byte) (*build, error) {
	h, err := newHarness(e.Name, e.Package, e.Tests, e.leakGrace())
	if err != nil {
		return nil, fmt.Errorf("%s: harness: %v", e.ID, err)
	}
	files := map[string][]byte{
		"go.mod": []byte(fmt.Sprintf("module %s\n\ngo %s\n", e.Name, c.version)),
	}
	for name, body := range student {
		files[name] = body
	}
	for name, body := range h.files {
		files[name] = body
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o600); err != nil {
			return nil, err
		}
	}
	bin := filepath.Join(dir, "exercise.test")
	// -ldflags=-w: no DWARF, which neither race reports nor panics use
	// (they symbolize through the runtime); it cuts link time by a quarter.
	args := []string{"test", "-c", "-o", bin, "-vet=off", "-trimpath", "-buildvcs=false", "-ldflags=-w"}
	if e.Config.RaceOn() {
		args = append(args, "-race")
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.goCmd, append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(sandbox.CleanGoEnv(os.Environ()),
		"GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=mod",
		"GONOSUMDB=*", "CGO_ENABLED=1")
	out := job.NewCapture(compileCap)
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err = cmd.Run()
	b := &build{nonce: h.nonce, elapsed: time.Since(start)}
	if err != nil {
		if ctx.Err() != nil {
			b.output = fmt.Sprintf("compilation took longer than %v", c.timeout)
		} else {
			b.output = cleanCompilerOutput(out.String(), dir)
		}
		return b, nil
	}
	b.bin = bin
	return b, nil
}

var goVersionRE = regexp.MustCompile(`go(1\.\d+)`)

// toolchainVersion asks the go command for its language version.
func toolchainVersion(ctx context.Context, goCmd string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, "env", "GOVERSION")
	cmd.Env = append(sandbox.CleanGoEnv(os.Environ()), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %v", err)
	}
	m := goVersionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("go env GOVERSION: unexpected %q", bytes.TrimSpace(out))
	}
	return string(m[1]), nil
}

// cleanCompilerOutput keeps the compiler's messages about files, with the
// build directory removed so that positions read "counter.go:12:3".
func cleanCompilerOutput(s, dir string) string {
	s = strings.ReplaceAll(s, dir+string(filepath.Separator), "")
	s = strings.ReplaceAll(s, "./", "")
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "# ") || strings.TrimSpace(line) == "" {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
