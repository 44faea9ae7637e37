package chapter

import (
	"reflect"
	"testing"
)

func TestParseAttrs(t *testing.T) {
	tests := []struct {
		in   string
		want []Attr
		err  string
	}{
		{"", nil, ""},
		{"  ", nil, ""},
		{"{}", nil, ""},
		{"{#hello}", []Attr{{Key: "id", Value: "hello", Col: 2}}, ""},
		{"{#hello engine=auto timeout=10s race}", []Attr{
			{Key: "id", Value: "hello", Col: 2},
			{Key: "engine", Value: "auto", Col: 9},
			{Key: "timeout", Value: "10s", Col: 21},
			{Key: "race", Flag: true, Col: 33},
		}, ""},
		{`{args="-n 3" env="A=1 B=\"x y\""}`, []Attr{
			{Key: "args", Value: "-n 3", Col: 2},
			{Key: "env", Value: `A=1 B="x y"`, Col: 14},
		}, ""},
		{`{ mode=per-key }`, []Attr{{Key: "mode", Value: "per-key", Col: 3}}, ""},
		{`{exit=3}`, []Attr{{Key: "exit", Value: "3", Col: 2}}, ""},
		{"{a=1", nil, "column 5: missing closing brace"},
		{"race", nil, `column 1: want attributes in braces, found "race"`},
		{"{#}", nil, "column 3: want an id after #"},
		{"{a=}", nil, "column 4: want a value after a="},
		{`{a="x}`, nil, "column 7: unterminated quoted value"},
		{"{a} b", nil, `column 5: unexpected "b" after the closing brace`},
		{"{=x}", nil, `column 2: unexpected "=x}"`},
	}
	for _, tt := range tests {
		got, err := parseAttrs(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseAttrs(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseAttrs(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestSplitFields(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"-n 3", []string{"-n", "3"}},
		{"  a   b ", []string{"a", "b"}},
		{"'two words' x", []string{"two words", "x"}},
		{"''", []string{""}},
	}
	for _, tt := range tests {
		got, err := splitFields(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitFields(%q) = %q, %v", tt.in, got, err)
		}
	}
	if _, err := splitFields("'open"); err == nil {
		t.Error("unterminated quote accepted")
	}
}
