package grade

import (
	"regexp"
	"strings"
)

// fileLineRE matches the second line of a stack frame, "\tpkg/file.go:12 +0x1f".
var fileLineRE = regexp.MustCompile(`^\s+\S+\.go:\d+`)

// trimFrames drops the stack frames (a function line followed by its
// file:line line) whose file line keep rejects, and keeps every other line:
// headers such as "goroutine 7 [chan receive]:" or "Write at … by
// goroutine 8:" stay, so the shape of the report survives the trimming.
func trimFrames(lines []string, keep func(string) bool) (out []string, kept int) {
	for i := 0; i < len(lines); i++ {
		if i+1 < len(lines) && strings.TrimSpace(lines[i]) != "" && fileLineRE.MatchString(lines[i+1]) {
			if keep(lines[i+1]) {
				out = append(out, lines[i], lines[i+1])
				kept++
			}
			i++
			continue
		}
		out = append(out, lines[i])
	}
	return out, kept
}

// trimRace returns the first data race report, its stacks trimmed to the
// student's frames.
func trimRace(out string, keep func(string) bool) string {
	const sep = "=================="
	i := strings.Index(out, sep+"\nWARNING: DATA RACE")
	if i < 0 {
		return ""
	}
	body := out[i+len(sep)+1:]
	if j := strings.Index(body, sep); j >= 0 {
		body = body[:j]
	}
	lines, _ := trimFrames(strings.Split(body, "\n"), keep)
	return compactBlank(strings.Join(lines, "\n"))
}

// trimGoroutines returns the text before a goroutine dump (the panic or
// timeout message, a few lines) and the dump's goroutines that have at
// least one student frame, trimmed to those frames.
func trimGoroutines(out string, keep func(string) bool) string {
	blocks := strings.Split(out, "\n\n")
	var b strings.Builder
	shown := 0
	for i, blk := range blocks {
		isG := strings.HasPrefix(strings.TrimLeft(blk, "\n"), "goroutine ")
		if !isG {
			if i == 0 || shown == 0 {
				b.WriteString(headLines(blk, 6))
				b.WriteString("\n\n")
			}
			continue
		}
		lines, kept := trimFrames(strings.Split(blk, "\n"), keep)
		if kept == 0 || shown >= 8 {
			continue
		}
		shown++
		b.WriteString(strings.Join(lines, "\n"))
		b.WriteString("\n\n")
	}
	return compactBlank(b.String())
}

func headLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

func compactBlank(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(s)
}
