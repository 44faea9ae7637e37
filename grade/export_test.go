package grade

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// sampleResults are a passed, a failed (visible and hidden failures, late)
// and a compile-error result, with hidden test names and feedback that
// must not reach a student.
func sampleResults() []*Result {
	visible := Case{Name: "TestFIFO", File: "queue_test.go", Points: 1, Criterion: "correct", Visibility: "visible"}
	hidden := Case{Name: "TestCancel", File: "hidden_test.go", Points: 2, Criterion: "no-leak", Visibility: "hidden"}
	due := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	return []*Result{
		{Student: "alice", Exercise: "02-queue/queue", Score: 3, MaxScore: 3, Final: 3, Status: StatusPassed,
			HiddenFiles: []string{"hidden_test.go"},
			Tests: []TestResult{{Case: visible, Max: 1, Earned: 1, Passed: true, Reason: "passed"},
				{Case: hidden, Max: 2, Earned: 2, Passed: true, Reason: "passed"}}},
		{Student: "bob", Exercise: "02-queue/queue", Score: 0, MaxScore: 3, Final: 0, Status: StatusFailed,
			HiddenFiles: []string{"hidden_test.go"},
			Late:        &Late{Due: due, Submitted: due.Add(30 * time.Hour), Days: 2, Penalty: 0.2},
			Tests: []TestResult{{Case: visible, Max: 1, Reason: "failed", Feedback: "queue_test.go:13: Get() = 2, want 1\n" + strings.Repeat("x", 900)},
				{Case: hidden, Max: 2, Reason: "no-leak: 1 goroutine(s) still running", Feedback: "hidden_test.go:40: want SECRET-EXPECTED"}}},
		{Student: "carol", Exercise: "02-queue/queue", MaxScore: 3, Status: StatusCompileError,
			HiddenFiles: []string{"hidden_test.go"},
			Problems:    []string{"hidden_test.go:12:5: q.Len undefined (type *Queue has no field or method Len)"},
			Tests:       []TestResult{{Case: visible, Max: 1, Reason: "not run"}, {Case: hidden, Max: 2, Reason: "not run"}}},
	}
}

// secrets are what no student-facing export may contain.
var secrets = []string{"hidden_test.go", "SECRET-EXPECTED", "no-leak: 1 goroutine"}

func TestStudentView(t *testing.T) {
	for _, r := range sampleResults() {
		b, _ := json.Marshal(r.StudentView())
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s: student view holds %q:\n%s", r.Student, s, b)
			}
		}
	}
	v := sampleResults()[2].StudentView()
	if want := "(a hidden test file): q.Len undefined (type *Queue has no field or method Len)"; v.Problems[0] != want {
		t.Errorf("problem = %q, want %q", v.Problems[0], want)
	}
	if v := sampleResults()[1].StudentView(); v.Tests[1].Reason != "failed" || v.Tests[0].Feedback == "" {
		t.Errorf("hidden test should say only failed, visible keep its feedback: %+v", v.Tests)
	}
}

func TestExercismSchema(t *testing.T) {
	schema := loadSchema(t, "exercism-v3.json")
	e := &Exercise{Tests: map[string][]byte{"queue_test.go": []byte("package queue\n\nimport \"testing\"\n\nfunc TestFIFO(t *testing.T) {\n\t_ = 1\n}\n")}}
	want := []string{"pass", "fail", "error"}
	for i, r := range sampleResults() {
		got := Exercism(r, e)
		doc := roundTrip(t, got)
		if err := validate(schema, doc, "$"); err != nil {
			t.Errorf("%s: %v\n%s", r.Student, err, mustJSON(got))
		}
		checkSecrets(t, r.Student, got)
		if got.Status != want[i] {
			t.Errorf("%s: status %q, want %q", r.Student, got.Status, want[i])
		}
		// The interface: a message when (and only when) the status is error.
		if (got.Status == "error") != (got.Message != "") {
			t.Errorf("%s: status %s with message %q", r.Student, got.Status, got.Message)
		}
	}
	if got := Exercism(sampleResults()[0], e); !strings.HasPrefix(got.Tests[0].TestCode, "func TestFIFO(t *testing.T) {") || got.Tests[1].TestCode != "" {
		t.Errorf("test_code: visible %q, hidden %q", got.Tests[0].TestCode, got.Tests[1].TestCode)
	}
}

