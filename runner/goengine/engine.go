package goengine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"workbook/runner/gdump"
	"workbook/runner/job"
)

// Config sets up an Engine. The zero value is usable.
type Config struct {
	// CacheDir holds the binary cache (see the package doc for its layout).
	// Default: filepath.Join(os.UserCacheDir(), "workbook", "bin").
	CacheDir string
	// Go is the go command. Default: "go" as found in $PATH.
	Go string
	// OutputLimit is how many bytes of standard output, and as many of
	// standard error, a run keeps (its head and its tail). Default: 1 MiB.
	OutputLimit int
	// DumpGrace is how long a program has, after the SIGQUIT sent at its
	// deadline, to print its goroutine dump before it is killed. Default: 2s.
	DumpGrace time.Duration
	// Now is the clock behind Result.Wall and Result.Build. Default: time.Now.
	Now func() time.Time
	// Modules is a go.mod whose directives other than module and go
	// (require, replace, exclude) apply to every program built, with
	// ModulesSum its go.sum: the book's chapters/go.mod, which lets
	// snippets import modules beyond the standard library. Empty: the
	// standard library only.
	Modules, ModulesSum []byte
}

// Defaults for Config's zero values.
const (
	defaultOutputLimit = 1 << 20
	defaultDumpGrace   = 2 * time.Second
	defaultTimeout     = 10 * time.Second
	// minGoVersion is the go line of the build module: an older local
	// toolchain (GOTOOLCHAIN=local) refuses to build it.
	minGoVersion = "go1.26"
)

// Engine builds and runs Go programs. Its methods are safe for concurrent
// use.
type Engine struct {
	cacheDir    string
	cacheDirErr error // why no default CacheDir could be found
	goCmd       string
	goCmdErr    error // why no go command could be found
	outputLimit int
	dumpGrace   time.Duration
	now         func() time.Time
	requires    string // Config.Modules less its module and go lines
	sum         []byte

	toolchain func() (toolchain, error) // asks go env once

	mu      sync.Mutex
	flights map[string]*flight       // builds under way, by key
	fresh   map[string]time.Duration // builds made here whose time no Run has reported yet
	// transient holds failed builds whose messages do not point into the
	// program (a module that could not be fetched, a killed compiler, a
	// full disk): this Engine reports them, the cache does not keep them.
	transient map[string]entry

	goBuilds atomic.Int64
}

