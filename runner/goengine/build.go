package goengine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"workbook/runner/job"
)

// Prepare builds every spec whose binary is not cached yet: one go build
// per race flag for the single-directory programs (one more for those
// without a main package) and one per multi-directory program. Compile
// errors are cached results, not errors; the error is for the engine
// failing or ctx ending.
func (e *Engine) Prepare(ctx context.Context, specs []job.Spec) error {
	tc, err := e.toolchain()
	if err != nil {
		return err
	}
	return e.ensure(ctx, tc, specs)
}

// errUnsettled reports a build that ended without settling a program: a
// bug of the engine, reported rather than left to hang its waiters.
var errUnsettled = errors.New("binary cache: a build ended without a result")

// buildAll builds the programs this call claimed and completes every one of
// their flights, whatever happens.
func (e *Engine) buildAll(ctx context.Context, progs []*program) error {
	err := e.buildGroups(ctx, progs)
	for _, p := range progs {
		if !p.closed {
			if err == nil {
				err = errUnsettled
			}
			e.finish(p, 0, err)
		}
	}
	return err
}

// buildGroups sorts the programs into a batch per race flag and modules of
// their own, and builds them.
func (e *Engine) buildGroups(ctx context.Context, progs []*program) error {
	// A batch per race flag, and per kind: go build -o DIR/ skips the
	// packages that are not main, so libraries are built without -o.
	batches := make(map[[2]bool][]*program)
	var own []*program
	for _, p := range progs {
		if err := validateFiles(p.spec.Files); err != nil {
			if err := e.storeProgramError(p, e.now(), err.Error()+"\n"); err != nil {
				return err
			}
			continue
		}
		p.main = hasMain(p.spec.Files)
		if ownModule(p.spec.Files) {
			own = append(own, p)
			continue
		}
		kind := [2]bool{p.spec.Race, p.main}
		batches[kind] = append(batches[kind], p)
	}
	for _, kind := range [][2]bool{{false, true}, {true, true}, {false, false}, {true, false}} {
		if b := batches[kind]; len(b) > 0 {
			if err := e.buildBatch(ctx, b); err != nil {
				return err
			}
		}
	}
	for _, p := range own {
		if err := e.buildModule(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// validateFiles rejects programs the engine cannot lay out on disk; that
// is the author's mistake, so it becomes a compile error.
func validateFiles(files []job.File) error {
	if len(files) == 0 {
		return errors.New("the program has no files")
	}
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if !fs.ValidPath(f.Name) || f.Name == "." {
			return fmt.Errorf("bad file name %q: want a relative slash-separated path", f.Name)
		}
		if seen[f.Name] {
			return fmt.Errorf("file %q appears twice", f.Name)
		}
		seen[f.Name] = true
	}
	return nil
}

// ownModule reports whether the program needs a module of its own: it has
// files in subdirectories, or its own go.mod.
func ownModule(files []job.File) bool {
	for _, f := range files {
		if strings.Contains(f.Name, "/") || f.Name == "go.mod" {
			return true
		}
	}
	return false
}

// hasMain reports whether a .go file of the program says "package main",
// or cannot be parsed (the build will say why). Test files do not count.
func hasMain(files []job.File) bool {
	fset := token.NewFileSet()
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") || strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Body, parser.PackageClauseOnly)
		if err != nil || af.Name.Name == "main" {
			return true
		}
	}
	return false
}

// writeFiles lays the files out under dir, each .go file behind the //line
// directive that names it "@wb/NAME" (see the package doc).
func writeFiles(dir string, files []job.File) error {
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		body := f.Body
		if strings.HasSuffix(f.Name, ".go") {
			body = "//line " + job.PosPrefix + f.Name + ":1:1\n" + body
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goMod returns the go.mod of a build module of the given path: the go
// line is what the toolchain check in askToolchain guards, and the
// directives of Config.Modules follow.
func (e *Engine) goMod(path string) []byte {
	return []byte("module " + path + "\n\ngo 1.26\n" + e.requires)
}

// writeGoMod writes a build module's go.mod, and the go.sum of
// Config.Modules beside it.
func (e *Engine) writeGoMod(dir string, gomod []byte) error {
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return err
	}
	if len(e.sum) == 0 {
		return nil
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), e.sum, 0o644)
}

// moduleDirectives returns the lines of a go.mod other than its module and
// go directives.
func moduleDirectives(gomod []byte) string {
	var b strings.Builder
	for line := range strings.Lines(string(gomod)) {
		f := strings.Fields(line)
		if len(f) > 0 && (f[0] == "module" || f[0] == "go" || f[0] == "toolchain") {
			continue
		}
		b.WriteString(strings.TrimRight(line, "\n") + "\n")
	}
	if strings.TrimSpace(b.String()) == "" {
		return ""
	}
	return "\n" + b.String()
}

// batchExe is the name of a single-directory program's binary, as its
// os.Args[0] shows it.
const batchExe = "snippet"

// buildBatch builds single-directory programs of one race flag as packages
// p1, p2, … of one module.
func (e *Engine) buildBatch(ctx context.Context, progs []*program) error {
	start := e.now()
	mod, err := e.stage()
	if err != nil {
		return err
	}
	defer os.RemoveAll(mod)
	if err := e.writeGoMod(mod, e.goMod("snippet")); err != nil {
		return fmt.Errorf("build module: %w", err)
	}
	for i, p := range progs {
		p.dir = "p" + strconv.Itoa(i+1)
		if err := writeFiles(filepath.Join(mod, p.dir), p.spec.Files); err != nil {
			return fmt.Errorf("build module: %w", err)
		}
	}
	return e.buildRound(ctx, mod, progs, start)
}

// buildRound runs one go build for progs and settles every program it can:
// a binary is a success, an error message under its name a compile error.
// The rest are built again: together if some progress was made, else in
// halves, down to a program built alone, whose error is all of the output.
func (e *Engine) buildRound(ctx context.Context, mod string, progs []*program, start time.Time) error {
	var out string // no binaries for libraries
	if progs[0].main {
		var err error
		if out, err = os.MkdirTemp(mod, "_out-"); err != nil {
			return fmt.Errorf("build module: %w", err)
		}
	}
	pkgs := make([]string, len(progs))
	for i, p := range progs {
		pkgs[i] = "./" + p.dir
	}
	output, ok, err := e.goBuild(ctx, mod, progs[0].spec.Race, out, pkgs...)
	if err != nil {
		return err
	}
	msgs := splitBatchOutput(output, mod)
	var rest []*program
	for _, p := range progs {
		exe := filepath.Join(out, p.dir)
		_, statErr := os.Stat(exe)
		switch {
		case out != "" && statErr == nil:
			err = e.storeBinaries(p, start, batchExe, moveBinary(exe, batchExe))
		case ok: // a library: nothing to run
			err = e.storeBinaries(p, start, "", moveBinary("", ""))
		case msgs[p.dir] != "":
			err = e.storeError(p, start, batchMessage(msgs[p.dir], mod, p.dir))
		case len(progs) == 1:
			err = e.storeError(p, start, batchMessage(string(output), mod, p.dir))
		default:
			rest = append(rest, p)
		}
		if err != nil {
			return err
		}
	}
	switch {
	case len(rest) == 0:
		return nil
	case len(rest) < len(progs):
		return e.buildRound(ctx, mod, rest, start)
	}
	half := len(rest) / 2
	if err := e.buildRound(ctx, mod, rest[:half], start); err != nil {
		return err
	}
	return e.buildRound(ctx, mod, rest[half:], start)
}

// buildModule builds a multi-directory program as a module of its own,
// every main package of it into the entry's bin directory.
func (e *Engine) buildModule(ctx context.Context, p *program) error {
	start := e.now()
	mod, err := e.stage()
	if err != nil {
		return err
	}
	defer os.RemoveAll(mod)
	if err := writeFiles(mod, p.spec.Files); err != nil {
		return fmt.Errorf("build module: %w", err)
	}
	gomod, err := os.ReadFile(filepath.Join(mod, "go.mod"))
	if errors.Is(err, fs.ErrNotExist) {
		gomod = e.goMod(defaultModule)
		err = e.writeGoMod(mod, gomod)
	}
	if err != nil {
		return fmt.Errorf("build module: %w", err)
	}
	out, err := os.MkdirTemp(mod, "_out-")
	if err != nil {
		return fmt.Errorf("build module: %w", err)
	}
	// Built with -o, only the main packages and what they import are
	// compiled; a module of libraries only is built without it.
	o := out
	if !p.main {
		o = ""
	}
	output, ok, err := e.goBuild(ctx, mod, p.spec.Race, o, "./...")
	switch {
	case err != nil:
		return err
	case !ok:
		return e.storeError(p, start, sanitize(string(output), mod))
	}
	main := execName(modulePath(string(gomod)))
	if _, err := os.Stat(filepath.Join(out, main)); err != nil {
		main = "" // the root directory holds no main package
	}
	return e.storeBinaries(p, start, main, func(bin string) error { return os.Rename(out, bin) })
}

// defaultModule is the module path of a multi-directory program that
// brings no go.mod: its packages import each other as "example/NAME".
const defaultModule = "example"

// goBuild runs go build in dir, writing the binaries of main packages into
// out, or none if out is "". ok is false when the build failed; err is
// for the go command not running at all, or ctx ending.
func (e *Engine) goBuild(ctx context.Context, dir string, race bool, out string, pkgs ...string) (output []byte, ok bool, err error) {
	args := []string{"build"}
	if out != "" {
		args = append(args, "-o", out+string(filepath.Separator))
	}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, e.goCmd, append(args, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = buildEnv()
	// A killed go command leaves its compilers holding the output pipe;
	// do not wait for them longer than this.
	cmd.WaitDelay = 5 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	e.goBuilds.Add(1)
	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return nil, false, ctx.Err()
	case errors.As(err, &exitErr):
		return buf.Bytes(), false, nil
	case err != nil:
		return nil, false, fmt.Errorf("go build: %w", err)
	}
	return buf.Bytes(), true, nil
}

// storeBinaries caches a successful build; move puts its binaries into
// the entry's bin directory, main being the one that runs ("" for none).
func (e *Engine) storeBinaries(p *program, start time.Time, main string, move func(bin string) error) error {
	staged, err := e.stage()
	if err != nil {
		return err
	}
	if err := move(filepath.Join(staged, "bin")); err != nil {
		os.RemoveAll(staged)
		return fmt.Errorf("binary cache: %w", err)
	}
	if err := e.store(p.key, staged, entry{Main: main}); err != nil {
		return err
	}
	e.finish(p, e.now().Sub(start), nil)
	return nil
}

// moveBinary returns a move for storeBinaries that puts the one binary exe
// (none if "") into bin under the name main.
func moveBinary(exe, main string) func(bin string) error {
	return func(bin string) error {
		if err := os.Mkdir(bin, 0o755); err != nil || exe == "" {
			return err
		}
		return os.Rename(exe, filepath.Join(bin, main))
	}
}

// storeError caches a failed build. Only a failure that is the program's
// is kept on disk: one whose messages point into its files (an "@wb/"
// position), or one found in its files before building (ours). Any other
// (the network, the machine) is reported by this Engine and built afresh
// by the next.
func (e *Engine) storeError(p *program, start time.Time, msg string) error {
	return e.failed(p, start, msg, false)
}

// storeProgramError caches a failure found in the program's files before
// the go command saw them.
func (e *Engine) storeProgramError(p *program, start time.Time, msg string) error {
	return e.failed(p, start, msg, true)
}

func (e *Engine) failed(p *program, start time.Time, msg string, ours bool) error {
	if msg == "" {
		msg = "go build failed and said nothing\n"
	}
	if !ours && !strings.Contains(msg, job.PosPrefix) {
		e.mu.Lock()
		if e.transient == nil {
			e.transient = map[string]entry{}
		}
		e.transient[p.key] = entry{CompileError: msg}
		e.mu.Unlock()
		e.finish(p, e.now().Sub(start), nil)
		return nil
	}
	staged, err := e.stage()
	if err != nil {
		return err
	}
	if err := e.store(p.key, staged, entry{CompileError: msg}); err != nil {
		return err
	}
	e.finish(p, e.now().Sub(start), nil)
	return nil
}

// execName is the name go build gives the binary of the package at
// importPath (cmd/go's load.DefaultExecName): its last element, or the one
// before a major-version suffix such as "/v2".
func execName(importPath string) string {
	dir, elem := path.Split(importPath)
	if dir != "" && isVersionElement(elem) {
		elem = path.Base(path.Clean(dir))
	}
	return elem
}

func isVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// modulePath returns the path of the module directive of a go.mod, or ""
// (the build then fails and says why).
func modulePath(gomod string) string {
	for line := range strings.Lines(gomod) {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			if p, err := strconv.Unquote(f[1]); err == nil {
				return p
			}
			return f[1]
		}
	}
	return ""
}

