package main

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseFlagsAnywhere(t *testing.T) {
	tests := []struct {
		args    []string
		pos     []string
		v       bool
		snippet string
	}{
		{[]string{"ch3"}, []string{"ch3"}, false, ""},
		{[]string{"-v", "ch3"}, []string{"ch3"}, true, ""},
		{[]string{"ch3", "-v", "--snippet", "x"}, []string{"ch3"}, true, "x"},
		{[]string{"a", "-v", "b"}, []string{"a", "b"}, true, ""},
		{[]string{"-v", "--", "-x", "b"}, []string{"-x", "b"}, true, ""},
	}
	for _, tt := range tests {
		fs := newFlags("t", "", "", io.Discard)
		v := fs.Bool("v", false, "")
		s := fs.String("snippet", "", "")
		pos, err := parseFlags(fs, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if !slices.Equal(pos, tt.pos) || *v != tt.v || *s != tt.snippet {
			t.Errorf("%q: got %q v=%v snippet=%q", tt.args, pos, *v, *s)
		}
	}
	fs := newFlags("t", "", "", io.Discard)
	if _, err := parseFlags(fs, []string{"--nope"}); err == nil {
		t.Error("unknown flag accepted")
	}
}

func TestInterruptedRunSaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := Main(ctx, []string{"run", "--book", "../../testdata/book", "--cache", t.TempDir(), "--snippet", "forever", "1"}, e)
	if code != 130 || !strings.Contains(errb.String(), "workbook run: interrupted") {
		t.Errorf("exit %d, stderr %q; want 130 and \"interrupted\"", code, errb.String())
	}
}
