// Package cache stores the results of runs under a hash of the complete
// action that produced them (see job.Spec.Key: files, flags, arguments,
// environment, engine and its version, Go version, GOOS/GOARCH), so that an
// unchanged snippet is not run again and a prose-only edit never re-runs
// code.
//
// Only runs that met their expectation are stored, as the go command caches
// only passing tests: a failure may come from a loaded machine, and must be
// seen again rather than remembered. Entries are JSON files named by key,
// two levels deep (ab/abcdef….json), each written to a temporary file and
// renamed, so a reader never sees half an entry and concurrent writers of
// one key are harmless. An entry that cannot be read is a miss.
package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"workbook/runner/job"
	"workbook/runner/timeline"
)

// Store is a results cache in a directory.
type Store struct {
	dir string
}

// Open returns the store in dir, creating dir if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("results cache: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Entry is what is stored for one key: every run of a snippet.
type Entry struct {
	Key  string       `json:"key"`
	Runs []job.Result `json:"runs"`
	// Timeline is the goroutine timeline of a traced snippet's run.
	Timeline *timeline.Timeline `json:"timeline,omitempty"`
}

func (s *Store) path(key string) string {
	return filepath.Join(s.dir, key[:2], key+".json")
}

// Get returns the entry for key, if there is a readable one.
func (s *Store) Get(key string) (Entry, bool) {
	if len(key) < 3 {
		return Entry{}, false
	}
	b, err := os.ReadFile(s.path(key))
	if err != nil {
		return Entry{}, false
	}
	var e Entry
	if json.Unmarshal(b, &e) != nil || e.Key != key || len(e.Runs) == 0 {
		return Entry{}, false
	}
	return e, true
}

// Put stores the entry under its key.
func (s *Store) Put(e Entry) error {
	if len(e.Key) < 3 {
		return errors.New("results cache: key too short")
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	p := s.path(e.Key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		return errors.Join(werr, cerr)
	}
	return os.Rename(f.Name(), p)
}

// Len counts the entries; for tests and "workbook list".
func (s *Store) Len() int {
	n := 0
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			n++
		}
		return nil
	})
	return n
}
