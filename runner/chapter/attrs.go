package chapter

import (
	"fmt"
	"strings"
	"unicode"
)

// Attr is one attribute of a fence's info string: `#id`, a bare flag such
// as `race`, or `key=value`.
type Attr struct {
	Key   string // "id" for #id
	Value string // "" for a bare flag
	Flag  bool   // written without a value
	Col   int    // 1-based column in the info string, for error messages
}

// parseAttrs parses the brace part of a fence's info string:
//
//	{#hello engine=auto timeout=10s race args="-n 3" env="A=1 B=2"}
//
// goldmark's own attribute parser rejects bare flags and unquoted values
// such as 10s, so the syntax has a parser of its own. Values are bare
// (any run of characters other than space, '"' and '}') or double-quoted
// with \" and \\ as the only escapes. s is everything after the language
// word; it is empty or a single brace group.
func parseAttrs(s string) ([]Attr, error) {
	p := attrParser{s: s}
	p.space()
	if p.eof() {
		return nil, nil
	}
	if p.s[p.i] != '{' {
		return nil, p.errorf("want attributes in braces, found %q", rest(p.s[p.i:]))
	}
	p.i++
	var attrs []Attr
	for {
		p.space()
		if p.eof() {
			return nil, p.errorf("missing closing brace")
		}
		if p.s[p.i] == '}' {
			p.i++
			break
		}
		a, err := p.attr()
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, a)
	}
	p.space()
	if !p.eof() {
		return nil, p.errorf("unexpected %q after the closing brace", rest(p.s[p.i:]))
	}
	return attrs, nil
}

type attrParser struct {
	s string
	i int
}

func (p *attrParser) eof() bool { return p.i >= len(p.s) }

func (p *attrParser) space() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *attrParser) errorf(format string, args ...any) error {
	return fmt.Errorf("column %d: %s", p.i+1, fmt.Sprintf(format, args...))
}

func (p *attrParser) attr() (Attr, error) {
	col := p.i + 1
	if p.s[p.i] == '#' {
		p.i++
		name := p.name()
		if name == "" {
			return Attr{}, p.errorf("want an id after #")
		}
		return Attr{Key: "id", Value: name, Col: col}, nil
	}
	key := p.name()
	if key == "" {
		return Attr{}, p.errorf("unexpected %q", rest(p.s[p.i:]))
	}
	if p.eof() || p.s[p.i] != '=' {
		return Attr{Key: key, Flag: true, Col: col}, nil
	}
	p.i++
	if p.eof() || p.s[p.i] == ' ' || p.s[p.i] == '}' {
		return Attr{}, p.errorf("want a value after %s=", key)
	}
	if p.s[p.i] == '"' {
		v, err := p.quoted()
		return Attr{Key: key, Value: v, Col: col}, err
	}
	start := p.i
	for !p.eof() && !strings.ContainsRune(" \t}\"", rune(p.s[p.i])) {
		p.i++
	}
	return Attr{Key: key, Value: p.s[start:p.i], Col: col}, nil
}

// name reads an identifier-like word: letters, digits, '-', '_' and '.'.
func (p *attrParser) name() string {
	start := p.i
	for !p.eof() {
		r := rune(p.s[p.i])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			break
		}
		p.i++
	}
	return p.s[start:p.i]
}

func (p *attrParser) quoted() (string, error) {
	p.i++ // opening quote
	var b strings.Builder
	for !p.eof() {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\\' && p.i+1 < len(p.s) && (p.s[p.i+1] == '"' || p.s[p.i+1] == '\\'):
			b.WriteByte(p.s[p.i+1])
			p.i += 2
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errorf("unterminated quoted value")
}

func rest(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// splitFields splits a value such as args="-n 3 'two words'" into fields,
// honouring single quotes so that a field can hold spaces.
func splitFields(s string) ([]string, error) {
	var out []string
	var b strings.Builder
	inField, quoted := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted = !quoted
			inField = true
		case !quoted && (r == ' ' || r == '\t'):
			if inField {
				out = append(out, b.String())
				b.Reset()
				inField = false
			}
		default:
			b.WriteRune(r)
			inField = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated single quote in %q", s)
	}
	if inField {
		out = append(out, b.String())
	}
	return out, nil
}
