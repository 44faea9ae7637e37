// Package yaegiengine runs programs with the yaegi interpreter
// (github.com/traefik/yaegi v0.16.1, which knows Go 1.22), each in a worker
// process of its own. The interpreter never runs in the calling process: a
// snippet may hang, crash or flood its output, and a worker is killed with
// its process group. Eligible says which programs yaegi runs as the
// compiled engine would; the runner sends it only those.
//
// # Workers
//
// A worker is Config.Worker (by default this executable with the hidden
// command "yaegi-worker", which calls ServeWorker). It starts in a process
// group of its own (on Linux the kernel also kills it should the runner
// die), in a fresh temporary directory removed when it is gone, with the
// runner's environment less GOMAXPROCS, GOTRACEBACK, GODEBUG and YAEGI_*
// (yaegi's own switches, read by interp.New) plus Config.WorkerEnv.
//
// A worker serves one job and exits, so every program gets a fresh
// interpreter. Setting one up (interp.New and Use of the symbol table)
// costs ≈6 ms, which a worker does before its job arrives: the Engine
// keeps Config.Prewarm workers started ahead and starts a replacement in
// the background each time it hands one out. A trivial program through a
// warm worker takes ≈7 ms of wall time on a 2-core machine, through a cold
// one ≈19 ms (BenchmarkTrivialWarm, BenchmarkTrivialCold).
//
// # The protocol
//
// File descriptors: 0 is the job, 1 and 2 are the program's standard
// output and error (kept by the parent in job.Captures of
// Config.OutputLimit bytes), 3 is the status pipe, written by the worker
// only.
//
// Standard input carries one JSON document, then EOF (so a program that
// reads standard input reads nothing):
//
//	{"files": [{"name": "main.go", "body": "package main…"}],
//	 "args": ["-n", "3"], "env": ["K=V"], "gomaxprocs": 2, "no_run": false}
//
// EOF before any document dismisses an idle worker: it exits 0.
//
// The status pipe carries events, one JSON object a line:
//
//	{"event":"ready"}                       the interpreter is set up
//	{"event":"start","user_cpu":N,"sys_cpu":N}
//	                                        the job was read; N is the CPU time
//	                                        (nanoseconds) spent before it
//	{"event":"end","outcome":"ok"}          main returned
//	{"event":"end","outcome":"compiled"}    no_run: it compiles
//	{"event":"end","outcome":"compile-error","detail":FIRST,"messages":[…]}
//	{"event":"end","outcome":"panic","detail":"panic: boom"}
//	{"event":"end","outcome":"deadlock","detail":"fatal error: all goroutines are asleep - deadlock!"}
//	{"event":"end","error":"…"}             the interpreter itself failed
//
// After "start", the worker has the Go runtime write its crash report
// (debug.SetCrashOutput) to the status pipe as well as to standard error:
// a panic that ends a goroutine, a fatal error. Whatever follows the
// events on the pipe and is not one is that report. A program that calls
// os.Exit or log.Fatal ends with no end event; its exit status says how
// it ended.
//
// The worker's exit status is the program's: 0 for a clean return (the
// worker then exits at once, which ends the goroutines main left
// running), N for os.Exit(N), 2 for a panic or a deadlock, as the Go
// runtime exits; 1 for a compile error, a job it could not read, or a
// failure of the interpreter.
//
// The status travels apart from the program's output so that a program
// that prints "panic: x" to standard error and exits 2 is not taken for a
// panic. The program cannot reach fd 3 through the os package (os.NewFile
// and os.StartProcess are removed), though one bent on it could open
// /proc/self/fd/3: a worker is a boundary against accidents, not a
// sandbox.
//
// # Classification
//
// Run applies the first rule that holds:
//
//  1. The deadline (Spec.Timeout, DefaultTimeout when 0) passed and the
//     engine killed the worker's group: timeout. If ctx ended instead, Run
//     returns ctx's error.
//  2. No "start" event: the worker failed before it took the job; Run
//     returns an error with its standard error.
//  3. A crash report: deadlock when it starts with the runtime's "fatal
//     error: all goroutines are asleep", else panic, its Detail the
//     report's first line less the " [recovered, repanicked]" that yaegi's
//     frames add.
//  4. An end event with an error: Run returns it.
//  5. An end event: its outcome and detail. For a compile error Stderr is
//     the messages.
//  6. Exit status 0: ok. Otherwise exit, with a Detail such as "exit
//     status 3" or "signal: killed" (as the compiled engine).
//
// Wall runs from the "start" event to the worker's end, so a cold
// worker's start-up is not counted; UserCPU and SysCPU are the worker's
// rusage less what it spent before its job; MaxRSS is the worker's peak,
// the interpreter's ≈22 MB included.
//
// # Positions
//
// yaegi loads the program from an in-memory directory "@wb" (its files
// "@wb/main.go", "@wb/util.go"), so that its compile errors read
// "@wb/main.go:6:14: undefined: y" (job.PosPrefix). Loading a directory,
// rather than compiling one syntax tree, is what makes programs of several
// files work: yaegi keys each file's imports by its base name. When a
// panic unwinds, yaegi prints a line per interpreted frame,
// "@wb/main.go:11:2: panic: main.explode(...)"; the position is that of
// the first statement of the frame's function, not of the panicking
// statement (yaegi v0.16.1 loses it).
//
// # Symbols
//
// Programs see yaegi's standard library (Go 1.22) less os/exec, syscall,
// unsafe, plugin, runtime/cgo, net/http/cgi (which start processes or reach
// past the interpreter), go/build and go/importer (which run the go
// command), yaegi's own symbol table, os.StartProcess and os.NewFile. An
// import of anything else is a compile error: "@wb/main.go:4:2: import
// "os/exec" is not available in the yaegi engine; use engine=go". Where
// yaegi's restricted standard library differs from Go's, the worker puts
// Go's back: os.Exit and log.Fatal exit (yaegi makes them panic), and
// os.Args, os.Getenv and flag.CommandLine are the process's own.
//
// # Deadlocks
//
// The Go runtime never reports "all goroutines are asleep" in a process
// linked with cgo, which the worker is (package net). While a program
// runs, a watchdog does the runtime's check: when no goroutine of the
// program runs (a goroutine dump taken with the world stopped shows every
// one of them waiting on a channel, a select, a mutex, a wait group, a
// condition variable or a semaphore), it prints the runtime's message and
// the goroutines' states, reports a deadlock and exits 2. A goroutine
// that sleeps, waits for I/O or is in a system call is not blocked. The
// watchdog cannot see timers, so a program that may be woken by the clock
// or the outside world (time.After, AfterFunc, NewTimer, NewTicker, Tick,
// context.WithTimeout or WithDeadline, os/signal, net…) is not watched:
// if it deadlocks, it times out.
//
// # Eligibility
//
// Eligible parses the files and type-checks them with go/types, every
// import a fake empty package (fast, no toolchain), and says no, with the
// construct and its line ("@wb/main.go:12: range over an integer (Go 1.22) is not
// supported by yaegi"; "util.go:12: …" for programs of several files), to:
//
//   - range over an integer or a function, and range over an expression
//     whose type it cannot tell. Types that come from imports are taken
//     from yaegi's symbol table where it can: strings.Fields(s), os.Args,
//     ticker.C after ticker := time.NewTicker(d);
//   - the builtins min, max and clear (unless shadowed), and print and
//     println (yaegi writes them to standard output);
//   - generics: type parameters, instantiations, and generic functions of
//     the standard library (slices.Contains has no reflect value);
//   - a variable declared by a for or for-range clause that is captured by
//     a func literal, whose address is taken, or that receives a pointer
//     method: yaegi has one variable per loop, Go 1.22 one per iteration;
//   - a labelled break or continue inside a select;
//   - imports outside yaegi's standard library or denied, import "C",
//     dot imports, names the symbol table lacks (newer than Go 1.22:
//     strings.Lines), //go:embed and //go:linkname;
//   - methods Error, String, GoString, Format on a program's types: yaegi
//     does not show them to fmt and errors reliably (fmt.Println(myErr{1})
//     printed "{1}");
//   - a panic with a value that is not a string in a program with
//     goroutines (yaegi reports it as "panic: <error Value>" when it ends
//     a goroutine);
//   - files in subdirectories, files that are not .go, test files, files
//     that build constraints exclude, packages other than main, two files
//     importing different packages under one name;
//   - a syntax error, and the type errors that do not depend on imports
//     (unused variables and imports, undefined names): the compiled engine
//     reports those with the compiler's words.
//
// # Known differences
//
// Even for eligible programs: runtime errors inside the interpreter may
// read as reflect's ("reflect: slice index out of range" for "runtime
// error: index out of range [3] with length 0"); panic positions are those
// of the function's first statement; a timeout carries no goroutine dump
// (one would show the interpreter's frames); a compile-only check
// (Spec.NoRun) takes one file; Spec.Race is refused.
package yaegiengine
