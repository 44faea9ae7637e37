package yaegiengine

import (
	"errors"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"workbook/runner/job"
)

type named int

type stringer struct{}

func (stringer) String() string { return "a stringer" }

func TestPanicText(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{"boom", "boom"},
		{errors.New("an error"), "an error"},
		{stringer{}, "a stringer"},
		{42, "42"},
		{named(3), "yaegiengine.named(3)"},
		{reflect.ValueOf("wrapped"), "wrapped"},
		{reflect.ValueOf(errors.New("wrapped error")), "wrapped error"},
		{nil, "nil"},
		{struct{ A int }{1}, "(struct { A int }) {1}"},
	}
	for _, tt := range tests {
		if got := panicText(tt.v); got != tt.want {
			t.Errorf("panicText(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestParseFiles(t *testing.T) {
	fset := token.NewFileSet()
	files, errs := parseFiles(fset, []job.File{
		{Name: "util.go", Body: "package main\n"},
		{Name: "main.go", Body: "package main\n\nfunc main() {}\n"},
	}, false)
	if len(errs) != 0 || len(files) != 2 || fset.Position(files[0].Pos()).Filename != "@wb/main.go" {
		t.Errorf("files in the wrong order, or %v", errs)
	}
	tests := []struct {
		files []job.File
		noRun bool
		want  string
	}{
		{[]job.File{{Name: "main.go", Body: "package main\n\nfunc main() {\n\tx :=\n}\n"}}, false, "@wb/main.go:5:1: expected operand, found '}'"},
		{[]job.File{{Name: "main.go", Body: "package main\n"}, {Name: "b.go", Body: "package other\n"}}, false, "@wb/main.go:1:9: found packages other and main"},
		{[]job.File{{Name: "main.go", Body: "package lib\n"}}, false, "@wb/main.go:1:9: package lib is not a main package"},
		{[]job.File{{Name: "main.go", Body: "package lib\n"}}, true, ""},
	}
	for _, tt := range tests {
		_, errs := parseFiles(token.NewFileSet(), tt.files, tt.noRun)
		got := strings.Join(errs, "\n")
		if !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
