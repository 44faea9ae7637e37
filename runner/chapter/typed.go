package chapter

import (
	"strconv"
	"strings"
	"time"

	"workbook/runner/job"
)

// DefaultTimeout is a snippet's wall deadline when it sets none.
const DefaultTimeout = 10 * time.Second

// knownAttrs lists every snippet attribute and whether it takes a value.
var knownAttrs = map[string]bool{
	"id": true, "engine": true, "timeout": true, "repeat": true, "no-run": false,
	"race": false, "gomaxprocs": true, "args": true, "env": true, "expect": true,
	"exit": true, "program": true,
	"measure": false, "runs": true, "warmup": true, "sweep": true, "baseline": true, "assert": true, "trace": false,
}

var expectations = map[string]job.Outcome{
	"ok": job.OK, "panic": job.Panic, "deadlock": job.Deadlock, "race": job.Race,
	"timeout": job.Timeout, "compile-error": job.CompileError,
}

// typedAttrs checks a snippet's attributes and converts them, reporting
// every mistake at the fence's line.
func (p *parseState) typedAttrs(line int, attrs []Attr, id *string) Attrs {
	a := Attrs{Engine: "auto", Timeout: DefaultTimeout, Repeat: 1, Expect: Expect{Outcome: job.OK},
		Runs: DefaultRuns, Warmup: DefaultWarmup}
	seen := map[string]bool{}
	for _, at := range attrs {
		takesValue, known := knownAttrs[at.Key]
		switch {
		case !known:
			p.errorf(line, "unknown snippet attribute %q (known: %s)", at.Key, knownList())
			continue
		case seen[at.Key]:
			p.errorf(line, "attribute %q given twice", at.Key)
			continue
		case takesValue && at.Flag:
			p.errorf(line, "attribute %s needs a value (%s=...)", at.Key, at.Key)
			continue
		case !takesValue && !at.Flag:
			p.errorf(line, "attribute %s is a flag and takes no value", at.Key)
			continue
		}
		seen[at.Key] = true
		if err := setAttr(&a, id, at); err != "" {
			p.errorf(line, "%s", err)
		}
		if err := setMeasureAttr(&a, at, p.ncpu); err != "" {
			p.errorf(line, "%s", err)
		}
	}
	p.checkMeasure(line, &a, seen)
	if seen["exit"] && seen["expect"] {
		p.errorf(line, "give either exit=N or expect=..., not both")
	}
	if a.Expect.Outcome == job.Race {
		a.Race = true
	}
	if a.NoRun && a.Expect.Outcome != job.OK && a.Expect.Outcome != job.CompileError {
		p.errorf(line, "a no-run snippet cannot expect %s", a.Expect)
	}
	return a
}

// setAttr stores one attribute; it returns a message for a bad value.
func setAttr(a *Attrs, id *string, at Attr) string {
	v := at.Value
	switch at.Key {
	case "id":
		*id = v
	case "engine":
		if v != "auto" && v != "yaegi" && v != "go" {
			return "engine must be auto, yaegi or go, not " + strconv.Quote(v)
		}
		a.Engine = v
	case "timeout":
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return "timeout must be a positive duration such as 5s or 500ms, not " + strconv.Quote(v)
		}
		a.Timeout = d
	case "repeat", "gomaxprocs", "runs", "warmup":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10000 || (n == 0 && at.Key != "warmup") {
			return at.Key + " must be a whole number from 1 to 10000, not " + strconv.Quote(v)
		}
		switch at.Key {
		case "repeat":
			a.Repeat = n
		case "gomaxprocs":
			a.GOMAXPROCS = n
		case "runs":
			a.Runs = n
		case "warmup":
			a.Warmup = n
		}
	case "no-run":
		a.NoRun = true
	case "race":
		a.Race = true
	case "args", "env":
		f, err := splitFields(v)
		if err != nil {
			return at.Key + ": " + err.Error()
		}
		if at.Key == "args" {
			a.Args = f
			return ""
		}
		for _, kv := range f {
			if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
				return "env entries must be KEY=VALUE, not " + strconv.Quote(kv)
			}
		}
		a.Env = f
	case "expect", "exit":
		return setExpect(a, at.Key, v)
	case "program":
		a.Program = v
	}
	return ""
}

func setExpect(a *Attrs, key, v string) string {
	if key == "expect" {
		if o, ok := expectations[v]; ok {
			a.Expect = Expect{Outcome: o}
			return ""
		}
		var found bool
		if v, found = strings.CutPrefix(v, "exit="); !found {
			return "expect must be ok, panic, deadlock, race, timeout, compile-error or exit=N, not " + strconv.Quote(v)
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 255 {
		return "exit status must be a number from 1 to 255, not " + strconv.Quote(v)
	}
	a.Expect = Expect{Outcome: job.Exit, ExitCode: n}
	return ""
}

func knownList() string {
	return "#id, engine, timeout, repeat, no-run, race, gomaxprocs, args, env, expect, exit, program, " +
		"measure, runs, warmup, sweep, baseline, assert, trace"
}
