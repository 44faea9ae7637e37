package measure

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Provenance says where and when a measurement was taken; it travels with
// every measurement (JSON events, the timing store, the site) so that no
// number is shown without the machine that produced it.
type Provenance struct {
	CPU        string     `json:"cpu"`        // /proc/cpuinfo "model name", or GOARCH + " cpu"
	Cores      int        `json:"cores"`      // logical cores (runtime.NumCPU)
	GOMAXPROCS int        `json:"gomaxprocs"` // the default a snippet runs with (a sweep overrides it per point)
	GoVersion  string     `json:"go_version"` // the toolchain that built the measured binaries
	OS         string     `json:"os"`         // GOOS
	Arch       string     `json:"arch"`       // GOARCH
	Host       string     `json:"host"`       // the host fingerprint (see HostFingerprint)
	Date       time.Time  `json:"date"`       // when the measurement started
	LoadAvg    [3]float64 `json:"load_avg"`   // 1, 5 and 15 minute load averages at the start
}

// Collector gathers provenance from the sources in its fields, so that
// tests can give it an fstest.MapFS for /proc and a fixed hostname.
type Collector struct {
	// Proc is /proc: "cpuinfo" and "loadavg" are read from it. Missing
	// files (other systems than Linux) give the fallbacks.
	Proc fs.FS
	// Hostname names the machine; it goes into the fingerprint only.
	Hostname func() (string, error)
	// NumCPU and GOMAXPROCS are the core count and the default
	// GOMAXPROCS a snippet runs with.
	NumCPU, GOMAXPROCS int
	GOOS, GOARCH       string
	// GoVersion is the toolchain that builds the measured snippets: the
	// compiled engine's `go env GOVERSION`, which need not be the
	// version that built workbook itself.
	GoVersion string
}

// NewCollector returns a Collector reading this machine. goVersion is the
// measuring toolchain's `go env GOVERSION`; empty means runtime.Version(),
// the toolchain that built workbook, which is right only when the same
// toolchain builds the snippets. GOMAXPROCS is this process's, which a
// snippet inherits with its environment (since Go 1.25 it already
// accounts for a container's CPU quota, see runtime.GOMAXPROCS).
func NewCollector(goVersion string) Collector {
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	return Collector{
		Proc:       os.DirFS("/proc"),
		Hostname:   os.Hostname,
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		GoVersion:  goVersion,
	}
}

// Collect returns this machine's provenance at now, for measurements made
// with the toolchain goVersion (see NewCollector).
func Collect(now time.Time, goVersion string) Provenance {
	return NewCollector(goVersion).Collect(now)
}

// Collect returns the provenance at now.
func (c Collector) Collect(now time.Time) Provenance {
	p := Provenance{
		CPU:        c.cpuModel(),
		Cores:      c.NumCPU,
		GOMAXPROCS: c.GOMAXPROCS,
		GoVersion:  c.GoVersion,
		OS:         c.GOOS,
		Arch:       c.GOARCH,
		Date:       now,
		LoadAvg:    c.loadAvg(),
	}
	var hostname string
	if c.Hostname != nil {
		hostname, _ = c.Hostname() // no name: the fingerprint rests on the hardware alone
	}
	p.Host = HostFingerprint(p.CPU, p.Cores, p.OS, p.Arch, hostname)
	return p
}

// cpuModel returns the first "model name" of /proc/cpuinfo with runs of
// spaces collapsed (Intel pads its names), or GOARCH + " cpu" where there
// is none (other systems; most arm64 kernels print no model name).
func (c Collector) cpuModel() string {
	if c.Proc != nil {
		if b, err := fs.ReadFile(c.Proc, "cpuinfo"); err == nil {
			for line := range strings.Lines(string(b)) {
				key, val, ok := strings.Cut(line, ":")
				if ok && strings.TrimSpace(key) == "model name" {
					if m := strings.Join(strings.Fields(val), " "); m != "" {
						return m
					}
				}
			}
		}
	}
	return c.GOARCH + " cpu"
}

// loadAvg returns the three load averages of /proc/loadavg ("0.52 0.40
// 0.31 1/234 5678", proc(5)), or zeros when it cannot be read.
func (c Collector) loadAvg() [3]float64 {
	var avg [3]float64
	if c.Proc == nil {
		return avg
	}
	b, err := fs.ReadFile(c.Proc, "loadavg")
	if err != nil {
		return avg
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return avg
	}
	for i := range avg {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return [3]float64{}
		}
		avg[i] = v
	}
	return avg
}

// fingerprintLen is the fingerprint's length in hex digits: 12 digits are
// 48 bits, and two machines collide by chance with probability 1/2 only
// among about 2^24 ≈ 17 million hosts (the birthday bound), where one
// reader has a handful.
const fingerprintLen = 12

// HostFingerprint names a machine in the timing store: the first
// fingerprintLen hex digits of the SHA-256 of its CPU model, core count,
// OS/arch and hostname, NUL-separated. These are what make two timings
// comparable: the same hardware, and the hostname to tell two identical
// laptops apart. The hostname is hashed, never stored, so a published site
// does not reveal it. The Go version is left out on purpose: the snippet
// key (job.Spec.Key over the engine's identity) already changes with the
// toolchain, and an upgraded Go is still the same machine. Load and date
// change with every measurement and are recorded beside it, not in it.
func HostFingerprint(cpu string, cores int, goos, goarch, hostname string) string {
	h := sha256.New()
	for _, s := range []string{cpu, strconv.Itoa(cores), goos + "/" + goarch, hostname} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:fingerprintLen]
}

// String is the line printed once per `workbook run`:
//
//	measured on Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, Go 1.26.8, 2026-03-01 (load 0.52 0.40 0.31)
func (p Provenance) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "measured on %s, %d core", p.CPU, p.Cores)
	if p.Cores != 1 {
		b.WriteString("s")
	}
	if p.GoVersion != "" {
		b.WriteString(", Go " + strings.TrimPrefix(p.GoVersion, "go"))
	}
	fmt.Fprintf(&b, ", %s (load %.2f %.2f %.2f)", p.Date.Format(time.DateOnly), p.LoadAvg[0], p.LoadAvg[1], p.LoadAvg[2])
	return b.String()
}