func TestGradescopeSchema(t *testing.T) {
	schema := loadSchema(t, "gradescope.json")
	rs := sampleResults()
	got := Gradescope(rs[:2])
	if err := validate(schema, roundTrip(t, got), "$"); err != nil {
		t.Errorf("%v\n%s", err, mustJSON(got))
	}
	checkSecrets(t, "gradescope", got)
	if got.Score != 3 || len(got.Tests) != 4 || got.Tests[0].Name != "queue: TestFIFO" {
		t.Errorf("score %v, tests %+v", got.Score, got.Tests)
	}
	if !strings.Contains(got.Output, "2 day(s) late: 20% off") {
		t.Errorf("output does not say the late penalty:\n%s", got.Output)
	}
	empty := Gradescope(nil)
	if err := validate(schema, roundTrip(t, empty), "$"); err != nil {
		t.Errorf("no results: %v", err)
	}
}

func TestJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sampleResults()); err != nil {
		t.Fatal(err)
	}
	checkSecrets(t, "junit", buf.String())
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Error *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Tests != 6 || doc.Failures != 2 || doc.Errors != 2 || len(doc.Suites) != 3 {
		t.Errorf("totals tests=%d failures=%d errors=%d suites=%d\n%s", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites), buf.String())
	}
	for _, s := range doc.Suites {
		f, e := 0, 0
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e {
			t.Errorf("suite %s: counts do not match its cases", s.Name)
		}
	}
	if m := doc.Suites[1].Cases[1].Failure.Message; m != "failed" {
		t.Errorf("hidden failure message %q, want just failed", m)
	}
}

// TestWriteReportsLayout: --out writes the three files per student.
func TestWriteReportsLayout(t *testing.T) {
	dir := t.TempDir()
	sum := &Summary{Results: sampleResults()}
	if err := sum.WriteReports(dir); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"alice", "bob", "carol"} {
		for _, f := range []string{s + ".json", s + "/results.json", s + "/queue/results.json"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			checkSecrets(t, f, string(b))
		}
	}
}

func checkSecrets(t *testing.T, what string, v any) {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		s = mustJSON(v)
	}
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s holds %q", what, secret)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(mustJSON(v)), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func loadSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "schemas", name))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// validate checks doc against the subset of JSON Schema the schemas in
// testdata/schemas use.
func validate(schema map[string]any, doc any, at string) error {
	if typ, ok := schema["type"].(string); ok && !hasType(doc, typ) {
		return fmt.Errorf("%s: want %s, have %T", at, typ, doc)
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, doc) {
		return fmt.Errorf("%s: %v is not one of %v", at, doc, enum)
	}
	if max, ok := schema["maxLength"].(float64); ok {
		if s, _ := doc.(string); utf8.RuneCountInString(s) > int(max) {
			return fmt.Errorf("%s: longer than %v characters", at, max)
		}
	}
	if obj, ok := doc.(map[string]any); ok {
		props, _ := schema["properties"].(map[string]any)
		for _, k := range schema["required"].([]any) {
			if _, ok := obj[k.(string)]; !ok {
				return fmt.Errorf("%s: %s is required", at, k)
			}
		}
		for k, v := range obj {
			sub, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					return fmt.Errorf("%s: %s is not in the schema", at, k)
				}
				continue
			}
			if err := validate(sub, v, at+"."+k); err != nil {
				return err
			}
		}
	}
	if arr, ok := doc.([]any); ok {
		items, _ := schema["items"].(map[string]any)
		for i, v := range arr {
			if err := validate(items, v, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	}
	return false
}