var (
	// batchHeader is the line the go command prints above a package's
	// compiler errors.
	batchHeader = regexp.MustCompile(`^# snippet/(p\d+)$`)
	// batchHeaders finds such lines in a whole message.
	batchHeaders = regexp.MustCompile(`(?m)^# snippet/p\d+\n`)
	// loaderPath is a path at the start of a loader error: "p3/@wb/main.go:4:8: …".
	loaderPath = regexp.MustCompile(`^(?:\./)?(p\d+)/`)
)

// splitBatchOutput attributes the lines of a batch's output to its package
// directories: compiler errors by the "# snippet/pN" header above them,
// loader errors by their "pN/…" or "MOD/pN" path. Lines it cannot
// attribute are dropped; their programs are built again.
func splitBatchOutput(output []byte, mod string) map[string]string {
	abs := regexp.MustCompile(regexp.QuoteMeta(mod+string(filepath.Separator)) + `(p\d+)\b`)
	msgs := make(map[string]string)
	section := ""
	for line := range strings.Lines(string(output)) {
		if m := batchHeader.FindStringSubmatch(strings.TrimRight(line, "\n")); m != nil {
			section = m[1]
			continue
		}
		owner := section
		if m := loaderPath.FindStringSubmatch(line); m != nil {
			owner = m[1]
		} else if m := abs.FindStringSubmatch(line); m != nil {
			owner = m[1]
		}
		if owner != "" {
			msgs[owner] += line
		}
	}
	return msgs
}

