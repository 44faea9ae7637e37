// Command workbook runs, checks, builds and grades the concurrency workbook.
//
// Usage:
//
//	workbook <command> [flags] [arguments]
//
// Run "workbook help" for the commands and "workbook <command> --help" for
// one command's flags. Flags may come before, between or after the
// positional arguments; "--" ends the flags.
//
// Exit status: 0 when everything passed, 1 when a check failed, 2 for a
// usage error or a failure of the tool itself, 130 when interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand. Each lives in a file of its own.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
	hidden  bool
}

// env is what a command may touch of the outside world.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
}

func commands() []command {
	return []command{
		runCommand,
		testCommand,
		listCommand,
		buildCommand,
		serveCommand,
		gradeCommand,
		exercisesCommand,
		checkCommand,
		yaegiWorkerCommand,
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// Main runs the command named by args[0] and returns the exit status.
func Main(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			return Main(ctx, []string{args[1], "--help"}, e)
		}
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err != nil && ctx.Err() != nil:
			// Ctrl-C or SIGTERM: the engines have killed what was running.
			fmt.Fprintf(e.stderr, "workbook %s: interrupted\n", c.name)
			return 130
		case err == nil:
			return 0
		case errors.Is(err, errHelp):
			return 0
		case errors.Is(err, errFailed):
			return 1
		default:
			var u usageError
			if errors.As(err, &u) {
				fmt.Fprintf(e.stderr, "workbook %s: %v\nrun 'workbook %s --help' for usage\n", c.name, err, c.name)
				return 2
			}
			fmt.Fprintf(e.stderr, "workbook %s: %v\n", c.name, err)
			return 2
		}
	}
	fmt.Fprintf(e.stderr, "workbook: unknown command %q\nrun 'workbook help' for the list of commands\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, "workbook: a literate workbook about concurrency whose chapters run.\n\nUsage:\n\n\tworkbook <command> [flags] [arguments]\n\nCommands:\n\n")
	for _, c := range commands() {
		if !c.hidden {
			fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, "\nRun 'workbook <command> --help' for a command's flags.\n")
}
