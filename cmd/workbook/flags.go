package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

var (
	// errHelp: --help was asked for and printed; exit 0.
	errHelp = errors.New("help requested")
	// errFailed: the command ran and something it checked failed; exit 1.
	// The command has already said what.
	errFailed = errors.New("checks failed")
)

// usageError is a mistake in the command line; exit 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// newFlags returns a flag set whose --help prints the usage line, the
// description and the flags to w.
func newFlags(name, args, description string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: workbook %s %s\n\n%s\n", name, args, strings.TrimSpace(description))
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		if b.Len() > 0 {
			fmt.Fprintf(w, "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parseFlags parses args with flags allowed anywhere among the positional
// arguments (the standard flag package stops at the first positional one).
// "--" ends the flags. It returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp // the flag package has printed fs.Usage
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
