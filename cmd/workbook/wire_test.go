package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
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

func TestBookAndChapter(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "notes.md")
	if book, name := bookAndChapter(".", outside); book != dir || name != "notes.md" {
		t.Errorf("outside the book: %q %q", book, name)
	}
	if book, name := bookAndChapter(".", "chapters/01-x.md"); book != "." || name != "chapters/01-x.md" {
		t.Errorf("inside the book: %q %q", book, name)
	}
	if book, name := bookAndChapter(".", "3"); book != "." || name != "3" {
		t.Errorf("a number: %q %q", book, name)
	}
}
