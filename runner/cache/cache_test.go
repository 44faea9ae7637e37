package cache

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"workbook/runner/job"
)

func TestPutGet(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := job.Spec{Files: []job.File{{Name: "main.go", Body: "package main"}}}.Key("go x")
	if _, ok := s.Get(key); ok {
		t.Fatal("hit in an empty cache")
	}
	want := Entry{Key: key, Runs: []job.Result{{Engine: "go", Outcome: job.OK, Stdout: "hi\n"}}}
	if err := s.Put(want); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get(key)
	if !ok || got.Runs[0].Stdout != "hi\n" || s.Len() != 1 {
		t.Fatalf("Get = %+v, %v; Len %d", got, ok, s.Len())
	}
}

func TestCorruptEntryIsAMiss(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	key := "abcdef0123"
	os.MkdirAll(filepath.Join(dir, "ab"), 0o755)
	os.WriteFile(filepath.Join(dir, "ab", key+".json"), []byte(`{"key":"abcdef01`), 0o644)
	if _, ok := s.Get(key); ok {
		t.Error("truncated entry served")
	}
	os.WriteFile(filepath.Join(dir, "ab", key+".json"), []byte(`{"key":"other","runs":[{}]}`), 0o644)
	if _, ok := s.Get(key); ok {
		t.Error("entry of another key served")
	}
}

func TestConcurrentPutsOfOneKey(t *testing.T) {
	s, _ := Open(t.TempDir())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Put(Entry{Key: "abc123", Runs: []job.Result{{ExitCode: i}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, ok := s.Get("abc123"); !ok || s.Len() != 1 {
		t.Error("concurrent puts left no readable entry or stray files")
	}
}
