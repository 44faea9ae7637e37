package runner

import (
	"context"

	"workbook/runner/job"
)

// Engine runs programs. Run's error is for a failure of the engine itself
// (no toolchain, a worker that could not start); everything the program
// does, compile errors included, is reported in the Result.
type Engine interface {
	// Name is "go" or "yaegi".
	Name() string
	// ID identifies the engine's behaviour for cache keys: its name, its
	// version and the toolchain, GOOS and GOARCH it runs with.
	ID() string
	Run(ctx context.Context, s job.Spec) (job.Result, error)
}

// Preparer is an Engine that can get many specs ready at once, before any
// of them runs: the compiled engine builds them in as few toolchain
// invocations as it can.
type Preparer interface {
	Prepare(ctx context.Context, specs []job.Spec) error
}

// Settler is an Engine that does work in the background between runs (the
// yaegi engine warms up workers). The measurement lane calls Settle once
// it holds the machine, and measures only when every such engine is quiet.
type Settler interface {
	Settle(ctx context.Context) error
}