// anyPathToPos collapses whatever directory the go command put before a
// "@wb/" position: "p3/@wb/main.go", "/tmp/…/child/@wb/child/main.go".
var anyPathToPos = regexp.MustCompile(`[^\s:()"'` + "`" + `]*/` + regexp.QuoteMeta(job.PosPrefix))

// sanitize rewrites the paths of the build directory dir in a compile
// error to positions under "@wb/", so the message is the same whatever
// directory it was built in and maps to chapter lines.
func sanitize(msg, dir string) string {
	msg = anyPathToPos.ReplaceAllString(msg, job.PosPrefix)
	msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), job.PosPrefix)
	msg = strings.ReplaceAll(msg, dir, strings.TrimSuffix(job.PosPrefix, "/"))
	if msg != "" && !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	return msg
}

// batchImportPath is a program's import path in its batch.
var batchImportPath = regexp.MustCompile(`\bsnippet/p\d+\b`)

// batchMessage is the compile error of the program in directory dir of the
// batch module mod, made independent of the batch it was built in.
func batchMessage(msg, mod, dir string) string {
	msg = batchHeaders.ReplaceAllString(msg, "")
	msg = batchImportPath.ReplaceAllString(msg, "snippet")
	return sanitize(msg, filepath.Join(mod, dir))
}
