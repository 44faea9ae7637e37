package goengine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"workbook/runner/job"
)

// cacheLayout is part of every key: changing what is written to disk (the
// //line header, the entry format) must not serve entries made by an older
// engine.
const cacheLayout = "goengine/1"

// buildKey hashes what decides the binary: the files, the race flag and the
// toolchain. Run parameters are left out so that runs differing only in
// arguments, environment or timeout share one binary.
func buildKey(tc toolchain, s job.Spec) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\nrace=%t\n", cacheLayout, tc.id, tc.settings, s.Race)
	files := slices.Clone(s.Files)
	slices.SortFunc(files, func(a, b job.File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range files {
		// Lengths first, so that no two different file lists hash alike.
		fmt.Fprintf(h, "%d %s %d\n", len(f.Name), f.Name, len(f.Body))
		h.Write([]byte(f.Body))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// entry is the entry.json of a cache entry: exactly one field is set,
// except for a program that built but has no root main package.
type entry struct {
	// Main is the file name, under bin/, of the binary that runs.
	Main string `json:"main,omitempty"`
	// CompileError is what the go command said when the build failed.
	CompileError string `json:"compile_error,omitempty"`
}

// An artifact is a cache entry in place.
type artifact struct {
	key   string
	dir   string // CacheDir/KEY[:2]/KEY
	entry entry
}

func (e *Engine) entryDir(key string) string {
	return filepath.Join(e.cacheDir, key[:2], key)
}

// lookup reads the entry for key; ok is false when there is none.
func (e *Engine) lookup(key string) (a artifact, ok bool, err error) {
	e.mu.Lock()
	ent, transient := e.transient[key]
	e.mu.Unlock()
	if transient {
		return artifact{key: key, entry: ent}, true, nil
	}
	dir := e.entryDir(key)
	b, err := os.ReadFile(filepath.Join(dir, "entry.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return artifact{}, false, nil
	}
	if err != nil {
		return artifact{}, false, fmt.Errorf("binary cache: %w", err)
	}
	a = artifact{key: key, dir: dir}
	if err := json.Unmarshal(b, &a.entry); err != nil {
		return artifact{}, false, fmt.Errorf("binary cache: %s: %w", dir, err)
	}
	return a, true, nil
}

// stage makes a directory under CacheDir in which an entry is put together
// before store renames it into place; being on the same file system as the
// entries is what makes that rename atomic.
func (e *Engine) stage() (string, error) {
	if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("binary cache: %w", err)
	}
	dir, err := os.MkdirTemp(e.cacheDir, "tmp-")
	if err != nil {
		return "", fmt.Errorf("binary cache: %w", err)
	}
	return dir, nil
}

// store writes ent into the staged directory and renames it to the entry of
// key. If another process got there first its entry is kept: both were
// built from the same key.
func (e *Engine) store(key, staged string, ent entry) error {
	defer os.RemoveAll(staged) // a no-op once renamed
	b, err := json.Marshal(ent)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(staged, "entry.json"), b, 0o644); err != nil {
		return fmt.Errorf("binary cache: %w", err)
	}
	final := e.entryDir(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("binary cache: %w", err)
	}
	if err := os.Rename(staged, final); err != nil {
		if _, statErr := os.Stat(filepath.Join(final, "entry.json")); statErr == nil {
			return nil
		}
		return fmt.Errorf("binary cache: %w", err)
	}
	return nil
}

// A flight is a build under way. Whoever claimed it completes it; everyone
// else who needs the same key waits for done instead of building again.
type flight struct {
	done chan struct{}
	err  error // set before done is closed
}

// A program is a spec whose build this call has claimed.
type program struct {
	key    string
	spec   job.Spec
	f      *flight
	dir    string // its package directory in a batch: "p1"
	main   bool   // it has a main package
	closed bool   // its flight is complete
}

// waiting is a spec whose build another call is making.
type waiting struct {
	spec job.Spec
	f    *flight
}

// claim sorts specs into those already cached (dropped), those another call
// is building (waits) and those this call must build (owned, each with a
// new flight it must complete through finish). Duplicate keys count once.
func (e *Engine) claim(tc toolchain, specs []job.Spec) (owned []*program, waits []waiting) {
	seen := make(map[string]bool, len(specs))
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range specs {
		k := buildKey(tc, s)
		if seen[k] {
			continue
		}
		seen[k] = true
		if f, ok := e.flights[k]; ok {
			waits = append(waits, waiting{spec: s, f: f})
			continue
		}
		// Checked under the lock: a flight that just ended has its entry
		// on disk already, so this cannot miss a build and redo it.
		if _, err := os.Stat(filepath.Join(e.entryDir(k), "entry.json")); err == nil {
			continue
		}
		f := &flight{done: make(chan struct{})}
		e.flights[k] = f
		owned = append(owned, &program{key: k, spec: s, f: f})
	}
	return owned, waits
}

// finish completes p's flight. A successful build's time is kept for the
// first Run that uses it.
func (e *Engine) finish(p *program, build time.Duration, err error) {
	if p.closed {
		return
	}
	p.closed = true
	e.mu.Lock()
	delete(e.flights, p.key)
	if err == nil {
		e.fresh[p.key] = build
	}
	e.mu.Unlock()
	p.f.err = err
	close(p.f.done)
}

// ensure gets every spec's build into the cache: the missing ones are built
// together, those under way elsewhere are waited for.
func (e *Engine) ensure(ctx context.Context, tc toolchain, specs []job.Spec) error {
	for len(specs) > 0 {
		owned, waits := e.claim(tc, specs)
		if len(owned) > 0 {
			if err := e.buildAll(ctx, owned); err != nil {
				return err
			}
		}
		specs = nil
		for _, w := range waits {
			select {
			case <-w.f.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			switch {
			case w.f.err == nil:
			case isContextErr(w.f.err) && ctx.Err() == nil:
				// The call that was building gave up; this one has
				// not, so it claims the build again.
				specs = append(specs, w.spec)
			default:
				return w.f.err
			}
		}
	}
	return nil
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// artifact returns the cache entry of s, building it if need be.
func (e *Engine) artifact(ctx context.Context, tc toolchain, s job.Spec) (artifact, error) {
	key := buildKey(tc, s)
	if a, ok, err := e.lookup(key); ok || err != nil {
		return a, err
	}
	if err := e.ensure(ctx, tc, []job.Spec{s}); err != nil {
		return artifact{}, err
	}
	a, ok, err := e.lookup(key)
	if err == nil && !ok {
		err = fmt.Errorf("binary cache: entry %s vanished after its build", key)
	}
	return a, err
}
