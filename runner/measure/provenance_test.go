package measure

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"testing"
	"testing/fstest"
	"time"
)

const cpuinfo = `processor	: 0
vendor_id	: GenuineIntel
model name	: Intel(R) Xeon(R)   CPU @ 2.20GHz
flags		: fpu vme

processor	: 1
model name	: Intel(R) Xeon(R)   CPU @ 2.20GHz
`

// testCollector is a two-core Linux machine with fixed sources.
func testCollector(proc fstest.MapFS) Collector {
	return Collector{
		Proc:       proc,
		Hostname:   func() (string, error) { return "laptop", nil },
		NumCPU:     2,
		GOMAXPROCS: 2,
		GOOS:       "linux",
		GOARCH:     "amd64",
		GoVersion:  "go1.26.8",
	}
}

var date = time.Date(2026, 3, 1, 14, 30, 0, 0, time.UTC)

func TestCollect(t *testing.T) {
	proc := fstest.MapFS{
		"cpuinfo": {Data: []byte(cpuinfo)},
		"loadavg": {Data: []byte("0.52 0.40 0.31 1/234 5678\n")},
	}
	got := testCollector(proc).Collect(date)
	want := Provenance{
		CPU:        "Intel(R) Xeon(R) CPU @ 2.20GHz",
		Cores:      2,
		GOMAXPROCS: 2,
		GoVersion:  "go1.26.8",
		OS:         "linux",
		Arch:       "amd64",
		Host:       HostFingerprint("Intel(R) Xeon(R) CPU @ 2.20GHz", 2, "linux", "amd64", "laptop"),
		Date:       date,
		LoadAvg:    [3]float64{0.52, 0.40, 0.31},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Collect =\n%+v\nwant\n%+v", got, want)
	}
	if s, w := got.String(), "measured on Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, Go 1.26.8, 2026-03-01 (load 0.52 0.40 0.31)"; s != w {
		t.Errorf("String() =\n%s\nwant\n%s", s, w)
	}
}

func TestCollectFallbacks(t *testing.T) {
	tests := []struct {
		name string
		proc fstest.MapFS
		cpu  string
		load [3]float64
	}{
		{"no /proc", nil, "amd64 cpu", [3]float64{}},
		{"empty /proc", fstest.MapFS{}, "amd64 cpu", [3]float64{}},
		{
			"arm64 cpuinfo without model name, short loadavg",
			fstest.MapFS{
				"cpuinfo": {Data: []byte("processor\t: 0\nCPU part\t: 0xd0c\n")},
				"loadavg": {Data: []byte("0.1 0.2\n")},
			},
			"amd64 cpu", [3]float64{},
		},
		{
			"empty model name, garbled loadavg",
			fstest.MapFS{
				"cpuinfo": {Data: []byte("model name\t:   \nmodel name\t: Second\n")},
				"loadavg": {Data: []byte("0.1 x 0.3 1/2 3\n")},
			},
			"Second", [3]float64{},
		},
	}
	for _, tt := range tests {
		c := testCollector(tt.proc)
		if tt.proc == nil {
			c.Proc = nil
		}
		p := c.Collect(date)
		if p.CPU != tt.cpu || p.LoadAvg != tt.load {
			t.Errorf("%s: CPU %q load %v, want %q %v", tt.name, p.CPU, p.LoadAvg, tt.cpu, tt.load)
		}
	}
}

