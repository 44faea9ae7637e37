package grade

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// StudentView is the result as a student may see it. A hidden test says
// only whether it passed: its file, its failure reason and its feedback
// (the test's own messages, which hold its expected values) are removed,
// and so are hidden file names in compiler messages.
func (r *Result) StudentView() *Result {
	v := *r
	v.HiddenFiles = nil
	v.Tests = make([]TestResult, len(r.Tests))
	for i, t := range r.Tests {
		if t.Visibility != "visible" {
			t.File, t.Feedback, t.Reason = "", "", passFail(t.Passed)
		}
		v.Tests[i] = t
	}
	if len(r.HiddenFiles) > 0 && len(r.Problems) > 0 {
		re := hiddenFileRE(r.HiddenFiles)
		v.Problems = make([]string, len(r.Problems))
		for i, p := range r.Problems {
			v.Problems[i] = re.ReplaceAllString(p, "(a hidden test file)")
		}
	}
	return &v
}

// hiddenFileRE matches a hidden file's name and the position after it.
func hiddenFileRE(files []string) *regexp.Regexp {
	q := make([]string, len(files))
	for i, f := range files {
		q[i] = regexp.QuoteMeta(f)
	}
	return regexp.MustCompile(`(?:\S*/)?(?:` + strings.Join(q, "|") + `)(?::\d+)*`)
}

func passFail(ok bool) string {
	if ok {
		return "passed"
	}
	return "failed"
}

// writeExports writes a student's Gradescope results.json and an Exercism
// results.json per exercise, under dir/STUDENT/.
func (s *Summary) writeExports(dir string, sr *StudentReport) error {
	byID := map[string]*Exercise{}
	for _, e := range s.Exercises {
		byID[e.ID] = e
	}
	base := filepath.Join(dir, sr.Student)
	if err := writeJSON(filepath.Join(base, "results.json"), Gradescope(sr.Exercises)); err != nil {
		return err
	}
	for _, r := range sr.Exercises {
		if err := writeJSON(filepath.Join(base, path.Base(r.Exercise), "results.json"), Exercism(r, byID[r.Exercise])); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(file string, v any) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

// ExercismResult is the Exercism test runner's results.json, version 3
// (exercism.org/docs/building/tooling/test-runners/interface).
type ExercismResult struct {
	Version int            `json:"version"`
	Status  string         `json:"status"` // pass, fail or error
	Message string         `json:"message,omitempty"`
	Tests   []ExercismTest `json:"tests,omitempty"`
}

// ExercismTest is one test of an ExercismResult.
type ExercismTest struct {
	Name     string `json:"name"`
	TestCode string `json:"test_code"`
	Status   string `json:"status"` // pass, fail or error
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
}

// exercismOutputCap keeps a test's output, with Sanitize's "… [cut]"
// mark, within the interface's limit of 500 characters.
const exercismOutputCap = 480

// Exercism converts a result (in the student view) to Exercism's format.
// The exercise, when known, gives visible tests their source; a hidden
// test's test_code is empty.
func Exercism(r *Result, e *Exercise) *ExercismResult {
	r = r.StudentView()
	out := &ExercismResult{Version: 3, Status: "pass"}
	switch r.Status {
	case StatusPassed:
	case StatusFailed:
		out.Status = "fail"
	default:
		out.Status = "error"
		out.Message = exerciseMessage(r)
		return out
	}
	for _, t := range r.Tests {
		et := ExercismTest{Name: t.Name, Status: "pass"}
		if e != nil && t.Visibility == "visible" {
			et.TestCode = funcSource(e.Tests[t.File], t.Name)
		}
		if !t.Passed {
			et.Status, et.Message = "fail", t.Reason
			et.Output = Sanitize(t.Feedback, exercismOutputCap)
		}
		out.Tests = append(out.Tests, et)
	}
	return out
}

// exerciseMessage says why an exercise's tests did not run.
func exerciseMessage(r *Result) string {
	msg := string(r.Status)
	if len(r.Problems) > 0 {
		msg += ":\n" + strings.Join(r.Problems, "\n")
	}
	return msg
}

// funcSource is the source of function name in a Go file, or "".
func funcSource(src []byte, name string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == name {
			return string(src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset])
		}
	}
	return ""
}

// GradescopeResult is Gradescope's autograder results.json
// (gradescope-autograders.readthedocs.io, "Output format").
type GradescopeResult struct {
	Score            float64          `json:"score"`
	ExecutionTime    float64          `json:"execution_time"`
	Output           string           `json:"output"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"`
	Tests            []GradescopeTest `json:"tests"`
}

