package job

import (
	"testing"
	"time"
)

func TestMapPositions(t *testing.T) {
	files := []File{{Name: "main.go", Line: 40}, {Name: "child/main.go", Line: 70}, {Name: "gen.go"}}
	tests := []struct{ in, want string }{
		{"", ""},
		{"@wb/main.go:1:6: undefined: x", "ch.md:40:6: undefined: x"},
		{"\t@wb/child/main.go:3 +0x1d", "\tch.md:72 +0x1d"},
		{"@wb/gen.go:5", "ch.md[gen.go]:5"},
		{"@wb/other.go:5", "ch.md[other.go]:5"},
		{"no positions here: main.go:3", "no positions here: main.go:3"},
	}
	for _, tt := range tests {
		if got := MapPositions(tt.in, "ch.md", files); got != tt.want {
			t.Errorf("MapPositions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeyIgnoresChapterLine(t *testing.T) {
	a := Spec{Files: []File{{Name: "main.go", Body: "package main", Line: 3}}, Timeout: time.Second}
	b := a
	b.Files = []File{{Name: "main.go", Body: "package main", Line: 300}}
	if a.Key("go") != b.Key("go") {
		t.Error("moving a snippet down the page changed its key")
	}
	c := a
	c.Race = true
	if a.Key("go") == c.Key("go") || a.Key("go") == a.Key("yaegi") {
		t.Error("key does not depend on flags or engine")
	}
}
