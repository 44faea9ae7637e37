package grade

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Exercise is one gradable exercise: its stub, its tests (visible and
// hidden) and its rubric, loaded once from the exercises and solutions
// trees.
type Exercise struct {
	ID       string            // "01-counter/counter"
	Name     string            // "counter": the folder students submit
	Package  string            // the stub's package name
	Stub     map[string][]byte // non-test files of the exercise folder
	Solution map[string][]byte // non-test files of the solution folder
	Tests    map[string][]byte // visible and hidden *_test.go files
	Config   Config
	Cases    []Case // every test function the instructor wrote, in file order
	// Visible are the test files of the exercise folder, which students
	// have; the other files of Tests are hidden.
	Visible map[string]bool
}

// hiddenFiles lists the hidden test files, sorted.
func (e *Exercise) hiddenFiles() []string {
	var out []string
	for _, name := range sortedNames(e.Tests) {
		if !e.Visible[name] {
			out = append(out, name)
		}
	}
	return out
}

// Case is one instructor test and what it is worth.
type Case struct {
	Name       string  `json:"name"`
	File       string  `json:"file"`
	Points     float64 `json:"points"`
	Criterion  string  `json:"criterion,omitempty"`
	Visibility string  `json:"visibility"`
}

// MaxScore is the sum of the exercise's points.
func (e *Exercise) MaxScore() float64 {
	var s float64
	for _, c := range e.Cases {
		s += c.Points
	}
	return s
}

// Config is an exercise's grading.json; see the package doc.
type Config struct {
	Race      *bool    `json:"race"`
	Timeout   Duration `json:"timeout"`
	Memory    Size     `json:"memory"`
	Procs     int      `json:"procs"`
	LeakGrace Duration `json:"leak_grace"`
	// TimingFactor bounds the "timing" criterion: the student's test may
	// take at most this many times the reference's (default 2).
	TimingFactor float64               `json:"timing_factor"`
	Imports      []string              `json:"imports"`
	Tests        map[string]TestConfig `json:"tests"`
}

// TestConfig is the rubric entry of one test.
type TestConfig struct {
	Points     *float64 `json:"points"`
	Criterion  string   `json:"criterion"`
	Visibility string   `json:"visibility"`
}

// Criteria are the named rubric criteria (see the package doc).
var Criteria = []string{"correct", "race-free", "no-leak", "no-deadlock", "bounded", "timing"}

// RaceOn reports whether the exercise is compiled with -race.
func (c Config) RaceOn() bool { return c.Race == nil || *c.Race }

// Duration is a time.Duration written as "10s" in JSON.
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("duration must be a string such as \"10s\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return fmt.Errorf("bad duration %q", s)
	}
	*d = Duration(v)
	return nil
}

// Size is a byte count written as "1GiB", "512MiB", "64KiB" or a number.
type Size int64

func (z *Size) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = v, u.m
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("bad size %s (want e.g. \"1GiB\")", b)
	}
	*z = Size(n * mult)
	return nil
}

// LoadExercises reads every exercise of exercises (folders NN-slug/NAME)
// with its solution folder of the same path in solutions. All problems are
// reported at once, each with its path.
func LoadExercises(exercises, solutions fs.FS) ([]*Exercise, error) {
	dirs, err := fs.Glob(exercises, "*/*")
	if err != nil {
		return nil, err
	}
	var list []*Exercise
	var errs []error
	for _, d := range dirs {
		if fi, err := fs.Stat(exercises, d); err != nil || !fi.IsDir() {
			continue
		}
		e, err := loadExercise(exercises, solutions, d, false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if i := slices.IndexFunc(list, func(o *Exercise) bool { return o.Name == e.Name }); i >= 0 {
			// Students submit NAME/, so two exercises of one name are ambiguous.
			errs = append(errs, fmt.Errorf("exercises/%s: same folder name as exercises/%s", e.ID, list[i].ID))
			continue
		}
		list = append(list, e)
	}
	if len(list) == 0 && len(errs) == 0 {
		errs = append(errs, errors.New("no exercises found (want folders NN-slug/NAME)"))
	}
	return list, errors.Join(errs...)
}

// loadExercise loads exercise id. With partial, rubric entries naming tests
// that are not there are ignored: a student's copy of the workbook may
// have grading.json without the hidden tests.
func loadExercise(exercises, solutions fs.FS, id string, partial bool) (*Exercise, error) {
	e := &Exercise{ID: id, Name: path.Base(id), Tests: map[string][]byte{}}
	var err error
	var visible, hidden map[string][]byte
	if e.Stub, visible, err = readGoFiles(exercises, id); err != nil {
		return nil, fmt.Errorf("exercises/%s: %v", id, err)
	}
	if e.Solution, hidden, err = readGoFiles(solutions, id); err != nil {
		return nil, fmt.Errorf("solutions/%s: %v", id, err)
	}
	if len(e.Stub) == 0 {
		return nil, fmt.Errorf("exercises/%s: no stub files", id)
	}
	if b, err := fs.ReadFile(solutions, path.Join(id, "grading.json")); err == nil {
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e.Config); err != nil {
			return nil, fmt.Errorf("solutions/%s/grading.json: %v", id, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if e.Package, err = packageOf(e.Stub); err != nil {
		return nil, fmt.Errorf("exercises/%s: %v", id, err)
	}
	e.Visible = map[string]bool{}
	for name, body := range visible {
		e.Tests[name] = body
		e.Visible[name] = true
	}
	for name, body := range hidden {
		if _, dup := e.Tests[name]; dup {
			return nil, fmt.Errorf("solutions/%s/%s: a visible test file has the same name", id, name)
		}
		e.Tests[name] = body
	}
	if err := e.findCases(visible, partial); err != nil {
		return nil, err
	}
	return e, nil
}

// readGoFiles returns the non-test and the test .go files of dir.
func readGoFiles(fsys fs.FS, dir string) (code, tests map[string][]byte, err error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	code, tests = map[string][]byte{}, map[string][]byte{}
	for _, ent := range ents {
		if !ent.Type().IsRegular() || !strings.HasSuffix(ent.Name(), ".go") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, ent.Name()))
		if err != nil {
			return nil, nil, err
		}
		if strings.HasSuffix(ent.Name(), "_test.go") {
			tests[ent.Name()] = b
		} else {
			code[ent.Name()] = b
		}
	}
	return code, tests, nil
}

func packageOf(files map[string][]byte) (string, error) {
	var pkg string
	for name, body := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, body, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		if pkg != "" && f.Name.Name != pkg {
			return "", fmt.Errorf("%s: package %s, others are package %s", name, f.Name.Name, pkg)
		}
		pkg = f.Name.Name
	}
	return pkg, nil
}

