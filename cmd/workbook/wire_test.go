package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestUseColor(t *testing.T) {
	mk := func(w io.Writer, vars map[string]string) *env {
		return &env{stdout: w, getenv: func(k string) string { return vars[k] }}
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tty, ttyErr := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if ttyErr == nil {
		defer tty.Close()
	}
	tests := []struct {
		name string
		e    *env
		tty  bool
		want bool
	}{
		{"buffer", mk(&bytes.Buffer{}, nil), false, false},
		{"regular file", mk(f, nil), false, false},
		{"NO_COLOR on a terminal", mk(tty, map[string]string{"NO_COLOR": "1"}), true, false},
		{"TERM=dumb on a terminal", mk(tty, map[string]string{"TERM": "dumb"}), true, false},
		{"terminal", mk(tty, nil), true, true},
	}
	for _, tt := range tests {
		if tt.tty && ttyErr != nil {
			continue // no terminal here (CI): only the other cases can be checked
		}
		if got := useColor(tt.e); got != tt.want {
			t.Errorf("%s: useColor = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBookPaths(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book")
	os.MkdirAll(filepath.Join(book, "chapters"), 0o755)
	os.WriteFile(filepath.Join(book, "chapters", "01-x.md"), []byte("# X\n"), 0o644)
	outside := filepath.Join(dir, "notes.md")
	os.WriteFile(outside, []byte("# N\n"), 0o644)
	tests := []struct {
		args     []string
		book     string
		names    []string
		mistaken bool
	}{
		{[]string{"3", "threads"}, book, []string{"3", "threads"}, false},
		{[]string{"01-x.md"}, book, []string{"01-x.md"}, false}, // not a path from here: the book resolves it
		{[]string{filepath.Join(book, "chapters", "01-x.md"), "1"}, book, []string{"chapters/01-x.md", "1"}, false},
		{[]string{outside}, dir, []string{"notes.md"}, false},
		{[]string{outside, "1"}, "", nil, true},
	}
	for _, tt := range tests {
		b, names, err := bookPaths(book, tt.args)
		if tt.mistaken {
			if err == nil {
				t.Errorf("%q: no error", tt.args)
			}
			continue
		}
		if err != nil || b != tt.book || !slices.Equal(names, tt.names) {
			t.Errorf("%q: %q %q %v; want %q %q", tt.args, b, names, err, tt.book, tt.names)
		}
	}
}
