// Package chapter reads the workbook's Markdown chapters into typed values:
// each Go snippet with its position, its attributes, the program it runs and
// the output it is expected to produce. Running and rendering consume a
// Chapter and never read the Markdown again.
//
// # Chapters
//
// Chapters live in chapters/NN-slug.md. A chapter is named on the command
// line by "chapter3", "3", "03", its slug ("threads"), its file name, or the
// path of any Markdown file. The first level-1 heading is its title.
//
// # Snippets
//
// A snippet is a fenced code block in language go, with optional attributes
// in braces after the language:
//
//	```go {#hello timeout=5s race}
//	package main
//	...
//	```
//
// An attribute is an id (#name), a bare flag (race) or key=value, the value
// bare (10s) or double-quoted ("a b", with \" and \\ escapes). Attributes:
//
//	#id            the snippet's id, unique in the chapter (default sN, N counting snippets from 1)
//	engine=E       auto (default), yaegi or go
//	timeout=D      wall deadline of one run, a Go duration (default 10s)
//	repeat=N       run N times; every run must meet the expectation
//	no-run         compile only
//	race           build with the race detector
//	gomaxprocs=N   run with GOMAXPROCS=N
//	args="..."     command-line arguments, split at spaces; 'single quotes' keep spaces
//	env="K=V ..."  environment variables, split like args
//	expect=X       how the run must end: ok (default), panic, deadlock, race,
//	               timeout, compile-error or exit=N (exit=N is also accepted as
//	               an attribute of its own)
//	program=NAME   this snippet is part of the program NAME (see Programs)
//
// Measurement attributes (package workbook/runner/measure specifies the
// statistics, sweeps, claims and METRIC lines):
//
//	measure        time the snippet in the measurement lane: compiled, never
//	               while anything else runs or builds
//	runs=N         measured runs (default 5); warmup=N unmeasured runs first (default 1)
//	sweep="V=a,b"  measure once per value: sweep="GOMAXPROCS=1,2,ncpu" or "workers=1,2,4"
//	baseline=ID    report the speed-up against another measured snippet
//	assert="..."   claims such as "speedup(GOMAXPROCS=2) >= 1.5", judged on medians
//	trace          run once with runtime/trace on and draw the timeline
//	               (cannot be combined with measure: tracing slows the program)
//
// expect=race implies race. A snippet that expects a failure fails its check
// when it does not fail in that way.
//
// # Expected output
//
// The fenced block in language output that directly follows a snippet (no
// other block between them) holds what the snippet must print on its
// standard output. Its one attribute, mode, chooses the comparison: exact
// (default), unordered, regexp, contains or per-key; package
// workbook/runner/check defines each. A snippet with no output block is
// checked only for how it ends.
//
// # Files
//
// A snippet whose body starts with a "-- name --" line is a txtar archive of
// several files: a program with a child program in child/main.go, or a
// package and its main. Otherwise the snippet is one file, main.go.
//
// # Programs
//
// Snippets that name the same program=NAME build one program together, so
// prose can introduce it piece by piece. A piece without a package clause
// is taken to be in package main. Each piece is one file of the program; a
// piece runs the program made of itself and every earlier piece when it is
// followed by an output block, sets expect=, or is the last piece.
// A snippet without a package clause must name a program.
//
// # Hidden lines
//
// Lines that end in "// OMIT" run but are not shown to readers.
//
// # Errors
//
// Every authoring mistake is reported as "file:line: message", all of them
// at once, and a chapter with errors is not run.
package chapter