// findCases lists the test functions of e.Tests and applies the rubric.
func (e *Exercise) findCases(visible map[string][]byte, partial bool) error {
	var errs []error
	seen := map[string]bool{}
	for _, name := range sortedNames(e.Tests) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, e.Tests[name], parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", e.ID, err))
			continue
		}
		for _, fn := range testFuncs(f) {
			if fn.Name.Name == "TestMain" {
				errs = append(errs, fmt.Errorf("%s/%s:%d: TestMain is the grader's to define", e.ID, name, fset.Position(fn.Pos()).Line))
				continue
			}
			vis := "hidden"
			if _, ok := visible[name]; ok {
				vis = "visible"
			}
			c := Case{Name: fn.Name.Name, File: name, Points: 1, Visibility: vis, Criterion: "correct"}
			if tc, ok := e.Config.Tests[c.Name]; ok {
				if tc.Points != nil {
					c.Points = *tc.Points
				}
				if tc.Criterion != "" {
					c.Criterion = tc.Criterion
				}
				if tc.Visibility != "" {
					c.Visibility = tc.Visibility
				}
			}
			if !slices.Contains(Criteria, c.Criterion) {
				errs = append(errs, fmt.Errorf("%s: grading.json: test %s: unknown criterion %q (want one of %s)", e.ID, c.Name, c.Criterion, strings.Join(Criteria, ", ")))
			}
			seen[c.Name] = true
			e.Cases = append(e.Cases, c)
		}
	}
	for name := range e.Config.Tests {
		if !seen[name] && !partial {
			errs = append(errs, fmt.Errorf("%s: grading.json: test %s does not exist", e.ID, name))
		}
	}
	return errors.Join(errs...)
}

// testFuncs returns the functions go test would run as tests: TestXxx with
// one *testing.T parameter (and TestMain, which the caller refuses).
func testFuncs(f *ast.File) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !isTestName(fn.Name.Name) {
			continue
		}
		if fn.Name.Name == "TestMain" || isTestingT(fn.Type) {
			out = append(out, fn)
		}
	}
	return out
}

func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

func isTestingT(ft *ast.FuncType) bool {
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 {
		return false
	}
	star, ok := ft.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}

func sortedNames(m map[string][]byte) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Defaults of grading.json's fields.
const (
	defaultTimeout   = 10 * time.Second
	defaultMemory    = 1 << 30
	defaultProcs     = 256
	defaultLeakGrace = time.Second
)

func (e *Exercise) timeout() time.Duration {
	if e.Config.Timeout > 0 {
		return time.Duration(e.Config.Timeout)
	}
	return defaultTimeout
}

func (e *Exercise) leakGrace() time.Duration {
	if e.Config.LeakGrace > 0 {
		return time.Duration(e.Config.LeakGrace)
	}
	return defaultLeakGrace
}

func (e *Exercise) memory() int64 {
	if e.Config.Memory > 0 {
		return int64(e.Config.Memory)
	}
	return defaultMemory
}

func (e *Exercise) procs() int {
	if e.Config.Procs > 0 {
		return e.Config.Procs
	}
	return defaultProcs
}
