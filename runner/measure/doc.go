// Package measure holds the pure parts of measuring snippets (issue 3):
// the statistics of repeated runs, the METRIC lines snippets print, sweeps
// and their tables, Amdahl's law fitted to a sweep, claims about the
// results, the provenance of a measurement and the timing store. The
// runner's measurement lane runs the snippet and hands this package what
// the operating system reported (job.Result's Wall, UserCPU, SysCPU,
// MaxRSS); nothing here runs a program or reads a clock, so that every
// rule below is tested on synthetic samples.
//
// # Metrics: the contract with snippet authors
//
// A snippet reports what only it can measure (a latency percentile, memory
// per goroutine) by printing, on its standard output, a line
//
//	METRIC name=value [unit]
//
// The line begins with the word METRIC in capitals at its first column,
// followed by a space or tab; "METRICS" and an indented "  METRIC" are
// ordinary output. name is [A-Za-z0-9_.-]+; value is a finite number as
// strconv.ParseFloat reads it (12, 1.5e3, -0.25); unit is one optional word
// without spaces (ns/op, B, ms). A trailing carriage return is ignored.
// Each name may be reported once per run.
//
// METRIC lines are removed from the output the reader sees and the
// expected output is checked against (SplitMetrics); the rest of the
// output is kept byte for byte. A line that begins with METRIC but breaks
// these rules is an error naming its stdout line and is removed too. The
// metrics of a run are summarised over the runs like wall time (median,
// min, max) and can be claimed on with metric(name).
//
// # Sweeps
//
// The attribute sweep="VAR=v1,v2,..." runs the measurement once per value
// (ParseSweep). VAR is [A-Za-z_][A-Za-z0-9_]*; each value is an integer
// from 1 to 4096 or the word ncpu, the host's logical core count. Values
// are deduplicated after expanding ncpu and kept in the order written; the
// first is the reference of the table. The run at value v gets the
// environment variable VAR in upper case set to v and nothing else
// (Sweep.Apply): GOMAXPROCS=v is read by the Go runtime, WORKERS=v by the
// snippet through os.Getenv("WORKERS"). Arguments are left to the
// snippet's args attribute.
//
// A sweep over GOMAXPROCS or workers (any case) counts parallelism
// (Sweep.Parallel): its claims need cores and its efficiency is
// meaningful. Any other variable (GOGC=50,100,200) is a plain parameter.
//
// The sweep table (Table) has one Point per value: its Stats, the speed-up
// S = median wall at the first value / median wall at this value, and the
// efficiency S / (value / first value), 1 for perfect scaling.
//
// # Statistics
//
// Claims are judged on medians and CPU/wall ratios, never on one run: one
// run on a noisy machine can be anything. Summarize gives, over the runs
// of one measurement, the median, minimum and maximum wall time; CPU/wall,
// the median over runs of (user + sys) / wall, which is the parallelism
// achieved (1 is one busy core); the median peak RSS; and median, minimum
// and maximum of each metric. The median of an even count is the mean of
// the middle two. Spread (max/min of repeated medians) is how the
// benchmark of issue 3 reports repeatability.
//
// # Claims
//
// The attribute assert holds claims that must all hold; ParseClaims reads
// them, Claim.Check rejects, when the chapter is parsed, claims that could
// never be judged for the snippet's sweep and baseline, and Claim.Eval
// judges them:
//
//	claims   = claim { ( ";" | "&&" ) claim } .
//	claim    = quantity op number .
//	quantity = "speedup" "(" point ")"
//	         | "speedup" "(" "baseline" [ "," point ] ")"
//	         | "efficiency" "(" point ")"
//	         | "cpu_per_wall" [ "(" [ point ] ")" ]
//	         | "metric" "(" name [ "," point ] ")" .
//	point    = VAR "=" ( integer | "ncpu" ) .
//	op       = ">=" | ">" | "<=" | "<" .
//
// number is a finite strconv.ParseFloat number; spaces and tabs may stand
// between tokens. Examples:
//
//	speedup(GOMAXPROCS=2) >= 1.5
//	efficiency(workers=4) > 0.6
//	cpu_per_wall(GOMAXPROCS=2) >= 1.6
//	speedup(baseline) >= 2
//	metric(ns_per_op) < 100; cpu_per_wall < 1.2
//
// speedup(point) and efficiency(point) read the sweep table;
// speedup(baseline) is Speedup(baseline's stats, this snippet's stats),
// the snippet named by baseline=ID; cpu_per_wall and metric read the
// snippet's stats. In a swept snippet, every quantity names its point,
// which must be in the sweep (or be ncpu); VAR matches the sweep's
// variable in any case.
//
// A claim at point v of a parallel sweep needs v cores (and, for speedup
// and efficiency, as many as the first value). On a host with fewer it is
// skipped, with the reason "needs 4 cores, this machine has 2": the runs
// at v shared cores, which measures oversubscription, not the claim. A
// claim without a measurement to judge (a point not measured, a metric not
// reported) fails with the reason. Whether a failed claim warns or fails
// the build is the runner's decision (issue 3: it fails only under
// --strict-timing).
//
// Parse and check errors are *AttrError values with the 1-based column in
// the attribute's value; every malformed claim is reported at once.
//
// # Amdahl
//
// FitAmdahl fits S(n) = 1 / ((1 − P) + P/n) (Amdahl's law) to a sweep's
// speed-ups with n = value / first value, choosing P in [0, 1] by least
// squares on S: a grid scan, then golden-section search, then the ends 0
// and 1 compared exactly. It reports P, the root mean square error, the
// predicted speed-up at every point and a curve for charts.
//
// # Provenance
//
// Every measurement carries a Provenance: CPU model (/proc/cpuinfo "model
// name", else GOARCH + " cpu"), logical cores (runtime.NumCPU), the
// GOMAXPROCS a snippet runs with by default, the Go version of the
// toolchain that built the measured binary (given by the caller: the
// compiled engine's `go env GOVERSION`), GOOS/GOARCH, the host fingerprint,
// the date and the 1, 5 and 15 minute load averages at the start
// (/proc/loadavg, zeros where absent). The host fingerprint is 12 hex
// digits of SHA-256 over CPU model, cores, OS/arch and hostname (see
// HostFingerprint for why these and not the Go version). Its String form
// is the line `workbook run` prints once:
//
//	measured on Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, Go 1.26.8, 2026-03-01 (load 0.52 0.40 0.31)
//
// # Timing store
//
// Measurements never come from the results cache (runner/cache), which
// would serve them as if fresh. They live in the timing store, keyed by
// snippet key and host fingerprint: one JSON Record per pair at
//
//	DIR/HOST/KE/KEY.json
//
// where KE is the key's first two characters. Keys and hosts are letters,
// digits, '_' and '-'. A record is written to a temporary file (".tmp-*",
// beside it) and renamed into place, so readers see whole records; a
// missing, corrupt or foreign-format record is a miss and the snippet is
// measured again. Records carry their Provenance, so the site shows each
// as "measured <date> on <host>".
package measure
