package grade

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Status of one student's exercise (the CSV's status column).
type Status string

const (
	StatusPassed       Status = "passed"        // every test passed
	StatusFailed       Status = "failed"        // built and ran; some test failed
	StatusRejected     Status = "rejected"      // refused by the static gate, or nothing submitted
	StatusCompileError Status = "compile-error" // did not parse or compile
	StatusError        Status = "error"         // the grader failed; not the student's doing
)

// TestResult is the verdict on one instructor test.
type TestResult struct {
	Case
	Max      float64       `json:"max"`
	Earned   float64       `json:"earned"`
	Passed   bool          `json:"passed"`
	Reason   string        `json:"reason"`
	Feedback string        `json:"feedback,omitempty"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// Result is one student's grade on one exercise.
type Result struct {
	Student  string       `json:"student"`
	Exercise string       `json:"exercise"`
	Score    float64      `json:"score"`
	MaxScore float64      `json:"max_score"`
	Status   Status       `json:"status"`
	Problems []string     `json:"problems,omitempty"` // why rejected or not compiled
	Notes    []string     `json:"notes,omitempty"`    // files ignored or replaced
	Tests    []TestResult `json:"tests"`
	Timing   Timing       `json:"timing"`
}

// Timing splits where a job's time went.
type Timing struct {
	Gate    time.Duration `json:"gate_ns"`
	Compile time.Duration `json:"compile_ns"`
	Run     time.Duration `json:"run_ns"`
}

// Summary is a whole grading run.
type Summary struct {
	Submissions        []*Submission
	Results            []*Result
	Gate, Compile, Run time.Duration // summed over jobs
}

// write produces the CSV and the per-student reports opts asks for.
func (s *Summary) write(opts Options, exercises []*Exercise) error {
	if opts.CSV != "" {
		f, err := os.Create(opts.CSV)
		if err != nil {
			return err
		}
		if err := s.WriteCSV(f, exercises); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if opts.Out != "" {
		return s.WriteReports(opts.Out)
	}
	return nil
}

// WriteCSV writes student,exercise,score,max_score,status and then one
// column per test (the union over the exercises, in exercise order); a
// cell holds the points earned, empty when the test is not the row's
// exercise's.
func (s *Summary) WriteCSV(f *os.File, exercises []*Exercise) error {
	w := csv.NewWriter(f)
	var cols []string
	seen := map[string]bool{}
	for _, e := range exercises {
		for _, c := range e.Cases {
			if !seen[c.Name] {
				seen[c.Name] = true
				cols = append(cols, c.Name)
			}
		}
	}
	w.Write(append([]string{"student", "exercise", "score", "max_score", "status"}, cols...))
	for _, r := range s.Results {
		row := []string{r.Student, r.Exercise, num(r.Score), num(r.MaxScore), string(r.Status)}
		cells := map[string]string{}
		for _, t := range r.Tests {
			cells[t.Name] = num(t.Earned)
		}
		for _, c := range cols {
			row = append(row, cells[c])
		}
		w.Write(row)
	}
	w.Flush()
	return w.Error()
}

// StudentReport is the JSON file written for each student under --out.
type StudentReport struct {
	Student   string    `json:"student"`
	Notes     []string  `json:"notes,omitempty"`
	Exercises []*Result `json:"exercises"`
}

// WriteReports writes dir/STUDENT.json for every student.
func (s *Summary) WriteReports(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	by := map[string]*StudentReport{}
	var order []string
	for _, r := range s.Results {
		sr := by[r.Student]
		if sr == nil {
			sr = &StudentReport{Student: r.Student}
			by[r.Student] = sr
			order = append(order, r.Student)
		}
		sr.Exercises = append(sr.Exercises, r)
	}
	for _, name := range order {
		b, err := json.MarshalIndent(by[name], "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// num prints a score as a plain number: 2, 0.5.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
