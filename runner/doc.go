// Package runner runs the snippets of the workbook's chapters and checks each
// one against what its chapter expects.
//
// Run loads the named chapters (package chapter), chooses an engine for each
// snippet, serves unchanged snippets from the results cache (package cache),
// builds what the compiled engine needs in one batch, runs the rest on a
// pool of Parallel workers, judges every run (package check for output,
// Expect for how it ended) and reports all of it as an event stream
// (package event). A snippet's events are contiguous and snippets come in
// chapter order however the pool interleaves them; the snippet at the head
// of that order streams live, so a long run shows progress.
//
// # Choosing an engine
//
// An explicit engine= attribute, or the --engine flag, decides. Otherwise
// (engine=auto) the compiled engine runs every snippet that needs the race
// detector, the runtime's deadlock detection, the toolchain's compile
// errors or a compile-only check, and every program that the yaegi engine
// would not run faithfully (Config.Eligible says why: newer language
// features, processes, non-standard imports); yaegi runs the rest, which is
// faster and needs no toolchain. The reason for each choice is in the
// engine event. Without a Go toolchain, snippets that need it are skipped
// with that reason and the others still run.
//
// # The measurement lane
//
// A measured snippet (attribute measure) holds the lane exclusively for
// all its warm-up and measured runs; every other run and every batch build
// holds it shared, so correctness runs go on around a measurement, never
// during it. Once it holds the lane it waits for engines that work in the
// background (Settler: the yaegi engine warming up workers) to be quiet.
// The statistics, sweeps, claims and provenance are package measure's;
// stored measurements are reused only when Config.ReuseTimings says so
// (workbook build), never by run or test.
//
// # Parity
//
// With Config.Parity, every snippet that yaegi may run is run by both
// engines; a parity event says whether they agreed: the same outcome, and
// for a snippet with expected output, both meeting it.
package runner
