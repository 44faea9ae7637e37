// Package grade grades students' submissions to the workbook's exercises:
// untrusted code, which in a concurrency course deadlocks and races by
// design and may be hostile. It is the library behind "workbook grade".
//
// # Layout
//
// An exercise is a folder exercises/NN-slug/NAME holding the stub files
// (non-test .go), a README.md and the visible tests (*_test.go); its
// solution is solutions/NN-slug/NAME holding the reference files, the
// hidden tests (*_test.go, which must not share a name with a visible
// one) and grading.json. The grader gives the exercise the module and
// import path NAME, so an external test package imports it as "NAME"; NAME
// must therefore not be a standard library path. Instructors' tests must
// not define TestMain (the grader's, see below).
//
// A submission is a folder SUBMISSIONS/STUDENT/NAME/*.go or an archive
// SUBMISSIONS/STUDENT.zip or STUDENT.tar.gz holding NAME/*.go, optionally
// under one top folder STUDENT/. Archives are read into memory, never
// extracted: entries outside NAME/FILE (absolute, "..", deeper) and
// anything but regular files (symbolic and hard links, devices) are
// ignored and said so; a file over 256 KiB, more than 200 files or more
// than 8 MiB in all are refused. Folders are read without following
// symbolic links.
//
// # grading.json
//
//	{"race": true, "timeout": "10s", "memory": "1GiB", "procs": 256,
//	 "leak_grace": "1s", "timing_factor": 2, "imports": ["os/exec"],
//	 "tests": {"TestDeposit": {"points": 2, "criterion": "race-free", "visibility": "visible"}}}
//
// All fields are optional; unknown fields are an error.
//
//   - race (default true): compile with -race.
//   - timeout (default "10s"): each test's -test.timeout. The process is
//     killed at timeout + leak_grace + 5s if it outlives its own timeout.
//   - memory (default "1GiB"): RLIMIT_DATA of the test process ("512MiB",
//     "64KiB" or bytes).
//   - procs (default 256): RLIMIT_NPROC, tasks including threads.
//   - leak_grace (default "1s"): how long the package's goroutines may
//     take to end after the test before they count as leaked.
//   - timing_factor (default 2): the bound of the timing criterion.
//   - imports: packages allowed on top of the default allowlist (sync,
//     sync/atomic, context, time, errors, sort, slices, maps, strings,
//     strconv, math, container/*, fmt). See the threat model before adding
//     os, unsafe, reflect, runtime or syscall.
//   - tests: the rubric, by test function name. points (default 1),
//     criterion (default "correct"; see Criteria), visibility ("visible"
//     when the test is in the exercise folder, else "hidden"; it is only
//     reported). A test with no entry is worth 1 point; an entry naming a
//     test that does not exist is an error.
//
// # What happens to one submission
//
//  1. The static gate (package gate) keeps only files named like the
//     stub's and rejects directives, cgo, imports outside the allowlist,
//     print/println and TestMain, with file:line reasons: status
//     "rejected" (or "compile-error" for a syntax error).
//  2. The grader writes a fresh module in a private temporary folder: its
//     own go.mod, the accepted student files, the instructor's visible and
//     hidden tests and its harness, and runs go test -c -vet=off -trimpath
//     [-race] with GOWORK=off GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
//     and the caller's other GO* variables removed, outside the sandbox
//     (the toolchain does not run the code it compiles). A failure is
//     status "compile-error" with the compiler's messages.
//  3. Each instructor test runs as its own process in the sandbox (package
//     sandbox) with -test.run '^Name$' -test.v -test.paniconexit0
//     -test.timeout=T -test.count=1.
//
// # Verdicts and the threat model
//
// The test process contains the student's code, so everything it prints,
// its exit status and everything its files can reach are the student's to
// forge. The verdict therefore rests on a report the student's code cannot
// write. The harness renames each instructor test TestX to wbNONCE_TestX
// and defines a wrapper TestX that registers a t.Cleanup recording how the
// test ended (after its subtests and cleanups); its TestMain runs m.Run,
// then waits up to leak_grace for the package's goroutines to end, then
// writes "WB NONCE code=C tests=TestX:pass leaks=N" on file descriptor 3,
// a pipe only the grader reads, and exits with C. NONCE is 128 random bits
// generated for each build. A test passes only if all of these hold:
//
//   - the process exited 0 before the wall deadline and its output stayed
//     under the cap;
//   - the report with this build's nonce is present, says m.Run returned 0,
//     that exactly TestX ran and passed, and that no goroutine of the
//     package was left;
//   - the output has "=== RUN   TestX" and "--- PASS: TestX (" lines and no
//     "testing: warning: no tests to run".
//
// So fake PASS lines (with or without test2json's 0x16 framing) add
// nothing; os.Exit(0) in init ends the process before TestMain reports;
// rewriting os.Args so that nothing or something else runs leaves the
// report without TestX:pass; os.Exit during the test panics
// (-test.paniconexit0); a goroutine that panics after the test either
// crashes the process within the grace period or is reported as leaked; a
// skipped test scores nothing; a test the instructor wrote that never ran
// is a failure. The output is used only to explain a failure, capped and
// stripped of control bytes.
//
// The limits of this: with the default allowlist the student's code can
// compute, start goroutines and print, and nothing else; it cannot read
// the binary, open file descriptors, or reach the nonce. An exercise whose
// grading.json allows os (or syscall, unsafe, reflect, runtime) gives the
// student's code the same powers as the harness in the same process: it
// could read /proc/self/exe, find the nonce and the hidden tests' compiled
// expectations, and write a forged report to fd 3. The sandbox still holds
// (no network, no host files, limits), the hidden test sources are never
// in the sandbox, and the corpus shows that the ordinary attacks fail, but
// the verdict is then only as strong as the effort of the attacker; grant
// such imports to trusted exercises only. A compiler bug or a kernel or
// bubblewrap escape is out of scope.
//
// # Criteria
//
// A criterion names what a test checks and shapes the failure's feedback:
//
//   - correct: the test's own failure lines.
//   - race-free: the race detector's report, its stacks trimmed to the
//     student's files (the test fails under -race; exit status 66).
//   - no-leak: every test already fails when a goroutine of the package
//     outlives it by leak_grace; the stacks, trimmed to the student's
//     files, are the feedback.
//   - no-deadlock: the test's -test.timeout (a watchdog inside the test
//     binary) or synctest's deadlock detection; the goroutine dump is
//     trimmed to goroutines and frames in the student's files.
//   - bounded: parallelism bounds checked by the instructor's test with
//     testing/synctest's fake clock, as in testdata/course 03-limit.
//   - timing: the grader runs the reference solution's test and then the
//     student's, back to back in the same job, while no other compile or
//     run of the grading run is on the machine, and compares the wall times
//     it measured itself: the student's may be at most timing_factor
//     (default 2) times the reference's. Give it few points: it measures a
//     machine, not only a program.
//
// # Results
//
// Status is passed (every test passed), failed, rejected, compile-error or
// error (the grader failed). --csv writes one row per student and
// exercise: student,exercise,score,max_score,status,late_days,final_score,
// then one column per test (the union over the graded exercises, named by
// test), holding the points earned, empty for another exercise's test.
// Scores are plain numbers (2, 0.5); final_score is score less the late
// penalty (see Course). --out writes, per student, DIR/STUDENT.json (a
// StudentReport), DIR/STUDENT/results.json (Gradescope's format) and
// DIR/STUDENT/NAME/results.json (Exercism's test runner format, version 3);
// --junit writes JUnit XML.
//
// Everything a student may read is the student view (Result.StudentView):
// a hidden test reports only its name, points and whether it passed; its
// file, its failure reason and its feedback, which hold its expected
// values, are left out, and hidden file names are removed from compiler
// messages. The gradebook and the grader's own output keep everything, for
// the instructor.
//
// # The gradebook
//
// Every grading is recorded in a SQLite file (see Gradebook), written as
// each result is decided, so an interrupted run resumes; a submission is
// graded again only when its files or its exercise (stub, tests, solution,
// grading.json) changed, a grading failed with status error, or --regrade
// is given. --shard i/n grades a deterministic share of the students and
// Gradebook.Merge combines the shards' gradebooks. docs/grading.md is the
// instructor's guide: course files, platforms, clusters.
package grade
