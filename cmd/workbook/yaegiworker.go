package main

import (
	"context"
	"os"

	"workbook/runner/yaegiengine"
)

// yaegiWorkerCommand is the process the yaegi engine starts for each run:
// it reads one job on stdin, runs it with the interpreter and reports on
// fd 3 (the protocol is in the yaegiengine package doc). It is not for
// people, hence hidden.
var yaegiWorkerCommand = command{
	name:    "yaegi-worker",
	hidden:  true,
	summary: "run one program with the yaegi interpreter (started by the yaegi engine)",
	run: func(ctx context.Context, e *env, args []string) error {
		if len(args) > 0 {
			return usageError{"yaegi-worker takes no arguments"}
		}
		status := os.NewFile(3, "status")
		if _, err := status.Stat(); err != nil {
			return usageError{"yaegi-worker needs the status pipe on fd 3; it is started by the yaegi engine"}
		}
		// The exit status is the program's (2 for a panic, N for
		// os.Exit(N)), which Main's error mapping cannot express; and
		// exiting at once is what ends the goroutines a program leaves
		// running when its main returns.
		os.Exit(yaegiengine.ServeWorker(e.stdin, status))
		return nil
	},
}
