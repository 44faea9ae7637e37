package grade

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"time"

	// A pure-Go SQLite (a C-to-Go translation): the grader is one static
	// binary with no cgo, so it cross-compiles and runs in a Gradescope or
	// Kubernetes image without a C toolchain or libsqlite3, and the
	// race-enabled test suite needs no C compiler for it either.
	_ "modernc.org/sqlite"
)

// Version names the grader's verdict rules; it is recorded with every
// grading so that an instructor can tell which rules decided a grade.
const Version = "workbook-grade/2"

// Gradebook is the SQLite record of every grading: for each, the student,
// the exercise, the hashes of the submission's content and of the
// exercise (stub, tests, solution, grading.json), the grader's version, the
// time, the score and the whole Result with its per-test verdicts.
//
// Each grading is written in a transaction of its own as soon as it is
// decided, in WAL mode, so a run killed at any point (Ctrl-C or kill -9)
// leaves every finished grading whole and no half of one; the next run
// finds them by their hashes and grades only the rest. A grading has a
// random uid, which is how merge recognises one it already has.
//
// The schema (sqlite3 gradebook.db .schema) is meant to be queried:
//
//	gradings(uid, student, exercise, submission_hash, exercise_hash,
//	         grader, graded_at, epoch, score, max_score, status,
//	         late_days, final_score, result)
//	tests(grading_uid, name, visibility, criterion, max, earned, passed, reason)
//	runs(id, epoch, regrade, started_at, finished_at, args)
//
// The current grade of a student on an exercise is their latest grading
// (graded_at, then uid).
type Gradebook struct {
	db    *sql.DB
	path  string
	run   int64
	epoch string
	now   func() time.Time
}

const schema = `
CREATE TABLE IF NOT EXISTS gradings(
	uid TEXT PRIMARY KEY,
	student TEXT NOT NULL,
	exercise TEXT NOT NULL,
	submission_hash TEXT NOT NULL,
	exercise_hash TEXT NOT NULL,
	grader TEXT NOT NULL,
	graded_at TEXT NOT NULL,
	epoch TEXT NOT NULL,
	score REAL NOT NULL,
	max_score REAL NOT NULL,
	status TEXT NOT NULL,
	late_days INTEGER NOT NULL DEFAULT 0,
	final_score REAL NOT NULL,
	result TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gradings_key ON gradings(student, exercise, submission_hash, exercise_hash);
CREATE INDEX IF NOT EXISTS gradings_current ON gradings(student, exercise, graded_at, uid);
CREATE TABLE IF NOT EXISTS tests(
	grading_uid TEXT NOT NULL REFERENCES gradings(uid),
	name TEXT NOT NULL,
	visibility TEXT NOT NULL,
	criterion TEXT NOT NULL,
	max REAL NOT NULL,
	earned REAL NOT NULL,
	passed INTEGER NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY(grading_uid, name)
);
CREATE TABLE IF NOT EXISTS runs(
	id INTEGER PRIMARY KEY,
	epoch TEXT NOT NULL,
	regrade INTEGER NOT NULL,
	started_at TEXT NOT NULL,
	finished_at TEXT,
	args TEXT NOT NULL
);
`

// OpenGradebook opens (creating if need be) the gradebook at path.
func OpenGradebook(path string) (*Gradebook, error) {
	// WAL: a reader (another shard's merge, sqlite3) does not block the
	// grader; synchronous=NORMAL in WAL loses no committed transaction
	// when the process is killed, only possibly the last ones on a power
	// cut, and those are graded again, not corrupted.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite writes one at a time anyway, and one
	// connection serialises the workers' writes without SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("gradebook %s: %v", path, err)
	}
	return &Gradebook{db: db, path: path, now: time.Now}, nil
}

// Close closes the database.
func (b *Gradebook) Close() error { return b.db.Close() }

// startRun records a run. A run with regrade continues the epoch of the
// last run when that was a regrade that never finished (killed or
// interrupted), so that a regrade resumes rather than starts over; any
// other run starts an epoch of its own.
func (b *Gradebook) startRun(ctx context.Context, regrade bool, args string) error {
	var lastEpoch string
	var lastRegrade bool
	var finished sql.NullString
	err := b.db.QueryRowContext(ctx, `SELECT epoch, regrade, finished_at FROM runs ORDER BY id DESC LIMIT 1`).
		Scan(&lastEpoch, &lastRegrade, &finished)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	}
	b.epoch = newUID()
	if regrade && lastRegrade && !finished.Valid && lastEpoch != "" {
		b.epoch = lastEpoch
	}
	res, err := b.db.ExecContext(ctx, `INSERT INTO runs(epoch, regrade, started_at, args) VALUES(?, ?, ?, ?)`,
		b.epoch, regrade, stamp(b.now()), args)
	if err != nil {
		return err
	}
	b.run, err = res.LastInsertId()
	return err
}

// finishRun marks the run complete; a regrade after it starts afresh.
func (b *Gradebook) finishRun() error {
	_, err := b.db.Exec(`UPDATE runs SET finished_at = ? WHERE id = ?`, stamp(b.now()), b.run)
	return err
}

