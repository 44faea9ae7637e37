package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"workbook/runner/chapter"
)

var listCommand = command{
	name:    "list",
	summary: "list the chapters, their snippets and their exercises",
	run:     list,
}

type listedChapter struct {
	Path      string          `json:"path"`
	Number    int             `json:"number"`
	Slug      string          `json:"slug"`
	Title     string          `json:"title"`
	Snippets  []listedSnippet `json:"snippets"`
	Exercises []string        `json:"exercises"`
	Errors    []string        `json:"errors,omitempty"`
}

type listedSnippet struct {
	ID     string `json:"id"`
	Line   int    `json:"line"`
	Expect string `json:"expect"`
	Output string `json:"output,omitempty"` // the check mode, when there is an output block
	Runs   bool   `json:"runs"`
}

func list(ctx context.Context, e *env, args []string) error {
	fs := newFlags("list", "[--book DIR] [--json]", `
List prints the book's chapters in order, each with its snippets (id, line,
expected outcome, output check) and its exercises (exercises/NN-slug/NAME).
It exits 1 when a chapter has authoring errors, which it lists.`, e.stdout)
	book := fs.String("book", ".", "the book's root directory, holding chapters/")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"list takes no arguments"}
	}
	chs, err := listBook(os.DirFS(*book))
	if err != nil {
		return err
	}
	broken := false
	for _, c := range chs {
		broken = broken || len(c.Errors) > 0
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(chs); err != nil {
			return err
		}
		return failedIf(broken)
	}
	for _, c := range chs {
		fmt.Fprintf(e.stdout, "%02d %-14s %s  (%s)\n", c.Number, c.Slug, c.Title, c.Path)
		for _, msg := range c.Errors {
			fmt.Fprintf(e.stdout, "   error: %s\n", msg)
		}
		for _, s := range c.Snippets {
			var notes []string
			if s.Expect != "ok" {
				notes = append(notes, "expect="+s.Expect)
			}
			if s.Output != "" {
				notes = append(notes, "output "+s.Output)
			}
			if !s.Runs {
				notes = append(notes, "program piece")
			}
			fmt.Fprintf(e.stdout, "   snippet %-20s line %-4d %s\n", s.ID, s.Line, strings.Join(notes, ", "))
		}
		for _, x := range c.Exercises {
			fmt.Fprintf(e.stdout, "   exercise %s\n", x)
		}
	}
	return failedIf(broken)
}

// failedIf: a chapter with authoring errors makes list exit 1, so that a
// script can tell.
func failedIf(broken bool) error {
	if broken {
		return errFailed
	}
	return nil
}

func listBook(book fs.FS) ([]listedChapter, error) {
	paths, err := chapter.List(book)
	if err != nil {
		return nil, fmt.Errorf("list chapters: %w", err)
	}
	var out []listedChapter
	for _, p := range paths {
		n, slug := chapter.NameParts(p)
		c := listedChapter{Path: p, Number: n, Slug: slug, Snippets: []listedSnippet{}, Exercises: []string{}}
		ch, err := chapter.Load(book, p)
		var errs chapter.ErrorList
		switch {
		case errors.As(err, &errs):
			for _, e := range errs {
				c.Errors = append(c.Errors, e.Error())
			}
		case err != nil:
			return nil, err
		default:
			c.Title = ch.Title
			for _, s := range ch.Snippets {
				ls := listedSnippet{ID: s.ID, Line: s.Line, Expect: s.Attrs.Expect.String(), Runs: s.Runs}
				if s.Output != nil {
					ls.Output = string(s.Output.Expect.Mode)
				}
				c.Snippets = append(c.Snippets, ls)
			}
		}
		exDir := path.Join("exercises", strings.TrimSuffix(path.Base(p), ".md"))
		if entries, err := fs.ReadDir(book, exDir); err == nil {
			for _, en := range entries {
				if en.IsDir() {
					c.Exercises = append(c.Exercises, path.Join(exDir, en.Name()))
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}
