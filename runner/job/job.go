// Package job is the vocabulary shared by the runner and its engines: what a
// program to run is (a Spec), what came of running it (a Result), and how the
// positions that engines report are mapped back to the chapter.
//
// # Positions
//
// Engines never see where a snippet stands in its chapter. Each file is
// compiled as if named "@wb/NAME" (NAME is File.Name), so compile errors,
// panics, race reports and goroutine dumps carry positions such as
// "@wb/main.go:12". Keeping the chapter position out of the program is what
// lets a prose-only edit that shifts a snippet down the page reuse its cached
// result; MapPositions rewrites those positions to "chapters/03-x.md:57" when
// the result is shown.
package job

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strconv"
	"time"
)

// PosPrefix is the file-name prefix under which engines compile snippet files.
const PosPrefix = "@wb/"

// File is one source file of a program.
type File struct {
	// Name is a slash-separated path relative to the program's root,
	// such as "main.go" or "child/main.go".
	Name string `json:"name"`
	// Body is the file's text as the program sees it (lines marked
	// "// OMIT" included).
	Body string `json:"body"`
	// Line is the chapter line on which Body's first line stands; 0 for a
	// file with no place in the chapter. It is not part of the cache key.
	Line int `json:"-"`
}

// Spec is everything that decides what a run does. Two equal Specs run the
// same program in the same way, which is what makes Key a sound cache key.
type Spec struct {
	Files      []File        `json:"files"`
	Race       bool          `json:"race,omitempty"`       // build with -race
	NoRun      bool          `json:"no_run,omitempty"`     // compile only
	Args       []string      `json:"args,omitempty"`       // os.Args[1:]
	Env        []string      `json:"env,omitempty"`        // KEY=VALUE added to the environment
	GOMAXPROCS int           `json:"gomaxprocs,omitempty"` // 0: the runtime's default
	Timeout    time.Duration `json:"timeout"`              // wall deadline of one run
}

// Key hashes the spec together with the engine's identity (name, version,
// toolchain, GOOS/GOARCH: whatever the engine says decides its behaviour).
func (s Spec) Key(engineID string) string {
	h := sha256.New()
	h.Write([]byte(engineID))
	h.Write([]byte{0})
	b, _ := json.Marshal(s) // a Spec always marshals
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Outcome classifies how a run ended.
type Outcome string

const (
	OK           Outcome = "ok"            // exit status 0
	Exit         Outcome = "exit"          // non-zero exit status, not a panic
	Panic        Outcome = "panic"         // an unrecovered panic or fatal runtime error
	Deadlock     Outcome = "deadlock"      // the runtime's "all goroutines are asleep", or a hang whose dump shows every goroutine blocked
	Race         Outcome = "race"          // the race detector reported a data race
	Timeout      Outcome = "timeout"       // killed at the deadline while still making progress
	CompileError Outcome = "compile-error" // the program did not build
	Compiled     Outcome = "compiled"      // built, not run (Spec.NoRun)
)

// Result is what came of one run.
type Result struct {
	Engine    string  `json:"engine"`
	Outcome   Outcome `json:"outcome"`
	ExitCode  int     `json:"exit_code"`
	Stdout    string  `json:"stdout"`
	Stderr    string  `json:"stderr"` // for compile-error: the compiler's messages
	Truncated bool    `json:"truncated,omitempty"`
	// Dump is the goroutine dump taken at the deadline (timeout, deadlock).
	Dump string `json:"dump,omitempty"`
	// Detail is one line saying what happened: the panic message, the
	// first compile error, "all goroutines are asleep".
	Detail string `json:"detail,omitempty"`

	Wall        time.Duration `json:"wall"`  // the run, without the build
	Build       time.Duration `json:"build"` // 0 when the binary came from the cache
	BuildCached bool          `json:"build_cached,omitempty"`
	UserCPU     time.Duration `json:"user_cpu,omitempty"`
	SysCPU      time.Duration `json:"sys_cpu,omitempty"`
	MaxRSS      int64         `json:"max_rss,omitempty"` // bytes
}

var posRE = regexp.MustCompile(regexp.QuoteMeta(PosPrefix) + `([A-Za-z0-9_./-]+\.go):(\d+)`)

// MapPositions rewrites every "@wb/NAME:LINE" in text to "SOURCE:L", L being
// the chapter line of that program line. Positions in files that have no
// chapter line become "SOURCE[NAME]:LINE".
func MapPositions(text, source string, files []File) string {
	if text == "" {
		return text
	}
	start := make(map[string]int, len(files))
	for _, f := range files {
		start[f.Name] = f.Line
	}
	return posRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := posRE.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[2])
		if l, ok := start[sub[1]]; ok && l > 0 {
			return source + ":" + strconv.Itoa(l+n-1)
		}
		return source + "[" + sub[1] + "]:" + sub[2]
	})
}
