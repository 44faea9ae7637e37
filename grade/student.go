package grade

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// studentFile reports whether a file of an exercise folder is handed to
// students by InitExercises: the stub and visible tests, the README and
// the go.mod that lets "go test -race ." work in the folder.
func studentFile(name string) bool {
	return strings.HasSuffix(name, ".go") || name == "README.md" || name == "go.mod" || name == "go.sum"
}

// InitExercises copies the selected exercises of exercises (NN-slug/NAME
// folders; names select by NAME, NN-slug/NAME or NN-slug, none selects
// all) into dst/NAME, the layout a submission has, so that a student's
// folder can be zipped and handed in as it is. A file already in dst is
// never overwritten: it is the student's work. It prints what it wrote.
func InitExercises(exercises fs.FS, dst string, names []string, w io.Writer) error {
	ids, err := exerciseIDs(exercises)
	if err != nil {
		return err
	}
	ids, err = selectIDs(ids, names)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := copyStudentFiles(exercises, id, filepath.Join(dst, path.Base(id)), w); err != nil {
			return err
		}
	}
	return nil
}

func copyStudentFiles(exercises fs.FS, id, to string, w io.Writer) error {
	ents, err := fs.ReadDir(exercises, id)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	wrote, kept := 0, 0
	for _, ent := range ents {
		if !ent.Type().IsRegular() || !studentFile(ent.Name()) {
			continue
		}
		b, err := fs.ReadFile(exercises, path.Join(id, ent.Name()))
		if err != nil {
			return err
		}
		f, err := os.OpenFile(filepath.Join(to, ent.Name()), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			kept++
			continue
		}
		if err != nil {
			return err
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		wrote++
	}
	fmt.Fprintf(w, "%-32s %s (%d files", id, to, wrote)
	if kept > 0 {
		fmt.Fprintf(w, ", %d already there, left as they are", kept)
	}
	fmt.Fprintln(w, ")")
	return nil
}

// exerciseIDs lists the NN-slug/NAME folders of exercises.
func exerciseIDs(exercises fs.FS) ([]string, error) {
	dirs, err := fs.Glob(exercises, "*/*")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, d := range dirs {
		if fi, err := fs.Stat(exercises, d); err == nil && fi.IsDir() {
			ids = append(ids, d)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("no exercises found (want folders NN-slug/NAME)")
	}
	return ids, nil
}

// selectIDs is selectNamed for exercise ids.
func selectIDs(ids, names []string) ([]string, error) {
	all := make([]*Exercise, len(ids))
	for i, id := range ids {
		all[i] = &Exercise{ID: id, Name: path.Base(id)}
	}
	sel, err := selectNamed(all, names)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(sel))
	for i, e := range sel {
		out[i] = e.ID
	}
	return out, nil
}
