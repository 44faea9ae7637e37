package measure

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// storeFormat is the version of the record layout; a record of another
// version is a miss and is measured again, never misread.
const storeFormat = 1

// Record is one stored measurement: a snippet (by key) measured on a host
// (by fingerprint).
type Record struct {
	Format     int        `json:"format"`
	SnippetKey string     `json:"snippet_key"` // job.Spec.Key of the measured snippet
	Host       string     `json:"host"`        // Provenance.Host
	Provenance Provenance `json:"provenance"`
	// Runs and Stats are the measurement of a snippet without a sweep.
	Runs  []Sample `json:"runs,omitempty"`
	Stats *Stats   `json:"stats,omitempty"`
	// Sweep, Points and Fit are the measurement of a swept snippet; Fit is
	// nil when the sweep could not be fitted (see FitAmdahl).
	Sweep  *Sweep  `json:"sweep,omitempty"`
	Points []Point `json:"points,omitempty"`
	Fit    *Fit    `json:"fit,omitempty"`
	// Claims are the verdicts on the snippet's assert attribute.
	Claims []ClaimResult `json:"claims,omitempty"`
}

// Store is the timing store: measurements kept by (snippet key, host
// fingerprint), apart from the results cache, so that a timing is never
// served as if fresh and is always shown with the date and host that
// measured it.
type Store struct {
	dir string
}

// OpenStore returns the timing store in dir, creating dir if needed.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("timing store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// validKey reports whether s may name a directory or file of the store: at
// least two bytes (the first two name the fan-out directory), letters,
// digits, '_' and '-' only, so that no key escapes the store's directory.
func validKey(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// path is where the record of (key, host) lives: DIR/HOST/KE/KEY.json.
func (s *Store) path(key, host string) string {
	return filepath.Join(s.dir, host, key[:2], key+".json")
}

// Put stores rec, replacing any record of the same snippet on the same
// host. rec.Host may be left empty to take rec.Provenance.Host. The write
// goes to a temporary file renamed into place, so a reader sees the old
// record or the new one, never half of one.
func (s *Store) Put(rec Record) error {
	if rec.Host == "" {
		rec.Host = rec.Provenance.Host
	}
	switch {
	case !validKey(rec.SnippetKey):
		return fmt.Errorf("timing store: bad snippet key %q", rec.SnippetKey)
	case !validKey(rec.Host):
		return fmt.Errorf("timing store: bad host fingerprint %q", rec.Host)
	case rec.Provenance.Host != "" && rec.Provenance.Host != rec.Host:
		return fmt.Errorf("timing store: record host %s differs from its provenance's %s", rec.Host, rec.Provenance.Host)
	case rec.Stats == nil && len(rec.Points) == 0:
		return errors.New("timing store: record holds no measurement (neither stats nor sweep points)")
	}
	rec.Format = storeFormat
	b, err := json.MarshalIndent(rec, "", "\t")
	if err != nil {
		return fmt.Errorf("timing store: %w", err)
	}
	p := s.path(rec.SnippetKey, rec.Host)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("timing store: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("timing store: %w", err)
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("timing store: %w", errors.Join(werr, cerr))
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("timing store: %w", err)
	}
	return nil
}

// Get returns the record of snippetKey measured on host. A missing,
// unreadable or corrupt record, or one of another format or that names
// another key or host than its place, is a miss: the snippet is measured
// again.
func (s *Store) Get(snippetKey, host string) (Record, bool) {
	if !validKey(snippetKey) || !validKey(host) {
		return Record{}, false
	}
	rec, ok := readRecord(s.path(snippetKey, host))
	if !ok || rec.SnippetKey != snippetKey || rec.Host != host {
		return Record{}, false
	}
	return rec, true
}

// readRecord reads and decodes one record file; any failure is a miss.
func readRecord(path string) (Record, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Record{}, false
	}
	var rec Record
	if json.Unmarshal(b, &rec) != nil || rec.Format != storeFormat {
		return Record{}, false
	}
	if !validKey(rec.SnippetKey) || !validKey(rec.Host) || (rec.Stats == nil && len(rec.Points) == 0) {
		return Record{}, false
	}
	return rec, true
}

// All returns every readable record, ordered by snippet key then host, for
// the site. Corrupt records are left out, as Get misses them; only a
// failure to walk the store is an error.
func (s *Store) All() ([]Record, error) {
	var recs []Record
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked
			}
			return err
		}
		name := d.Name()
		if d.IsDir() || strings.HasPrefix(name, ".") || filepath.Ext(name) != ".json" {
			return nil // directories, and temporary files of a Put in progress
		}
		rec, ok := readRecord(p)
		if ok && s.path(rec.SnippetKey, rec.Host) == p {
			recs = append(recs, rec)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("timing store: %w", err)
	}
	slices.SortFunc(recs, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.SnippetKey, b.SnippetKey), cmp.Compare(a.Host, b.Host))
	})
	return recs, nil
}
