package grade

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeZip(t *testing.T, path string, entries map[string]string, symlink string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if symlink != "" {
		h := &zip.FileHeader{Name: symlink}
		h.SetMode(os.ModeSymlink | 0o777)
		w, _ := zw.CreateHeader(h)
		w.Write([]byte("/etc/passwd"))
	}
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadSubmissions(t *testing.T) {
	dir := t.TempDir()
	// A folder, with a symbolic link to a solution and a vendor folder.
	os.MkdirAll(filepath.Join(dir, "alice", "counter", "vendor"), 0o755)
	os.WriteFile(filepath.Join(dir, "alice", "counter", "counter.go"), []byte("package counter\n"), 0o644)
	secret := filepath.Join(t.TempDir(), "solution.go")
	os.WriteFile(secret, []byte("package counter // the solution\n"), 0o644)
	os.Symlink(secret, filepath.Join(dir, "alice", "counter", "linked.go"))
	os.Symlink(filepath.Dir(secret), filepath.Join(dir, "alice", "queue"))
	// A zip with zip-slip paths, a symlink, a huge file and a top folder.
	writeZip(t, filepath.Join(dir, "bob.zip"), map[string]string{
		"bob/counter/counter.go":      "package counter\n",
		"bob/../../evil.go":           "package evil\n",
		"bob/counter/deep/x.go":       "package x\n",
		"bob/counter/huge.go":         strings.Repeat("x", 300<<10),
		"bob/counter/counter_test.go": "package counter\n",
	}, "bob/counter/link.go")
	// A tar.gz with a symlink and an absolute path.
	var tb bytes.Buffer
	gz := gzip.NewWriter(&tb)
	tw := tar.NewWriter(gz)
	add := func(h *tar.Header, body string) {
		h.Size = int64(len(body))
		if h.Typeflag == tar.TypeSymlink {
			h.Size = 0
		}
		tw.WriteHeader(h)
		tw.Write([]byte(body))
	}
	add(&tar.Header{Name: "carol/counter/counter.go", Typeflag: tar.TypeReg, Mode: 0o644}, "package counter\n")
	add(&tar.Header{Name: "counter/link.go", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}, "")
	add(&tar.Header{Name: "/etc/cron.d/evil", Typeflag: tar.TypeReg, Mode: 0o644}, "x")
	tw.Close()
	gz.Close()
	os.WriteFile(filepath.Join(dir, "carol.tar.gz"), tb.Bytes(), 0o644)

	subs, err := LoadSubmissions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 3 {
		t.Fatalf("got %d submissions", len(subs))
	}
	for _, s := range subs {
		notes := strings.Join(s.Notes, "\n")
		files := s.Files["counter"]
		if string(files["counter.go"]) != "package counter\n" {
			t.Errorf("%s: counter.go = %q", s.Student, files["counter.go"])
		}
		for name, body := range files {
			if strings.Contains(string(body), "solution") || strings.Contains(string(body), "root:") {
				t.Errorf("%s: %s holds a file from outside the submission", s.Student, name)
			}
		}
		if len(s.Files) != 1 {
			t.Errorf("%s: exercises %v, want only counter", s.Student, len(s.Files))
		}
		switch s.Student {
		case "alice":
			for _, w := range []string{"linked.go: ignored (not a regular file)", "queue: ignored (not a folder)", "vendor: ignored"} {
				if !strings.Contains(notes, w) {
					t.Errorf("alice: notes %q lack %q", notes, w)
				}
			}
		case "bob":
			for _, w := range []string{"evil.go: ignored (want EXERCISE/FILE.go)", "counter/deep/x.go: ignored", "huge.go: ignored (over", "link.go: ignored (not a regular file)"} {
				if !strings.Contains(notes, w) {
					t.Errorf("bob: notes %q lack %q", notes, w)
				}
			}
			if files["counter_test.go"] == nil {
				t.Errorf("bob: counter_test.go should be read (the gate drops it, saying so)")
			}
		case "carol":
			for _, w := range []string{"counter/link.go: ignored (not a regular file)", "/etc/cron.d/evil: ignored"} {
				if !strings.Contains(notes, w) {
					t.Errorf("carol: notes %q lack %q", notes, w)
				}
			}
		}
	}
}

func TestTooManyFiles(t *testing.T) {
	dir := t.TempDir()
	entries := map[string]string{}
	for i := 0; i < maxFiles+20; i++ {
		entries["counter/f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26))+".go"] = "package counter\n"
	}
	writeZip(t, filepath.Join(dir, "dave.zip"), entries, "")
	subs, err := LoadSubmissions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(subs[0].Files["counter"]); n != maxFiles {
		t.Errorf("kept %d files, want %d", n, maxFiles)
	}
	if !strings.Contains(strings.Join(subs[0].Notes, "\n"), "more than 200 files") {
		t.Errorf("notes %q", subs[0].Notes)
	}
}

func TestBadStudentName(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "..evil.zip"), nil, 0o644)
	if _, err := LoadSubmissions(dir); err == nil || !strings.Contains(err.Error(), "student name") {
		t.Errorf("err = %v", err)
	}
}

func TestShards(t *testing.T) {
	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "1/2/3", "01/2", ""} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q): no error", bad)
		}
	}
	dir := t.TempDir()
	var all []string
	for i := 0; i < 11; i++ {
		name := fmt.Sprintf("s%02d", i)
		all = append(all, name)
		if err := os.MkdirAll(filepath.Join(dir, name, "counter"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		sh, err := ParseShard(fmt.Sprintf("%d/3", i))
		if err != nil {
			t.Fatal(err)
		}
		subs, err := loadSubmissions(dir, sh)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(subs); n < 3 || n > 4 {
			t.Errorf("shard %v has %d students of 11", sh, n)
		}
		for _, s := range subs {
			seen[s.Student]++
		}
	}
	for _, s := range all {
		if seen[s] != 1 {
			t.Errorf("%s is in %d shards", s, seen[s])
		}
	}
}
