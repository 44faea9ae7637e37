package grade

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"workbook/grade/gate"
)

// Bounds on what one student's submission may hold. They are far above an
// exercise's needs and far below what would hurt the grader: an archive is
// read into memory, never extracted, and a folder is read without following
// symbolic links, so neither can reach outside itself.
const (
	maxFiles      = 200
	maxTotalBytes = 8 << 20
)

// Submission is one student's files, by exercise folder name and file name.
type Submission struct {
	Student string
	Files   map[string]map[string][]byte
	Notes   []string // what was refused while reading, said to the student
}

var studentRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$`)

// LoadSubmissions reads every student of dir: a folder STUDENT/NAME/*.go or
// an archive STUDENT.zip or STUDENT.tar.gz holding NAME/*.go (optionally
// under one top folder STUDENT/).
func LoadSubmissions(dir string) ([]*Submission, error) {
	return loadSubmissions(dir, Shard{})
}

// Shard is a deterministic share of the students: the sorted student
// names of the submissions folder are dealt round-robin into Count shards
// and this is shard Index (1-based). Every shard must see the same folder.
// The zero Shard is every student.
type Shard struct{ Index, Count int }

// ParseShard reads "i/n" with 1 <= i <= n.
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.Index, &sh.Count); err != nil || sh.Count < 1 || sh.Index < 1 || sh.Index > sh.Count ||
		fmt.Sprintf("%d/%d", sh.Index, sh.Count) != s {
		return Shard{}, fmt.Errorf("bad shard %q: want i/n with 1 <= i <= n", s)
	}
	return sh, nil
}

func (sh Shard) String() string {
	if sh.Count == 0 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", sh.Index, sh.Count)
}

// studentOf is the student an entry of the submissions folder is for, or
// "" when the entry is not a submission.
func studentOf(ent fs.DirEntry) string {
	name := ent.Name()
	switch {
	case ent.IsDir() && ent.Type()&fs.ModeSymlink == 0:
		return name
	case ent.Type().IsRegular() && strings.HasSuffix(name, ".zip"):
		return strings.TrimSuffix(name, ".zip")
	case ent.Type().IsRegular() && strings.HasSuffix(name, ".tar.gz"):
		return strings.TrimSuffix(name, ".tar.gz")
	}
	return ""
}

// inShard returns the set of students of ents in shard sh (nil: all).
func inShard(ents []fs.DirEntry, sh Shard) map[string]bool {
	if sh.Count <= 1 {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, ent := range ents {
		if s := studentOf(ent); s != "" && !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	sort.Strings(names)
	keep := map[string]bool{}
	for i, s := range names {
		if i%sh.Count == sh.Index-1 {
			keep[s] = true
		}
	}
	return keep
}

func loadSubmissions(dir string, shard Shard) ([]*Submission, error) {
	// Student folders are read through an os.Root, so that a symbolic link
	// swapped in after the listing cannot lead outside the submissions.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	keep := inShard(ents, shard)
	var subs []*Submission
	var errs []error
	for _, ent := range ents {
		name := ent.Name()
		if keep != nil && !keep[studentOf(ent)] {
			continue
		}
		var s *Submission
		var err error
		switch {
		case ent.IsDir() && ent.Type()&fs.ModeSymlink == 0:
			s, err = readFolder(root, name)
		case ent.Type().IsRegular() && strings.HasSuffix(name, ".zip"):
			s, err = readZip(filepath.Join(dir, name), strings.TrimSuffix(name, ".zip"))
		case ent.Type().IsRegular() && strings.HasSuffix(name, ".tar.gz"):
			s, err = readTarGz(filepath.Join(dir, name), strings.TrimSuffix(name, ".tar.gz"))
		default:
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", filepath.Join(dir, name), err))
			continue
		}
		subs = append(subs, s)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].Student < subs[j].Student })
	for i := 1; i < len(subs); i++ {
		if subs[i].Student == subs[i-1].Student {
			errs = append(errs, fmt.Errorf("%s: submitted twice (folder and archive?)", subs[i].Student))
		}
	}
	return subs, errors.Join(errs...)
}

// collector applies the bounds while files are added.
type collector struct {
	s     *Submission
	files int
	total int64
}

func newCollector(student string) (*collector, error) {
	if !studentRE.MatchString(student) {
		return nil, fmt.Errorf("student name %q: want letters, digits and ._@+-", student)
	}
	return &collector{s: &Submission{Student: student, Files: map[string]map[string][]byte{}}}, nil
}

// add takes one entry at rel (slash-separated) with body read from r.
func (c *collector) add(rel string, r io.Reader) {
	rel = path.Clean(rel)
	parts := strings.Split(rel, "/")
	if path.IsAbs(rel) || strings.HasPrefix(rel, "../") || rel == ".." || len(parts) != 2 {
		c.note("%s: ignored (want EXERCISE/FILE.go)", rel)
		return
	}
	if c.files >= maxFiles {
		c.note("%s: ignored (more than %d files)", rel, maxFiles)
		return
	}
	b, err := io.ReadAll(io.LimitReader(r, gate.MaxFileSize+1))
	if err != nil {
		c.note("%s: unreadable: %v", rel, err)
		return
	}
	if len(b) > gate.MaxFileSize {
		c.note("%s: ignored (over %d bytes)", rel, gate.MaxFileSize)
		return
	}
	if c.total+int64(len(b)) > maxTotalBytes {
		c.note("%s: ignored (submission over %d bytes)", rel, maxTotalBytes)
		return
	}
	c.files++
	c.total += int64(len(b))
	ex := c.s.Files[parts[0]]
	if ex == nil {
		ex = map[string][]byte{}
		c.s.Files[parts[0]] = ex
	}
	ex[parts[1]] = b
}

func (c *collector) note(format string, a ...any) {
	if len(c.s.Notes) < 50 {
		c.s.Notes = append(c.s.Notes, fmt.Sprintf(format, a...))
	}
}

func readFolder(parent *os.Root, student string) (*Submission, error) {
	c, err := newCollector(student)
	if err != nil {
		return nil, err
	}
	r, err := parent.OpenRoot(student)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	exs, err := readDirIn(r, ".")
	if err != nil {
		return nil, err
	}
	for _, ex := range exs {
		if !ex.IsDir() || ex.Type()&fs.ModeSymlink != 0 {
			c.note("%s: ignored (not a folder)", ex.Name())
			continue
		}
		files, err := readDirIn(r, ex.Name())
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			rel := ex.Name() + "/" + f.Name()
			if !f.Type().IsRegular() { // symlinks, folders (vendor/), devices
				c.note("%s: ignored (not a regular file)", rel)
				continue
			}
			fh, err := r.OpenFile(rel, os.O_RDONLY|noFollow, 0)
			if err != nil {
				c.note("%s: %v", rel, err)
				continue
			}
			c.add(rel, fh)
			fh.Close()
		}
	}
	return c.s, nil
}

// readDirIn lists a folder inside r.
func readDirIn(r *os.Root, name string) ([]fs.DirEntry, error) {
	d, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.ReadDir(-1)
}

func readZip(file, student string) (*Submission, error) {
	c, err := newCollector(student)
	if err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	prefix := commonTop(len(zr.File), func(i int) string { return zr.File[i].Name }, student)
	for _, f := range zr.File {
		rel := strings.TrimPrefix(f.Name, prefix)
		if f.FileInfo().IsDir() {
			continue
		}
		if !f.Mode().IsRegular() {
			c.note("%s: ignored (not a regular file)", rel)
			continue
		}
		r, err := f.Open()
		if err != nil {
			c.note("%s: %v", rel, err)
			continue
		}
		c.add(rel, r)
		r.Close()
	}
	return c.s, nil
}

func readTarGz(file, student string) (*Submission, error) {
	c, err := newCollector(student)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	// A tar stream cannot be read twice to find a common top folder, so a
	// top folder named after the student (the usual "tar czf alice.tar.gz
	// alice") is stripped; the gzip stream is bounded against bombs.
	tr := tar.NewReader(io.LimitReader(gz, 4*maxTotalBytes))
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n > 4*maxFiles {
			c.note("archive: more than %d entries, the rest ignored", 4*maxFiles)
			break
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(h.Name, "./"), student+"/")
		switch h.Typeflag {
		case tar.TypeReg:
			c.add(rel, tr)
		case tar.TypeDir:
		default:
			c.note("%s: ignored (not a regular file)", rel)
		}
	}
	return c.s, nil
}

// commonTop returns "STUDENT/" when every entry lies under it.
func commonTop(n int, name func(int) string, student string) string {
	prefix := student + "/"
	for i := 0; i < n; i++ {
		if !strings.HasPrefix(name(i), prefix) {
			return ""
		}
	}
	return prefix
}