// New returns an Engine for cfg. It does not run the go command: the
// toolchain is asked for its version the first time it is needed, and
// Available reports what is missing.
func New(cfg Config) *Engine {
	e := &Engine{
		cacheDir:    cfg.CacheDir,
		goCmd:       cfg.Go,
		outputLimit: cfg.OutputLimit,
		dumpGrace:   cfg.DumpGrace,
		now:         cfg.Now,
		requires:    moduleDirectives(cfg.Modules),
		sum:         cfg.ModulesSum,
		flights:     make(map[string]*flight),
		fresh:       make(map[string]time.Duration),
	}
	if e.cacheDir == "" {
		dir, err := os.UserCacheDir()
		e.cacheDir, e.cacheDirErr = filepath.Join(dir, "workbook", "bin"), err
	}
	if e.goCmd == "" {
		e.goCmd, e.goCmdErr = exec.LookPath("go")
	}
	if e.outputLimit <= 0 {
		e.outputLimit = defaultOutputLimit
	}
	if e.dumpGrace <= 0 {
		e.dumpGrace = defaultDumpGrace
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.toolchain = sync.OnceValues(e.askToolchain)
	return e
}

// Name returns "go".
func (e *Engine) Name() string { return "go" }

// ID returns "go GOVERSION GOOS/GOARCH" of the toolchain, such as
// "go go1.26.8 linux/amd64", followed by the settings that change the
// generated code (CGO_ENABLED, GOEXPERIMENT, GOAMD64, ...), or
// "go unavailable" when there is none. The runner keys cached results by
// it, so whatever changes the binary must change the ID too.
func (e *Engine) ID() string {
	tc, err := e.toolchain()
	if err != nil {
		return "go unavailable"
	}
	return tc.id + " [" + strings.ReplaceAll(tc.settings, "\n", " ") + "]"
}

// Available reports whether a usable Go toolchain is there, and if not,
// what is missing.
func (e *Engine) Available() error {
	_, err := e.toolchain()
	return err
}

// Stats counts what an Engine did.
type Stats struct {
	// GoBuilds is the number of "go build" invocations.
	GoBuilds int64
}

// Stats returns the counts so far.
func (e *Engine) Stats() Stats {
	return Stats{GoBuilds: e.goBuilds.Load()}
}

// toolchain is what go env says about the toolchain that builds.
type toolchain struct {
	id string // "go go1.26.8 linux/amd64"
	// settings are the other variables that change the generated code;
	// they go into the build key, not into the ID.
	settings string
}

// askToolchain runs go env with the environment builds use, outside any
// module, so that the answer is about the toolchain that really builds.
func (e *Engine) askToolchain() (toolchain, error) {
	if e.goCmdErr != nil {
		return toolchain{}, fmt.Errorf("no go command: %w", e.goCmdErr)
	}
	if e.cacheDirErr != nil {
		return toolchain{}, fmt.Errorf("no cache directory for binaries: %w", e.cacheDirErr)
	}
	// A minute is far more than go env takes; the bound only keeps a
	// wedged toolchain from hanging every Run behind the Once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.goCmd, "env", "GOVERSION", "GOOS", "GOARCH", "GOCACHE",
		"CGO_ENABLED", "GOEXPERIMENT", "GOAMD64", "GOARM64", "GOARM")
	cmd.Dir = os.TempDir()
	cmd.Env = buildEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = fmt.Errorf("%v: %s", err, msg)
		}
		return toolchain{}, fmt.Errorf("%s env: %w", e.goCmd, err)
	}
	v := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(v) < 4 || v[0] == "" {
		return toolchain{}, fmt.Errorf("%s env: unexpected output %q", e.goCmd, out)
	}
	// Without a build cache every build fails, and the failure would be
	// cached as every snippet's compile error.
	if v[3] == "" || v[3] == "off" {
		return toolchain{}, fmt.Errorf("%s has no build cache (GOCACHE=%q; is $HOME set?)", e.goCmd, v[3])
	}
	// GOVERSION may carry experiments ("go1.26.8 X:…"); devel builds
	// ("devel go1.27-…") are not valid versions and are let through.
	if goVersion, _, _ := strings.Cut(v[0], " "); version.IsValid(goVersion) && version.Compare(goVersion, minGoVersion) < 0 {
		return toolchain{}, fmt.Errorf("%s is %s; the build module needs %s or newer", e.goCmd, goVersion, minGoVersion)
	}
	settings := strings.Join(v[4:], "\n")
	if e.requires != "" {
		// What the programs may import changes what they build into.
		settings += fmt.Sprintf("\nmodules %x", sha256.Sum256([]byte(e.requires+"\x00"+string(e.sum))))
	}
	return toolchain{id: "go " + v[0] + " " + v[1] + "/" + v[2], settings: settings}, nil
}

// buildEnv is the environment of every go command the engine runs.
func buildEnv() []string {
	return append(os.Environ(),
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"GOFLAGS=-mod=mod -buildvcs=false",
	)
}

// Run builds the program if its binary is not cached yet and, unless
// s.NoRun, runs it. The error is for failures of the engine (no toolchain,
// an unwritable cache, ctx done); what the program did is in the Result.
func (e *Engine) Run(ctx context.Context, s job.Spec) (job.Result, error) {
	res := job.Result{Engine: e.Name()}
	tc, err := e.toolchain()
	if err != nil {
		return res, err
	}
	a, err := e.artifact(ctx, tc, s)
	if err != nil {
		return res, err
	}
	res.Build, res.BuildCached = e.takeFresh(a.key)
	switch {
	case a.entry.CompileError != "":
		return compileErrorResult(res, a.entry.CompileError), nil
	case s.NoRun:
		res.Outcome = job.Compiled
		return res, nil
	case a.entry.Main == "":
		return compileErrorResult(res, "the program has no package main in its root directory\n"), nil
	}
	r, err := e.execute(ctx, filepath.Join(a.dir, "bin", a.entry.Main), s)
	if err != nil {
		return res, err
	}
	if r.deadline {
		r.clockWakes = gdump.ProgramClockWakes(s.Files)
	}
	return classify(res, r), nil
}

// takeFresh returns the time of a build this Engine made for key and no Run
// reported yet, or reports that the binary came from the cache.
func (e *Engine) takeFresh(key string) (build time.Duration, cached bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.fresh[key]
	if !ok {
		return 0, true
	}
	delete(e.fresh, key)
	return d, false
}
