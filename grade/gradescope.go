package grade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// GradescopeRoot is where Gradescope's autograder image keeps everything:
// source/ (the autograder zip, unpacked), submission/ (the student's
// files), submission_metadata.json and results/results.json.
const GradescopeRoot = "/autograder"

// RunGradescope grades the one submission of a Gradescope autograder run
// and writes root/results/results.json. The student's files are taken from
// root/submission: a folder NAME/ per exercise (as "workbook exercises
// init" lays them out, or under exercises/NN-slug/NAME/ when the student
// uploaded the whole workbook), or, when one exercise is graded, .go files
// at the top. With opts.Course set the late policy applies, with the
// submission time Gradescope recorded (submission_metadata.json's
// created_at) and, when the course file has no due date, the assignment's.
// A failure of the grader itself still writes a results.json that says so,
// so that the student sees a message rather than a blank.
func RunGradescope(ctx context.Context, opts Options, root string) (*Summary, error) {
	opts.defaults()
	opts.DB = ""
	sum, err := gradescope(ctx, opts, root)
	if err != nil {
		res := &GradescopeResult{Output: "The autograder failed (not your doing): " + err.Error() +
			"\nPlease tell your instructor.", Visibility: "visible", StdoutVisibility: "hidden", Tests: []GradescopeTest{}}
		if werr := writeJSON(filepath.Join(root, "results", "results.json"), res); werr != nil {
			return nil, errors.Join(err, werr)
		}
		return nil, err
	}
	var results []*Result
	for _, r := range sum.Results {
		results = append(results, r.StudentView())
	}
	return sum, writeJSON(filepath.Join(root, "results", "results.json"), Gradescope(results))
}

func gradescope(ctx context.Context, opts Options, root string) (*Summary, error) {
	exercises, err := LoadExercises(os.DirFS(opts.Exercises), os.DirFS(opts.Solutions))
	if err != nil {
		return nil, fmt.Errorf("load exercises: %w", err)
	}
	if exercises, err = selectExercises(exercises, opts.Exercise); err != nil {
		return nil, err
	}
	sub, err := readGradescopeSubmission(filepath.Join(root, "submission"), exercises)
	if err != nil {
		return nil, err
	}
	course, err := LoadCourse(opts.Course)
	if err != nil {
		return nil, err
	}
	if opts.Course != "" {
		if err := course.fromGradescope(filepath.Join(root, "submission_metadata.json"), sub.Student); err != nil {
			return nil, err
		}
	}
	return gradeSubmissions(ctx, opts, exercises, []*Submission{sub}, course)
}

// readGradescopeSubmission collects the student's files for exercises.
func readGradescopeSubmission(dir string, exercises []*Exercise) (*Submission, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	c, _ := newCollector("submission")
	for _, e := range exercises {
		for _, d := range []string{e.Name, filepath.Join("exercises", e.ID), e.ID} {
			if fi, err := root.Lstat(d); err == nil && fi.IsDir() {
				addGoFiles(c, root, d, e.Name, true)
				break
			}
		}
	}
	if len(exercises) == 1 && len(c.s.Files) == 0 {
		addGoFiles(c, root, ".", exercises[0].Name, true)
	}
	return c.s, nil
}

// addGoFiles adds the .go files of folder d of r as exercise name's,
// without following symbolic links; test files only with tests (the gate
// then says they were ignored).
func addGoFiles(c *collector, r *os.Root, d, name string, tests bool) {
	ents, err := readDirIn(r, d)
	if err != nil {
		c.note("%s: %v", d, err)
		return
	}
	for _, f := range ents {
		if !strings.HasSuffix(f.Name(), ".go") || !tests && strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		rel := filepath.Join(d, f.Name())
		if !f.Type().IsRegular() {
			c.note("%s: ignored (not a regular file)", rel)
			continue
		}
		fh, err := r.OpenFile(rel, os.O_RDONLY|noFollow, 0)
		if err != nil {
			c.note("%s: %v", rel, err)
			continue
		}
		c.add(name+"/"+f.Name(), fh)
		fh.Close()
	}
}

// gradescopeMetadata is the part of submission_metadata.json the grader
// reads: times Gradescope recorded, not the student.
type gradescopeMetadata struct {
	CreatedAt  time.Time `json:"created_at"`
	Assignment struct {
		DueDate *time.Time `json:"due_date"`
	} `json:"assignment"`
}

// fromGradescope takes the submission time, and the due date when the
// course file has none, from Gradescope's metadata.
func (c *Course) fromGradescope(path, student string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the submission is then listed as without a time
	}
	if err != nil {
		return err
	}
	var m gradescopeMetadata
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if !m.CreatedAt.IsZero() {
		if c.Submitted == nil {
			c.Submitted = map[string]time.Time{}
		}
		c.Submitted[student] = m.CreatedAt
	}
	if c.Due == nil && m.Assignment.DueDate != nil {
		c.Due = m.Assignment.DueDate
	}
	return nil
}
