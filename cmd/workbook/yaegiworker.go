package main

import (
	"context"
	"os"

	"workbook/runner/yaegiengine"
)

const yaegiWorkerHelp = `
Run one program with the yaegi interpreter: read the job (a JSON document)
on standard input, run it, report on file descriptor 3. The yaegi engine
starts this command; the protocol is in the yaegiengine package doc.
`

// yaegiWorkerCommand is the process the yaegi engine starts for each run:
// it reads one job on stdin, runs it with the interpreter and reports on
// fd 3 (the protocol is in the yaegiengine package doc). It is not for
// people, hence hidden.
var yaegiWorkerCommand = command{
	name:    "yaegi-worker",
	hidden:  true,
	summary: "run one program with the yaegi interpreter (started by the yaegi engine)",
	run: func(ctx context.Context, e *env, args []string) error {
		fs := newFlags("yaegi-worker", "", yaegiWorkerHelp, e.stdout)
		if pos, err := parseFlags(fs, args); err != nil {
			return err
		} else if len(pos) > 0 {
			return usageError{"yaegi-worker takes no arguments"}
		}
		// Without an fd 3 from the parent, the Go runtime takes that number
		// for itself (a cgroup file it reads for GOMAXPROCS, its epoll
		// descriptor): only a pipe, or a device such as /dev/null for a
		// trial by hand, will do.
		status := os.NewFile(3, "status")
		st, err := status.Stat()
		if err != nil || st.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) == 0 {
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
