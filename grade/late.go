package grade

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Course is the course file (--course FILE): due dates, the late-work
// policy and the times at which students submitted. Times are RFC 3339
// with a zone ("2026-03-01T23:59:00+01:00").
//
//	{"due": "2026-03-01T23:59:00+01:00", "grace": "15m",
//	 "penalty_per_day": 0.1, "max_late_days": 5,
//	 "exercises": {"queue": {"due": "2026-03-08T23:59:00+01:00"}},
//	 "submitted": {"alice": "2026-03-02T08:00:00Z", "bob/queue": "2026-03-09T10:00:00Z"},
//	 "submitted_csv": "times.csv"}
//
// due is the default due date; exercises overrides it by NAME or
// NN-slug/NAME. A submission made up to grace after its due date is on
// time. Past that it is late by whole days, counted up from the due date
// (one second past the grace is one day), and loses penalty_per_day of its
// score for each day, at most all of it; past max_late_days (when set) it
// scores 0.
//
// Submission times come only from this file: "submitted" maps STUDENT or
// STUDENT/NAME to a time, and submitted_csv (relative to the course file)
// names a CSV of student,exercise,submitted_at rows, exercise empty for all
// of a student's, as a learning platform exports them. A file's mtime, an
// archive entry's time or a commit date is never used: the student sets
// those. A submission with no time is not penalised and is listed in the
// summary.
type Course struct {
	Due           *time.Time                `json:"due"`
	Grace         Duration                  `json:"grace"`
	PenaltyPerDay float64                   `json:"penalty_per_day"`
	MaxLateDays   int                       `json:"max_late_days"`
	Exercises     map[string]CourseExercise `json:"exercises"`
	Submitted     map[string]time.Time      `json:"submitted"`
	SubmittedCSV  string                    `json:"submitted_csv"`
}

// CourseExercise is one exercise's entry in the course file.
type CourseExercise struct {
	Due *time.Time `json:"due"`
}

// Late is how late a submission was and what it cost.
type Late struct {
	Due       time.Time `json:"due"`
	Submitted time.Time `json:"submitted"`
	Days      int       `json:"days"`    // whole days late after the grace; 0 on time
	Penalty   float64   `json:"penalty"` // the fraction of the score taken, 0 to 1
}

// LoadCourse reads a course file; "" is a course with no due dates.
func LoadCourse(path string) (*Course, error) {
	c := &Course{}
	if path == "" {
		return c, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if c.PenaltyPerDay < 0 || c.PenaltyPerDay > 1 || c.MaxLateDays < 0 {
		return nil, fmt.Errorf("%s: penalty_per_day must be between 0 and 1 and max_late_days not negative", path)
	}
	if c.SubmittedCSV != "" {
		p := c.SubmittedCSV
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		if err := c.readTimes(p); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	return c, nil
}

// readTimes adds the rows of a student,exercise,submitted_at CSV.
func (c *Course) readTimes(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 3
	if c.Submitted == nil {
		c.Submitted = map[string]time.Time{}
	}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if line == 1 && rec[0] == "student" {
			continue // header
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(rec[2]))
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, line, err)
		}
		key := strings.TrimSpace(rec[0])
		if ex := strings.TrimSpace(rec[1]); ex != "" {
			key += "/" + ex
		}
		c.Submitted[key] = t
	}
}

// due returns the due date of exercise e, if any.
func (c *Course) due(e *Exercise) (time.Time, bool) {
	for _, k := range []string{e.ID, e.Name} {
		if ce, ok := c.Exercises[k]; ok && ce.Due != nil {
			return *ce.Due, true
		}
	}
	if c.Due != nil {
		return *c.Due, true
	}
	return time.Time{}, false
}

// submitted returns when student submitted exercise e, if known.
func (c *Course) submitted(student string, e *Exercise) (time.Time, bool) {
	for _, k := range []string{student + "/" + e.Name, student + "/" + e.ID, student} {
		if t, ok := c.Submitted[k]; ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// lateness applies the policy to a submission made at submitted for a due
// date due.
func (c *Course) lateness(due, submitted time.Time) Late {
	l := Late{Due: due, Submitted: submitted}
	late := submitted.Sub(due)
	if late <= time.Duration(c.Grace) {
		return l
	}
	l.Days = int(math.Ceil(late.Hours() / 24))
	l.Penalty = math.Min(1, float64(l.Days)*c.PenaltyPerDay)
	if c.MaxLateDays > 0 && l.Days > c.MaxLateDays {
		l.Penalty = 1
	}
	return l
}

// applyLate sets r.Late and r.Final. It reports whether they changed and
// whether the submission's time was unknown while a due date exists.
func (c *Course) applyLate(r *Result, e *Exercise) (changed, unknown bool) {
	before, beforeFinal := r.Late, r.Final
	r.Late, r.Final = nil, r.Score
	if due, ok := c.due(e); ok {
		if at, ok := c.submitted(r.Student, e); ok {
			l := c.lateness(due, at)
			r.Late = &l
			r.Final = r.Score * (1 - l.Penalty)
		} else if r.Hash != "" {
			unknown = true
		}
	}
	return beforeFinal != r.Final || !sameLate(before, r.Late), unknown
}

func sameLate(a, b *Late) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Days == b.Days && a.Penalty == b.Penalty && a.Due.Equal(b.Due) && a.Submitted.Equal(b.Submitted)
}

func (r *Result) lateDays() int {
	if r.Late == nil {
		return 0
	}
	return r.Late.Days
}
