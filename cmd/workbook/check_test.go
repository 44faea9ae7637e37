package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"workbook/site"
)

// TestWatchLoop: a check at the start, another for each batch that holds
// a .go file, none for other files; the loop ends with its context.
func TestWatchLoop(t *testing.T) {
	batches := make(chan []string)
	checked := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- watchLoop(ctx, batches, &out, func(context.Context) error {
			checked <- struct{}{}
			return errFailed // a failing check does not end the loop
		})
	}()
	<-checked
	batches <- []string{"/w/README.md"}
	batches <- []string{"/w/a.go", "/w/notes.txt", "/w/b.go"}
	<-checked
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "--- a.go, b.go changed: checking again") {
		t.Errorf("output:\n%s", out.String())
	}
	select {
	case <-checked:
		t.Error("checked for a batch without .go files")
	default:
	}
}

// TestWatchLoopSave: with the real watcher, saving a .go file checks
// again.
func TestWatchLoopSave(t *testing.T) {
	dir := t.TempDir()
	w, err := site.NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	checked := make(chan struct{}, 10)
	done := make(chan error, 1)
	go func() {
		done <- watchLoop(ctx, w.Batches(), &bytes.Buffer{}, func(context.Context) error {
			checked <- struct{}{}
			return nil
		})
	}()
	<-checked
	if err := os.WriteFile(filepath.Join(dir, "counter.go"), []byte("package counter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	<-checked // the test's own timeout bounds the wait
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
