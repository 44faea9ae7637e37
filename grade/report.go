package grade

import (
	"encoding/csv"
	"encoding/json"
	"io"
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
	// Final is Score less the late penalty.
	Final float64 `json:"final_score"`
	Late  *Late   `json:"late,omitempty"`
	// Hash identifies the submitted files ("" when nothing was submitted);
	// UID the grading in the gradebook.
	Hash     string    `json:"hash,omitempty"`
	UID      string    `json:"uid,omitempty"`
	GradedAt time.Time `json:"graded_at"`
	// HiddenFiles are the hidden test files, whose names the student view
	// removes from compiler messages.
	HiddenFiles []string `json:"hidden_files,omitempty"`
	// Cached is set when the result was served from the gradebook.
	Cached bool `json:"-"`
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
	Exercises          []*Exercise
	Results            []*Result
	Graded, Cached     int           // results graded now, and served from the gradebook
	Unknown            []string      // STUDENT/NAME with no submission time while a due date exists
	Gate, Compile, Run time.Duration // summed over jobs
}

// write produces the CSV, the reports and the exports opts asks for.
func (s *Summary) write(opts Options) error {
	if opts.CSV != "" {
		if err := writeFile(opts.CSV, func(w io.Writer) error { return WriteCSV(w, s.Results) }); err != nil {
			return err
		}
	}
	if opts.JUnit != "" {
		if err := writeFile(opts.JUnit, func(w io.Writer) error { return WriteJUnit(w, s.Results) }); err != nil {
			return err
		}
	}
	if opts.Out != "" {
		return s.WriteReports(opts.Out)
	}
	return nil
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteCSV writes student,exercise,score,max_score,status,late_days,
// final_score and then one column per test (the union over the results'
// exercises, in the order met); a cell holds the points earned, empty when
// the test is not the row's exercise's.
func WriteCSV(f io.Writer, results []*Result) error {
	w := csv.NewWriter(f)
	var cols []string
	seen := map[string]bool{}
	for _, r := range results {
		for _, t := range r.Tests {
			if !seen[t.Name] {
				seen[t.Name] = true
				cols = append(cols, t.Name)
			}
		}
	}
	w.Write(append([]string{"student", "exercise", "score", "max_score", "status", "late_days", "final_score"}, cols...))
	for _, r := range results {
		row := []string{r.Student, r.Exercise, num(r.Score), num(r.MaxScore), string(r.Status), strconv.Itoa(r.lateDays()), num(r.Final)}
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

// WriteReports writes for every student dir/STUDENT.json (a StudentReport
// in the student view), dir/STUDENT/results.json (Gradescope) and
// dir/STUDENT/NAME/results.json for each exercise (Exercism v3).
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
		sr.Exercises = append(sr.Exercises, r.StudentView())
	}
	for _, name := range order {
		if err := s.writeExports(dir, by[name]); err != nil {
			return err
		}
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
