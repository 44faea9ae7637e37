package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the workbook command inside scripts
// (testscript runs it under the name "workbook").
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"workbook": func() {
			os.Exit(Main(context.Background(), os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}))
		},
	})
}

// TestScripts runs the command-line scripts in testdata/script. They use the
// real engines, so they need a Go toolchain.
func TestScripts(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	goEnv := map[string]string{}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY"} {
		goEnv[k] = strings.Split(string(out), "\n")[i]
	}
	book, _ := filepath.Abs("../../testdata/book")
	course, _ := filepath.Abs("../../grade/testdata/course")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			// Share the Go build cache, so scripts do not rebuild the standard
			// library, but give each script a results cache of its own.
			for k, v := range goEnv {
				e.Setenv(k, v)
			}
			e.Setenv("XDG_CACHE_HOME", filepath.Join(e.WorkDir, ".cache"))
			e.Setenv("SAMPLEBOOK", book)
			e.Setenv("COURSE", course)
			e.Setenv("NOGOPATH", pathWithoutGo(e.Getenv("PATH")))
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
	})
}

// pathWithoutGo drops from a PATH every directory that holds a go command,
// for the script that checks what happens on a machine without Go.
func pathWithoutGo(path string) string {
	var keep []string
	for _, dir := range filepath.SplitList(path) {
		if _, err := os.Stat(filepath.Join(dir, "go")); err != nil {
			keep = append(keep, dir)
		}
	}
	return strings.Join(keep, string(filepath.ListSeparator))
}