func TestHostFingerprint(t *testing.T) {
	base := HostFingerprint("Xeon", 2, "linux", "amd64", "laptop")
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(base) {
		t.Fatalf("fingerprint %q is not 12 hex digits", base)
	}
	if again := HostFingerprint("Xeon", 2, "linux", "amd64", "laptop"); again != base {
		t.Errorf("fingerprint not stable: %s then %s", base, again)
	}
	// Each input counts, and the separators keep fields apart.
	for name, other := range map[string]string{
		"cpu":      HostFingerprint("Ryzen", 2, "linux", "amd64", "laptop"),
		"cores":    HostFingerprint("Xeon", 4, "linux", "amd64", "laptop"),
		"os":       HostFingerprint("Xeon", 2, "darwin", "amd64", "laptop"),
		"arch":     HostFingerprint("Xeon", 2, "linux", "arm64", "laptop"),
		"hostname": HostFingerprint("Xeon", 2, "linux", "amd64", "desktop"),
	} {
		if other == base {
			t.Errorf("changing the %s leaves the fingerprint unchanged", name)
		}
	}
	if HostFingerprint("Xeon2", 2, "linux", "amd64", "h") == HostFingerprint("Xeon", 22, "linux", "amd64", "h") {
		t.Error(`"Xeon2", 2 and "Xeon", 22 share a fingerprint: fields are not separated`)
	}
}

func TestFingerprintIgnoresGoVersionLoadAndDate(t *testing.T) {
	proc := fstest.MapFS{"cpuinfo": {Data: []byte(cpuinfo)}, "loadavg": {Data: []byte("0.5 0.5 0.5 1/1 1\n")}}
	a := testCollector(proc).Collect(date)
	c := testCollector(fstest.MapFS{"cpuinfo": {Data: []byte(cpuinfo)}, "loadavg": {Data: []byte("3 2 1 1/1 1\n")}})
	c.GoVersion = "go1.27"
	b := c.Collect(date.Add(24 * time.Hour))
	if a.Host != b.Host {
		t.Errorf("host changed with Go version, load or date: %s vs %s", a.Host, b.Host)
	}
}

func TestCollectWithoutHostname(t *testing.T) {
	c := testCollector(nil)
	c.Hostname = func() (string, error) { return "", errors.New("no name") }
	if got, want := c.Collect(date).Host, HostFingerprint("amd64 cpu", 2, "linux", "amd64", ""); got != want {
		t.Errorf("Host = %s, want %s", got, want)
	}
	c.Hostname = nil
	if got := c.Collect(date).Host; got == "" {
		t.Error("no fingerprint without a hostname function")
	}
}

func TestProvenanceString(t *testing.T) {
	p := Provenance{CPU: "arm64 cpu", Cores: 1, Date: date, LoadAvg: [3]float64{1, 0.5, 0.25}}
	if got, want := p.String(), "measured on arm64 cpu, 1 core, 2026-03-01 (load 1.00 0.50 0.25)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	p.GoVersion = "devel go1.27-abc"
	if got, want := p.String(), "measured on arm64 cpu, 1 core, Go devel go1.27-abc, 2026-03-01 (load 1.00 0.50 0.25)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestProvenanceJSON(t *testing.T) {
	p := testCollector(fstest.MapFS{"cpuinfo": {Data: []byte(cpuinfo)}}).Collect(date)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"cpu":`, `"cores":2`, `"gomaxprocs":2`, `"go_version":"go1.26.8"`, `"os":"linux"`, `"arch":"amd64"`, `"host":`, `"date":"2026-03-01T14:30:00Z"`, `"load_avg":[0,0,0]`} {
		if !regexp.MustCompile(regexp.QuoteMeta(key)).Match(b) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
	var back Provenance
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, p)
	}
}

func TestNewCollectorReadsThisMachine(t *testing.T) {
	c := NewCollector("")
	if c.GoVersion == "" || c.NumCPU < 1 || c.GOMAXPROCS < 1 || c.Proc == nil || c.Hostname == nil {
		t.Errorf("NewCollector(\"\") = %+v: a source is missing", c)
	}
	if got := NewCollector("go1.99").GoVersion; got != "go1.99" {
		t.Errorf("GoVersion = %q, want the one given", got)
	}
	p := Collect(date, "go1.99")
	if p.Cores < 1 || p.CPU == "" || len(p.Host) != fingerprintLen || !p.Date.Equal(date) {
		t.Errorf("Collect = %+v", p)
	}
}