// GradescopeTest is one test of a GradescopeResult.
type GradescopeTest struct {
	Name       string  `json:"name"`
	Score      float64 `json:"score"`
	MaxScore   float64 `json:"max_score"`
	Status     string  `json:"status"` // passed or failed
	Output     string  `json:"output"`
	Visibility string  `json:"visibility"`
}

// Gradescope converts one student's results (in the student view) to
// Gradescope's format: one test per instructor test, named
// "EXERCISE: TestX"; the score is the sum of the final (late-penalised)
// scores.
func Gradescope(results []*Result) *GradescopeResult {
	out := &GradescopeResult{Visibility: "visible", StdoutVisibility: "hidden", Tests: []GradescopeTest{}}
	var lines []string
	for _, r := range results {
		r = r.StudentView()
		out.Score += r.Final
		out.ExecutionTime += (r.Timing.Gate + r.Timing.Compile + r.Timing.Run).Seconds()
		line := fmt.Sprintf("%s: %s/%s %s", r.Exercise, num(r.Final), num(r.MaxScore), r.Status)
		if r.Late != nil && r.Late.Days > 0 {
			line += fmt.Sprintf(" (%d day(s) late: %s%% off %s)", r.Late.Days, num(100*r.Late.Penalty), num(r.Score))
		}
		lines = append(lines, line)
		for _, p := range r.Problems {
			lines = append(lines, "  "+p)
		}
		for _, t := range r.Tests {
			gt := GradescopeTest{Name: path.Base(r.Exercise) + ": " + t.Name, Score: t.Earned, MaxScore: t.Max,
				Status: "passed", Visibility: "visible"}
			switch {
			case t.Passed:
			case r.Status != StatusFailed:
				gt.Status, gt.Output = "failed", "not run: "+string(r.Status)
			default:
				gt.Status, gt.Output = "failed", strings.TrimSpace(t.Reason+"\n"+t.Feedback)
			}
			out.Tests = append(out.Tests, gt)
		}
	}
	out.Output = strings.Join(lines, "\n")
	return out
}

// JUnit XML, as CI systems read it: a suite per student and exercise, a
// case per instructor test.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes results (in the student view) as JUnit XML. A test of
// a submission that was rejected or did not compile is an error, a failed
// test a failure.
func WriteJUnit(w io.Writer, results []*Result) error {
	doc := junitSuites{Name: "workbook grade"}
	for _, r := range results {
		r = r.StudentView()
		s := junitSuite{Name: r.Student + "/" + r.Exercise, Time: seconds(r.Timing.Gate + r.Timing.Compile + r.Timing.Run),
			Properties: []junitProperty{{"score", num(r.Score)}, {"max_score", num(r.MaxScore)},
				{"final_score", num(r.Final)}, {"status", string(r.Status)}}}
		for _, t := range r.Tests {
			c := junitCase{Name: t.Name, Classname: r.Student + "." + path.Base(r.Exercise), Time: seconds(t.Elapsed)}
			switch {
			case t.Passed:
			case r.Status != StatusFailed:
				c.Error = &junitMessage{Message: string(r.Status), Text: exerciseMessage(r)}
				s.Errors++
			default:
				c.Failure = &junitMessage{Message: t.Reason, Text: t.Feedback}
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
		}
		s.Tests = len(s.Cases)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d interface{ Seconds() float64 }) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// ExportJSON writes results in the student view as a JSON array.
func ExportJSON(w io.Writer, results []*Result) error {
	views := make([]*Result, len(results))
	for i, r := range results {
		views[i] = r.StudentView()
	}
	b, err := json.MarshalIndent(views, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Export writes the current grades of the gradebook at db to csvPath
// (WriteCSV) and jsonPath (ExportJSON); "" skips one, "-" is stdout.
func Export(ctx context.Context, db, csvPath, jsonPath string, stdout io.Writer) error {
	if _, err := os.Stat(db); err != nil {
		return err // OpenGradebook would create it
	}
	book, err := OpenGradebook(db)
	if err != nil {
		return err
	}
	defer book.Close()
	results, err := book.Current(ctx)
	if err != nil {
		return err
	}
	for _, out := range []struct {
		path  string
		write func(io.Writer, []*Result) error
	}{{csvPath, WriteCSV}, {jsonPath, ExportJSON}} {
		switch out.path {
		case "":
		case "-":
			err = out.write(stdout, results)
		default:
			err = writeFile(out.path, func(w io.Writer) error { return out.write(w, results) })
		}
		if err != nil {
			return err
		}
	}
	return nil
}
