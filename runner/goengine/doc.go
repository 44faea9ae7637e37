// Package goengine is the compiled engine: it builds a snippet with the go
// command, runs the binary in a killable process group, and classifies how
// the run ended. It is Unix-only (process groups, SIGQUIT, rusage).
//
// # Positions
//
// Every .go file of a program is written to disk as
//
//	//line @wb/NAME:1:1
//	BODY
//
// so that the compiler, the runtime and the race detector report positions
// such as "@wb/main.go:12" (job.MapPositions maps them to chapter lines).
// The directive carries a column (":1:1"): with only a line, the compiler
// reports no columns in its errors. Messages of the go command itself that
// name the build directory ("p3/@wb/main.go:4:8", "found packages … in
// /tmp/…/p3") are rewritten to the same "@wb/" form.
//
// # The binary cache
//
// A build is keyed by the sha256 of the program's files (names and bodies,
// sorted by name), the race flag, the engine's ID and the toolchain settings
// that change code generation (CGO_ENABLED, GOEXPERIMENT, GOAMD64…); run
// parameters (arguments, environment, GOMAXPROCS, timeout) are not part of
// it, so one binary serves every run of the same code. Under
// Config.CacheDir:
//
//	KEY[:2]/KEY/entry.json   {"main":"snippet"} or {"compile_error":"…"}
//	KEY[:2]/KEY/bin/NAME     the binaries: "snippet" for a one-directory
//	                         program; for a multi-directory one, the root's
//	                         (named after the module path: "example") and
//	                         its siblings ("child")
//	tmp-*/                   build modules and entries being written
//
// An entry is written into a tmp-* directory and renamed into place, so a
// reader sees a complete entry or none; when two processes race to write the
// same entry the loser's copy is discarded. A compile error is an entry too:
// a snippet that does not build is not rebuilt on every run. Build times are
// never read from the cache: Result.Build is set only by the Run that
// consumes a build this Engine made (for a program of a batch, the time
// from the batch's start to its entry: what waiting for it cost), and
// BuildCached is set otherwise. Nothing is ever evicted.
//
// # The build module
//
// Programs whose files all sit in one directory (and that bring no go.mod)
// are built together. Each becomes a package directory pN of one temporary
// module,
//
//	tmp-XXXX/go.mod   module snippet; go 1.26
//	tmp-XXXX/p1/…     the files of the first program
//	tmp-XXXX/p2/…
//
// Config.Modules (the book's chapters/go.mod) adds its require, replace and
// exclude directives to this go.mod, and to the default go.mod below, with
// its go.sum beside: that is how snippets import golang.org/x/sync. Its
// hash is one of the build settings, so it is part of every build key.
//
// and one "go build -o OUT/ ./p1 ./p2 …" per race flag builds them all; the
// go command runs the compiles in parallel. With -o naming a directory the
// go command skips packages that are not main, so programs without a main
// package (libraries, checked with Spec.NoRun) go into a batch of their own
// built without -o. When that fails, the output is
// split by its "# snippet/pN" headers (and by the "pN/" paths of loader
// errors); programs whose binary is missing and whose error could not be
// told apart are built again in halves, so one broken snippet costs a few
// more invocations, never blocks the others, and its error is cached as its
// result.
//
// A program with files in subdirectories (a txtar archive such as
// "main.go" + "child/main.go"), or with a go.mod of its own, is built as a
// module of its own: its go.mod if it has one, else "module example", so
// that its files import each other as "example/greet". Every main package
// of it is built into the same directory by "go build -o OUT/ ./...": the
// package in the root directory is the one that runs, and the others sit
// next to it under the name of their directory, so a parent finds its child
// at filepath.Join(filepath.Dir(os.Args[0]), "child"). (A package that no
// main package imports is then not compiled; a module without any main
// package is built without -o, which compiles all of it.)
//
// The go command runs with GOWORK=off, GOTOOLCHAIN=local (the ID must name
// the toolchain that really builds), GOFLAGS="-mod=mod -buildvcs=false" (a
// cache directory inside a Git work tree must not change the binary) and
// the user's Go build cache, which is what makes a cold entry cheap. There
// is no -trimpath: the positions are the point.
//
// # Running
//
// The binary runs in its own process group, in a fresh temporary working
// directory, with no standard input, the arguments of the Spec, and the
// runner's environment less GOMAXPROCS, GOTRACEBACK, GODEBUG and GORACE,
// plus GOMAXPROCS=N when the Spec sets it, plus GORACE=atexit_sleep_ms=50
// for a race build (the race runtime's default second of sleep at exit
// would dominate the run), plus the Spec's Env, which wins over both. Standard output
// and standard error are each kept by a job.Capture of Config.OutputLimit
// bytes. At the deadline the process gets SIGQUIT, which makes the Go
// runtime print every goroutine's stack; after Config.DumpGrace the whole
// group is killed; the dump stays in Result.Stderr too, where the program's
// own output around it is. Whenever the main process ends, the group is
// killed too, so that no child outlives its run. Cancelling the context
// kills the group at once and Run returns the context's error.
//
// # Classification
//
// The first rule that applies decides the outcome:
//
//  1. the build failed: compile-error; Detail is the first error line.
//  2. standard error has "WARNING: DATA RACE": race.
//  3. standard error has "fatal error: all goroutines are asleep -
//     deadlock!": deadlock.
//  4. the deadline passed: the dump is parsed. If at least one goroutine
//     runs user code (a frame of package main or at an "@wb/" position) and
//     every such goroutine waits on a channel, a select, a mutex, a wait
//     group, a condition variable or a semaphore, the program could never
//     have finished: deadlock, with a Detail such as "every goroutine was
//     blocked when the 2s deadline passed (3 goroutines)", unless the
//     program uses timers (time.Tick, After, NewTimer, NewTicker,
//     AfterFunc, context.WithTimeout or WithDeadline: gdump.ClockWakes),
//     since a goroutine waiting for a tick looks the same in a dump.
//     Otherwise timeout. Goroutines of the runtime and the standard
//     library (os/signal, timers) do not count, which is how a program
//     that called signal.Notify, and so hides its deadlock from the
//     runtime, is still caught.
//  5. exit status 2 and a line starting "panic: " or "fatal error: ":
//     panic; Detail is that line as printed.
//  6. another non-zero exit status or a signal: exit; Detail is "exit
//     status 3" or "signal: killed".
//  7. otherwise ok; with Spec.NoRun, compiled.
package goengine