// lookup returns the latest grading of this student's submission of this
// exercise with these hashes, or nil. With sameEpoch, only a grading of
// the current run's epoch counts (a regrade that resumes). A grading whose
// status is error is never reused: the grader failed, not the student.
func (b *Gradebook) lookup(ctx context.Context, student, exercise, subHash, exHash string, sameEpoch bool) (*Result, error) {
	q := `SELECT uid, result FROM gradings
		WHERE student = ? AND exercise = ? AND submission_hash = ? AND exercise_hash = ? AND status != 'error'`
	args := []any{student, exercise, subHash, exHash}
	if sameEpoch {
		q += ` AND epoch = ?`
		args = append(args, b.epoch)
	}
	q += ` ORDER BY graded_at DESC, uid DESC LIMIT 1`
	var uid, raw string
	err := b.db.QueryRowContext(ctx, q, args...).Scan(&uid, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := new(Result)
	if err := json.Unmarshal([]byte(raw), r); err != nil {
		return nil, fmt.Errorf("gradebook: grading %s: %v", uid, err)
	}
	return r, nil
}

// record writes one grading and its tests in one transaction, and sets
// r.UID.
func (b *Gradebook) record(ctx context.Context, r *Result, exHash, grader string) error {
	r.UID = newUID()
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO gradings(uid, student, exercise, submission_hash, exercise_hash,
		grader, graded_at, epoch, score, max_score, status, late_days, final_score, result)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.UID, r.Student, r.Exercise, r.Hash, exHash, grader, stamp(r.GradedAt), b.epoch,
		r.Score, r.MaxScore, string(r.Status), r.lateDays(), r.Final, string(raw))
	if err != nil {
		return err
	}
	for _, t := range r.Tests {
		_, err = tx.ExecContext(ctx, `INSERT INTO tests(grading_uid, name, visibility, criterion, max, earned, passed, reason)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, r.UID, t.Name, t.Visibility, t.Criterion, t.Max, t.Earned, t.Passed, t.Reason)
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// updateLate rewrites the late-work fields of a grading served from the
// gradebook when the course file now says otherwise (a due date moved).
func (b *Gradebook) updateLate(ctx context.Context, r *Result) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = b.db.ExecContext(ctx, `UPDATE gradings SET late_days = ?, final_score = ?, result = ? WHERE uid = ?`,
		r.lateDays(), r.Final, string(raw), r.UID)
	return err
}

// Current returns every student's latest grading of every exercise,
// sorted by student and exercise.
func (b *Gradebook) Current(ctx context.Context) ([]*Result, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT g.result FROM gradings g
		WHERE g.uid = (SELECT h.uid FROM gradings h WHERE h.student = g.student AND h.exercise = g.exercise
			ORDER BY h.graded_at DESC, h.uid DESC LIMIT 1)
		ORDER BY g.student, g.exercise`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Result
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		r := new(Result)
		if err := json.Unmarshal([]byte(raw), r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Count returns how many gradings the gradebook holds.
func (b *Gradebook) Count(ctx context.Context) (int, error) {
	var n int
	err := b.db.QueryRowContext(ctx, `SELECT count(*) FROM gradings`).Scan(&n)
	return n, err
}

// Merge copies into b every grading (with its tests) of the gradebooks at
// paths that b does not have yet, recognised by uid: merging the shards of
// a run gives the gradebook the run would have made on one machine, and
// merging a gradebook twice changes nothing.
func (b *Gradebook) Merge(ctx context.Context, paths ...string) (added int, err error) {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	for _, p := range paths {
		src, err := OpenGradebook(p) // creates the schema in an old or empty file, checks it is a gradebook
		if err != nil {
			return added, err
		}
		src.Close()
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, p); err != nil {
			return added, fmt.Errorf("%s: %v", p, err)
		}
		n, err := mergeAttached(ctx, conn)
		if _, derr := conn.ExecContext(ctx, `DETACH DATABASE src`); err == nil && derr != nil {
			err = derr
		}
		if err != nil {
			return added, fmt.Errorf("%s: %v", p, err)
		}
		added += n
	}
	return added, nil
}

func mergeAttached(ctx context.Context, conn *sql.Conn) (int, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO main.gradings SELECT * FROM src.gradings`)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO main.tests SELECT * FROM src.tests`); err != nil {
		return 0, err
	}
	return int(n), tx.Commit()
}

// submissionHash identifies what a student submitted for one exercise.
func submissionHash(files map[string][]byte) string {
	h := sha256.New()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// exerciseHash identifies everything of an exercise that decides a grade
// or what a student is shown of it: its id, stub, solution, visible and
// hidden tests (and which are which), and grading.json.
func exerciseHash(e *Exercise) string {
	h := sha256.New()
	cfg, _ := json.Marshal(e.Config) // maps marshal in key order
	fmt.Fprintf(h, "%s\x00%s\x00", e.ID, cfg)
	for _, name := range sortedNames(e.Tests) {
		if e.Visible[name] { // moving a test file between visible and hidden changes what students see
			fmt.Fprintf(h, "visible %s\x00", name)
		}
	}
	for _, m := range []map[string][]byte{e.Stub, e.Solution, e.Tests} {
		h.Write([]byte(submissionHash(m)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func newUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// stamp writes a time so that text order is time order.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }
