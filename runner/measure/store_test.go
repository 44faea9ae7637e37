package measure

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	keyA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	keyB = "ffb2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
)

// plainRecord is an unswept measurement on host.
func plainRecord(key, host string) Record {
	runs := []Sample{run(100, 190, 10, 1<<20, Metric{42, "ns/op"}), run(110, 200, 10, 1<<20, Metric{44, "ns/op"})}
	st := Summarize(runs)
	return Record{
		SnippetKey: key,
		Provenance: Provenance{CPU: "Xeon", Cores: 2, GOMAXPROCS: 2, GoVersion: "go1.26.8", OS: "linux", Arch: "amd64", Host: host, Date: date, LoadAvg: [3]float64{0.5, 0.4, 0.3}},
		Runs:       runs,
		Stats:      &st,
		Claims:     []ClaimResult{{Claim: "cpu_per_wall >= 1.5", Pass: true, Reason: "cpu_per_wall() is 1.9, want >= 1.5", Value: 1.9}},
	}
}

// sweptRecord is a GOMAXPROCS sweep with its fit and a skipped claim.
func sweptRecord(key, host string) Record {
	s := Sweep{Var: "GOMAXPROCS", Values: []int{1, 2, 4}}
	pts := Table(s, []Stats{wall(1000), wall(600), wall(450)})
	fit, _ := FitAmdahl(pts)
	rec := plainRecord(key, host)
	rec.Runs, rec.Stats = nil, nil
	rec.Sweep, rec.Points, rec.Fit = &s, pts, &fit
	rec.Claims = []ClaimResult{{Claim: "speedup(GOMAXPROCS=4) >= 2", Skipped: true, Reason: "needs 4 cores, this machine has 2"}}
	return rec
}

func TestStoreRoundTrip(t *testing.T) {
	s, err := OpenStore(filepath.Join(t.TempDir(), "timings"))
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range []Record{plainRecord(keyA, "host1"), sweptRecord(keyB, "host1")} {
		if err := s.Put(rec); err != nil {
			t.Fatal(err)
		}
		got, ok := s.Get(rec.SnippetKey, "host1")
		if !ok {
			t.Fatalf("Get(%s) missed after Put", rec.SnippetKey[:4])
		}
		rec.Host, rec.Format = "host1", storeFormat // filled in by Put
		if !reflect.DeepEqual(got, rec) {
			t.Errorf("Get =\n%+v\nwant\n%+v", got, rec)
		}
	}
}

func TestStoreKeyedByHost(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	laptop, desktop := plainRecord(keyA, "laptop"), plainRecord(keyA, "desktop")
	desktop.Stats.Median = 50 * time.Millisecond
	for _, r := range []Record{laptop, desktop} {
		if err := s.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.Get(keyA, "laptop"); got.Stats.Median != laptop.Stats.Median {
		t.Errorf("laptop's record = %v, want %v", got.Stats.Median, laptop.Stats.Median)
	}
	if got, _ := s.Get(keyA, "desktop"); got.Stats.Median != 50*time.Millisecond {
		t.Errorf("desktop's record = %v, want 50ms", got.Stats.Median)
	}
	if _, ok := s.Get(keyA, "server"); ok {
		t.Error("Get on a host that measured nothing hit")
	}
	if _, ok := s.Get(keyB, "laptop"); ok {
		t.Error("Get of a snippet never measured hit")
	}
}

func TestStorePutReplaces(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	old := plainRecord(keyA, "h1")
	s.Put(old)
	fresh := plainRecord(keyA, "h1")
	fresh.Provenance.Date = date.Add(time.Hour)
	if err := s.Put(fresh); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(keyA, "h1")
	if !got.Provenance.Date.Equal(fresh.Provenance.Date) {
		t.Errorf("Get after a second Put has date %v, want the newer %v", got.Provenance.Date, fresh.Provenance.Date)
	}
	if recs, _ := s.All(); len(recs) != 1 {
		t.Errorf("All has %d records after replacing one, want 1", len(recs))
	}
}

func TestStorePutErrors(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	mismatch := plainRecord(keyA, "h1")
	mismatch.Host = "h2"
	empty := plainRecord(keyA, "h1")
	empty.Stats = nil
	nan := plainRecord(keyA, "h1")
	nan.Claims[0].Value = zero() / zero()
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"no key", plainRecord("", "h1"), `bad snippet key ""`},
		{"key escaping the store", plainRecord("../../etc", "h1"), `bad snippet key "../../etc"`},
		{"no host", plainRecord(keyA, ""), `bad host fingerprint ""`},
		{"host with a slash", plainRecord(keyA, "a/b"), `bad host fingerprint "a/b"`},
		{"host differs from provenance", mismatch, "record host h2 differs from its provenance's h1"},
		{"no measurement", empty, "record holds no measurement"},
		{"NaN", nan, "unsupported value: NaN"},
	}
	for _, tt := range tests {
		err := s.Put(tt.rec)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "timing store: ") {
			t.Errorf("%s: Put error %v, want %q", tt.name, err, tt.want)
		}
	}
	if recs, err := s.All(); err != nil || len(recs) != 0 {
		t.Errorf("after failed Puts All = %d records, %v; want none", len(recs), err)
	}
}

func zero() float64 { return 0 }

func TestStoreCorruptIsMiss(t *testing.T) {
	dir := t.TempDir()
	s, _ := OpenStore(dir)
	good := plainRecord(keyB, "h1")
	s.Put(good)
	path := func(key, host string) string { return filepath.Join(dir, host, key[:2], key+".json") }
	write := func(key, host, body string) {
		os.MkdirAll(filepath.Dir(path(key, host)), 0o755)
		if err := os.WriteFile(path(key, host), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range map[string]string{
		"truncated JSON":   `{"format":1,"snippet_key":"` + keyA,
		"not JSON":         "\x00\x01garbage",
		"other format":     `{"format":2,"snippet_key":"` + keyA + `","host":"h1","stats":{"n":1}}`,
		"other key":        `{"format":1,"snippet_key":"` + keyB + `","host":"h1","stats":{"n":1}}`,
		"other host":       `{"format":1,"snippet_key":"` + keyA + `","host":"h2","stats":{"n":1}}`,
		"no measurement":   `{"format":1,"snippet_key":"` + keyA + `","host":"h1"}`,
		"empty file":       ``,
		"key too short":    `{"format":1,"snippet_key":"a","host":"h1","stats":{"n":1}}`,
		"wrong field type": `{"format":1,"snippet_key":"` + keyA + `","host":"h1","stats":{"n":"one"}}`,
	} {
		write(keyA, "h1", body)
		if _, ok := s.Get(keyA, "h1"); ok {
			t.Errorf("%s: Get hit", name)
		}
		recs, err := s.All()
		if err != nil || len(recs) != 1 || recs[0].SnippetKey != keyB {
			t.Errorf("%s: All = %d records, %v; want only the good one", name, len(recs), err)
		}
	}
	// A valid record is found again once rewritten by Put.
	if err := s.Put(plainRecord(keyA, "h1")); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get(keyA, "h1"); !ok {
		t.Error("Get missed after Put over a corrupt entry")
	}
}

func TestStoreGetRejectsBadKeys(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	for _, k := range [][2]string{{"", "h1"}, {"a", "h1"}, {keyA, ""}, {"../x", "h1"}, {keyA, ".."}} {
		if _, ok := s.Get(k[0], k[1]); ok {
			t.Errorf("Get(%q, %q) hit", k[0], k[1])
		}
	}
}

func TestStoreAll(t *testing.T) {
	dir := t.TempDir()
	s, _ := OpenStore(dir)
	if recs, err := s.All(); err != nil || recs != nil {
		t.Errorf("All on an empty store = %v, %v", recs, err)
	}
	for _, r := range []Record{plainRecord(keyB, "h2"), sweptRecord(keyA, "h2"), plainRecord(keyB, "h1")} {
		if err := s.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	// Leftovers of an interrupted Put and stray files are not records.
	os.WriteFile(filepath.Join(dir, "h1", keyB[:2], ".tmp-123"), []byte(`{}`), 0o644)
	os.WriteFile(filepath.Join(dir, "README"), []byte("hello"), 0o644)
	recs, err := s.All()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.SnippetKey[:2]+"@"+r.Host)
	}
	if want := []string{"a1@h2", "ff@h1", "ff@h2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("All = %v, want %v (by key, then host)", got, want)
	}
	if recs[0].Fit == nil || len(recs[0].Points) != 3 {
		t.Errorf("swept record lost its table or fit: %+v", recs[0])
	}
}

func TestStoreLayout(t *testing.T) {
	dir := t.TempDir()
	s, _ := OpenStore(dir)
	if err := s.Put(plainRecord(keyA, "0123456789ab")); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "0123456789ab", "a1", keyA+".json")
	if _, err := os.Stat(want); err != nil {
		t.Errorf("record not at DIR/HOST/KE/KEY.json: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(want))
	if len(entries) != 1 {
		t.Errorf("Put left %d files beside the record, want none", len(entries)-1)
	}
}

func TestOpenStoreError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := OpenStore(filepath.Join(file, "sub")); err == nil || !strings.HasPrefix(err.Error(), "timing store: ") {
		t.Errorf("OpenStore under a file = %v, want a timing store error", err)
	}
}

func TestStoreConcurrentPuts(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			rec := plainRecord(keyA, "h1")
			rec.Provenance.Date = date.Add(time.Duration(i) * time.Minute)
			for range 20 {
				if err := s.Put(rec); err != nil {
					t.Error(err)
					return
				}
				if got, ok := s.Get(keyA, "h1"); ok && got.Stats == nil {
					t.Error("Get saw a record without its measurement")
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
	if recs, err := s.All(); err != nil || len(recs) != 1 {
		t.Errorf("after concurrent Puts of one key All = %d records, %v; want 1", len(recs), err)
	}
}
