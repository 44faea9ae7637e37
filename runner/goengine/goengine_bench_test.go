package goengine_test

import (
	"context"
	"testing"

	"workbook/runner/goengine"
	"workbook/runner/job"
)

const benchHello = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"

// BenchmarkRunCached is the cost of one run when the binary is cached: the
// key, the cache lookup, starting the process group, collecting its output.
func BenchmarkRunCached(b *testing.B) {
	e := newEngine(b, goengine.Config{})
	s := program(benchHello)
	ctx := context.Background()
	if res, err := e.Run(ctx, s); err != nil || res.Outcome != job.OK {
		b.Fatalf("warm-up: %v, %s", err, res.Outcome)
	}
	for b.Loop() {
		res, err := e.Run(ctx, s)
		if err != nil || res.Outcome != job.OK || !res.BuildCached {
			b.Fatalf("%v, %s, BuildCached %v", err, res.Outcome, res.BuildCached)
		}
	}
}

// BenchmarkBuildCold builds and runs into a fresh binary cache on every
// iteration. The Go build cache is the user's and stays warm (the warm-up
// fills it), so this measures the go command's start, its cache checks and
// the link (and, the Engine being new, one go env), which is what a cold
// binary cache costs in practice, not a compile from scratch.
func BenchmarkBuildCold(b *testing.B) {
	ctx := context.Background()
	s := program(benchHello)
	if res, err := newEngine(b, goengine.Config{}).Run(ctx, s); err != nil || res.Outcome != job.OK {
		b.Fatalf("warm-up: %v, %s", err, res.Outcome)
	}
	for b.Loop() {
		e := goengine.New(goengine.Config{CacheDir: b.TempDir()})
		res, err := e.Run(ctx, s)
		if err != nil || res.Outcome != job.OK || res.BuildCached {
			b.Fatalf("%v, %s, BuildCached %v", err, res.Outcome, res.BuildCached)
		}
	}
}
