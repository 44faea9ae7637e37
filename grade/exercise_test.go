package grade

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestLoadExercises(t *testing.T) {
	ex := fstest.MapFS{
		"01-c/c/c.go":      {Data: []byte("package c\n")},
		"01-c/c/c_test.go": {Data: []byte("package c\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\nfunc Testlower(t *testing.T) {}\nfunc TestHelper(x int) {}\n")},
		"01-c/c/README.md": {Data: []byte("# c\n")},
	}
	sol := fstest.MapFS{
		"01-c/c/c.go":         {Data: []byte("package c\n")},
		"01-c/c/h_test.go":    {Data: []byte("package c_test\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n")},
		"01-c/c/grading.json": {Data: []byte(`{"race": false, "timeout": "3s", "memory": "512MiB", "tests": {"TestB": {"points": 2.5, "criterion": "no-leak"}}}`)},
	}
	list, err := LoadExercises(ex, sol)
	if err != nil {
		t.Fatal(err)
	}
	e := list[0]
	if e.ID != "01-c/c" || e.Name != "c" || e.Package != "c" || e.Config.RaceOn() || e.timeout() != 3*time.Second || e.memory() != 512<<20 {
		t.Errorf("exercise %+v", e)
	}
	want := []Case{
		{Name: "TestA", File: "c_test.go", Points: 1, Criterion: "correct", Visibility: "visible"},
		{Name: "TestB", File: "h_test.go", Points: 2.5, Criterion: "no-leak", Visibility: "hidden"},
	}
	if len(e.Cases) != 2 || e.Cases[0] != want[0] || e.Cases[1] != want[1] || e.MaxScore() != 3.5 {
		t.Errorf("cases %+v, want %+v", e.Cases, want)
	}
}

func TestLoadExercisesErrors(t *testing.T) {
	ex := fstest.MapFS{
		"01-c/c/c.go":      {Data: []byte("package c\n")},
		"01-c/c/c_test.go": {Data: []byte("package c\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n")},
		"02-d/d/d.go":      {Data: []byte("package d\n")},
	}
	sol := fstest.MapFS{
		"01-c/c/grading.json": {Data: []byte(`{"tests": {"TestGone": {"points": 1}}}`)},
		"02-d/d/grading.json": {Data: []byte(`{"racy": true}`)},
	}
	_, err := LoadExercises(ex, sol)
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		"01-c/c/c_test.go:5: TestMain is the grader's to define",
		"01-c/c: grading.json: test TestGone does not exist",
		`solutions/02-d/d/grading.json: json: unknown field "racy"`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
}
