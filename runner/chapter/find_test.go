package chapter

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestResolve(t *testing.T) {
	book := fstest.MapFS{
		"chapters/01-machine.md": {Data: []byte("# One\n")},
		"chapters/03-threads.md": {Data: []byte("# Three\n")},
		"chapters/10-extra.md":   {Data: []byte("# Ten\n")},
		"chapters/notes.txt":     {Data: []byte("x")},
		"testdata/sample.md":     {Data: []byte("# S\n")},
	}
	tests := []struct{ in, want, err string }{
		{"chapter3", "chapters/03-threads.md", ""},
		{"Chapter3", "chapters/03-threads.md", ""},
		{"ch3", "chapters/03-threads.md", ""},
		{"3", "chapters/03-threads.md", ""},
		{"03", "chapters/03-threads.md", ""},
		{"threads", "chapters/03-threads.md", ""},
		{"03-threads.md", "chapters/03-threads.md", ""},
		{"chapters/03-threads.md", "chapters/03-threads.md", ""},
		{"./chapters/03-threads.md", "chapters/03-threads.md", ""},
		{"../outside.md", "", "no chapter file ../outside.md in the book"},
		{"testdata/sample.md", "testdata/sample.md", ""},
		{"10", "chapters/10-extra.md", ""},
		{"4", "", "no chapter \"4\"; the chapters are 1 (machine), 3 (threads), 10 (extra)"},
		{"nope.md", "", "no chapter file nope.md in the book"},
	}
	for _, tt := range tests {
		got, err := Resolve(book, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Resolve(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
