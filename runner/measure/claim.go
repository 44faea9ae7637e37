package measure

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// AttrError is an error at a place in an attribute's value (a sweep or an
// assert). Col is 1-based within the value; the caller adds the column at
// which the value stands in the fence line to point at the chapter.
type AttrError struct {
	Col int
	Msg string
}

func (e *AttrError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// Quantity is what a claim measures.
type Quantity string

const (
	QSpeedup    Quantity = "speedup"      // against the sweep's first value, or the baseline
	QEfficiency Quantity = "efficiency"   // speed-up / relative worker count
	QCPUPerWall Quantity = "cpu_per_wall" // the parallelism achieved
	QMetric     Quantity = "metric"       // the median of a METRIC the snippet printed
)

// PointRef names a point of the sweep in a claim: GOMAXPROCS=2, workers=ncpu.
type PointRef struct {
	Var   string `json:"var"`             // as written
	Value int    `json:"value,omitempty"` // 0 with NCPU
	NCPU  bool   `json:"ncpu,omitempty"`  // the value is the host's core count
}

func (r PointRef) String() string {
	if r.NCPU {
		return r.Var + "=ncpu"
	}
	return r.Var + "=" + strconv.Itoa(r.Value)
}

// Claim is one parsed claim of an assert attribute.
type Claim struct {
	Text      string    // the claim as written, trimmed
	Col       int       // 1-based column of Text in the attribute value
	Quantity  Quantity  // what is measured
	Baseline  bool      // speedup(baseline ...): against the baseline=ID snippet
	Metric    string    // metric(NAME ...): the metric's name
	At        *PointRef // the sweep point the claim is about; nil: the whole snippet
	Op        string    // ">=", ">", "<=" or "<"
	Threshold float64   // the number on the right of Op
}

// ParseClaims parses an assert attribute: claims separated by ";" or "&&",
// all of which must hold (see the package doc for the grammar). Every
// malformed claim is reported, each as an *AttrError with its column,
// joined with errors.Join.
func ParseClaims(s string) ([]Claim, error) {
	var claims []Claim
	var errs []error
	for _, piece := range splitClaims(s) {
		c, err := parseClaim(piece.text, piece.col)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		claims = append(claims, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return claims, nil
}

type claimText struct {
	text string
	col  int // 1-based column of text[0]
}

// splitClaims cuts s at each ";" and "&&". No other token of the grammar
// holds those characters, so cutting before parsing is safe.
func splitClaims(s string) []claimText {
	var out []claimText
	start := 0
	for i := 0; i < len(s); i++ {
		sepLen := 0
		switch {
		case s[i] == ';':
			sepLen = 1
		case strings.HasPrefix(s[i:], "&&"):
			sepLen = 2
		default:
			continue
		}
		out = append(out, claimText{s[start:i], start + 1})
		start = i + sepLen
		i = start - 1
	}
	return append(out, claimText{s[start:], start + 1})
}

// claimParser reads one claim; pos is an index into text, col the column
// of text[0] in the whole attribute.
type claimParser struct {
	text string
	pos  int
	col  int
}

func (p *claimParser) errorf(format string, args ...any) error {
	return &AttrError{Col: p.col + p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *claimParser) space() {
	for p.pos < len(p.text) && (p.text[p.pos] == ' ' || p.text[p.pos] == '\t') {
		p.pos++
	}
}

// found describes what stands at pos, for "want X, found Y" messages.
func (p *claimParser) found() string {
	rest := strings.TrimSpace(p.text[p.pos:])
	if rest == "" {
		return "end of claim"
	}
	if len(rest) > 12 {
		rest = rest[:12] + "…"
	}
	return strconv.Quote(rest)
}

// take consumes the longest run of bytes satisfying ok.
func (p *claimParser) take(ok func(byte) bool) string {
	start := p.pos
	for p.pos < len(p.text) && ok(p.text[p.pos]) {
		p.pos++
	}
	return p.text[start:p.pos]
}

// expect consumes tok after optional space, or fails saying what was wanted.
func (p *claimParser) expect(tok, what string) error {
	p.space()
	if !strings.HasPrefix(p.text[p.pos:], tok) {
		return p.errorf("want %s, found %s", what, p.found())
	}
	p.pos += len(tok)
	return nil
}

func parseClaim(text string, col int) (Claim, error) {
	p := &claimParser{text: text, col: col}
	p.space()
	if p.pos == len(text) {
		return Claim{}, p.errorf("empty claim")
	}
	c := Claim{Text: strings.TrimSpace(text), Col: col + p.pos}
	if err := p.quantity(&c); err != nil {
		return Claim{}, err
	}
	if err := p.comparison(&c); err != nil {
		return Claim{}, err
	}
	return c, nil
}

// quantity parses the left side: a quantity word and its arguments.
func (p *claimParser) quantity(c *Claim) error {
	start := p.pos
	word := p.take(func(b byte) bool { return isNameByte(rune(b)) })
	c.Quantity = Quantity(word)
	switch c.Quantity {
	case QSpeedup, QEfficiency, QCPUPerWall, QMetric:
	default:
		p.pos = start
		return p.errorf("want speedup, efficiency, cpu_per_wall or metric, found %s", p.found())
	}
	p.space()
	if c.Quantity == QCPUPerWall && (p.pos == len(p.text) || p.text[p.pos] != '(') {
		return nil // "cpu_per_wall >= 1.6": the whole snippet
	}
	if err := p.expect("(", "'(' after "+word); err != nil {
		return err
	}
	if err := p.arguments(c); err != nil {
		return err
	}
	return p.expect(")", "')' to close "+word+"(")
}

// arguments parses what stands between the parentheses of a quantity.
func (p *claimParser) arguments(c *Claim) error {
	p.space()
	optionalPoint := true
	switch c.Quantity {
	case QSpeedup:
		if rest, ok := strings.CutPrefix(p.text[p.pos:], "baseline"); ok && !startsName(rest) {
			p.pos += len("baseline")
			c.Baseline = true
		} else {
			optionalPoint = false
		}
	case QEfficiency:
		optionalPoint = false
	case QCPUPerWall:
		if p.pos < len(p.text) && p.text[p.pos] == ')' {
			return nil
		}
		optionalPoint = false // cpu_per_wall(...) without ")" holds a point
	case QMetric:
		c.Metric = p.take(func(b byte) bool { return isNameByte(rune(b)) })
		if c.Metric == "" {
			return p.errorf("want a metric name (letters, digits, '_', '.', '-'), found %s", p.found())
		}
	}
	if optionalPoint {
		p.space()
		if p.pos == len(p.text) || p.text[p.pos] != ',' {
			return nil
		}
		p.pos++
	}
	ref, err := p.point()
	if err != nil {
		return err
	}
	c.At = &ref
	return nil
}

func startsName(s string) bool { return s != "" && isNameByte(rune(s[0])) }

// point parses VAR=INT or VAR=ncpu.
func (p *claimParser) point() (PointRef, error) {
	p.space()
	name := p.take(func(b byte) bool { return isNameByte(rune(b)) && b != '.' && b != '-' })
	if !validVarName(name) {
		p.pos -= len(name)
		return PointRef{}, p.errorf("want a sweep point such as GOMAXPROCS=2, found %s", p.found())
	}
	if err := p.expect("=", "'=' after "+name); err != nil {
		return PointRef{}, err
	}
	p.space()
	start := p.pos
	val := p.take(func(b byte) bool { return isNameByte(rune(b)) })
	if val == "ncpu" {
		return PointRef{Var: name, NCPU: true}, nil
	}
	v, err := strconv.Atoi(val)
	if err != nil || v < 1 {
		p.pos = start
		return PointRef{}, p.errorf("want a positive integer or ncpu after %s=, found %s", name, p.found())
	}
	return PointRef{Var: name, Value: v}, nil
}

// comparison parses the operator and the threshold, which must end the
// claim.
func (p *claimParser) comparison(c *Claim) error {
	p.space()
	for _, op := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(p.text[p.pos:], op) {
			c.Op = op
			break
		}
	}
	if c.Op == "" {
		return p.errorf("want a comparison (>=, >, <=, <), found %s", p.found())
	}
	p.pos += len(c.Op)
	p.space()
	start := p.pos
	num := p.take(func(b byte) bool { return b != ' ' && b != '\t' })
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.pos = start
		return p.errorf("want a number after %s, found %s", c.Op, p.found())
	}
	c.Threshold = v
	p.space()
	if p.pos < len(p.text) {
		return p.errorf("unexpected %s after the claim (separate claims with ';' or '&&')", p.found())
	}
	return nil
}

// Check reports whether the claim can be judged for a snippet with this
// sweep (nil: none) and with or without a baseline=ID attribute, so that
// an author learns of a claim that can never be judged when the chapter
// is parsed, not when it is measured. The error is an *AttrError at the
// claim's column.
func (c Claim) Check(sweep *Sweep, hasBaseline bool) error {
	if msg := c.problem(sweep, hasBaseline); msg != "" {
		return &AttrError{Col: c.Col, Msg: c.Text + ": " + msg}
	}
	return nil
}

// problem says why the claim cannot be judged for the snippet, or "".
func (c Claim) problem(sweep *Sweep, hasBaseline bool) string {
	if sweep != nil && len(sweep.Values) == 0 {
		return "the sweep has no values" // ParseSweep never returns one
	}
	if c.Baseline && !hasBaseline {
		return "speedup(baseline) needs a baseline=ID attribute"
	}
	if c.At == nil {
		if sweep != nil && (c.Quantity == QCPUPerWall || c.Quantity == QMetric || c.Baseline) {
			return fmt.Sprintf("the snippet is swept over %s: name a point, as in %s=%d", sweep.Var, sweep.Var, sweep.Values[0])
		}
		return ""
	}
	switch {
	case sweep == nil:
		return fmt.Sprintf("names %s but the snippet has no sweep", c.At)
	case !strings.EqualFold(c.At.Var, sweep.Var):
		return fmt.Sprintf("names %s but the sweep is over %s", c.At.Var, sweep.Var)
	case !c.At.NCPU && !slices.Contains(sweep.Values, c.At.Value):
		return fmt.Sprintf("%s is not in the sweep (%s)", c.At, joinInts(sweep.Values))
	case c.Quantity == QEfficiency && !sweep.Parallel():
		return fmt.Sprintf("efficiency needs a sweep over GOMAXPROCS or workers, not %s", sweep.Var)
	}
	return ""
}

// CheckClaims checks every claim (see Claim.Check) and joins the errors.
func CheckClaims(claims []Claim, sweep *Sweep, hasBaseline bool) error {
	var errs []error
	for _, c := range claims {
		if err := c.Check(sweep, hasBaseline); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// ClaimEnv is what claims are judged against: one snippet's measurement on
// one host.
type ClaimEnv struct {
	// Cores is the host's logical core count (Provenance.Cores); 0 means
	// unknown, and then every claim that needs cores is skipped.
	Cores int
	// Stats is the snippet's measurement when it has no sweep.
	Stats *Stats
	// Sweep and Points are the snippet's sweep and its table (see Table).
	Sweep  *Sweep
	Points []Point
	// Baseline is the measurement of the snippet named by baseline=ID.
	Baseline *Stats
}

// ClaimResult is the verdict on one claim.
type ClaimResult struct {
	Claim   string  `json:"claim"`             // the claim as written
	Pass    bool    `json:"pass"`              // judged and held
	Skipped bool    `json:"skipped,omitempty"` // not judged; Reason says why
	Reason  string  `json:"reason"`            // the measured value against the threshold, or why not judged
	Value   float64 `json:"value"`             // the measured quantity; 0 when none
}

// Eval judges the claim on medians and CPU/wall ratios (never one run). A
// claim at a point v of a GOMAXPROCS or workers sweep needs v cores (and
// as many as the sweep's first value, against which speed-ups are taken):
// on fewer, the runs at v share cores and measure oversubscription, not
// the parallelism the claim is about, so the claim is skipped with the
// reason "needs 4 cores, this machine has 2". A claim that cannot be
// judged for want of a measurement fails, with the reason.
func (c Claim) Eval(env ClaimEnv) ClaimResult {
	r := ClaimResult{Claim: c.Text}
	if c.Baseline && env.Baseline == nil {
		// The attribute is there (Check saw to it when the chapter was
		// parsed): the baseline was not measured in this run, as when one
		// snippet is run alone.
		r.Skipped, r.Reason = true, "the baseline was not measured in this run (run the whole chapter)"
		return r
	}
	if msg := c.problem(env.Sweep, env.Baseline != nil); msg != "" {
		r.Reason = c.Text + ": " + msg
		return r
	}
	v := 0
	if c.At != nil {
		v = c.At.Value
		if c.At.NCPU {
			v = max(env.Cores, 1)
		}
		if need := c.coresNeeded(env.Sweep, v); need > env.Cores {
			r.Skipped = true
			r.Reason = skipReason(need, env.Cores)
			return r
		}
	}
	value, err := c.measured(env, v)
	if err != nil {
		r.Reason = c.Text + ": " + err.Error()
		return r
	}
	r.Value = value
	r.Pass = compare(value, c.Op, c.Threshold)
	r.Reason = fmt.Sprintf("%s is %s, want %s %s", c.describe(v), formatValue(value, c.Op, c.Threshold), c.Op, strconv.FormatFloat(c.Threshold, 'g', -1, 64))
	return r
}

// coresNeeded is how many cores the claim at value v needs: none unless the
// sweep counts parallelism.
func (c Claim) coresNeeded(sweep *Sweep, v int) int {
	if sweep == nil || !sweep.Parallel() {
		return 0
	}
	if (c.Quantity == QSpeedup && !c.Baseline) || c.Quantity == QEfficiency {
		return max(v, sweep.Values[0])
	}
	return v
}

func skipReason(need, have int) string {
	if have <= 0 {
		return fmt.Sprintf("needs %d cores, this machine's core count is unknown", need)
	}
	return fmt.Sprintf("needs %d cores, this machine has %d", need, have)
}

// measured returns the claim's quantity at value v (ignored without At).
func (c Claim) measured(env ClaimEnv, v int) (float64, error) {
	var st Stats
	var pt Point
	switch {
	case c.At != nil:
		p, ok := At(env.Points, v)
		if !ok {
			return 0, fmt.Errorf("no measurement at %s=%d", c.At.Var, v)
		}
		pt, st = p, p.Stats
	case env.Stats != nil:
		st = *env.Stats
	}
	if st.N == 0 {
		return 0, errors.New("no runs were measured")
	}
	switch c.Quantity {
	case QSpeedup:
		s := pt.Speedup
		if c.Baseline {
			s = Speedup(*env.Baseline, st)
		}
		if s == 0 {
			return 0, errors.New("speed-up undefined: a median wall time is 0")
		}
		return s, nil
	case QEfficiency:
		return pt.Efficiency, nil
	case QCPUPerWall:
		return st.CPUPerWall, nil
	case QMetric:
		m, ok := st.Metrics[c.Metric]
		if !ok {
			return 0, fmt.Errorf("metric %s was not reported", c.Metric)
		}
		return m.Median, nil
	}
	return 0, fmt.Errorf("unknown quantity %q", c.Quantity)
}

// describe names the measured quantity with ncpu resolved, for reasons.
func (c Claim) describe(v int) string {
	var args []string
	switch {
	case c.Baseline:
		args = append(args, "baseline")
	case c.Quantity == QMetric:
		args = append(args, c.Metric)
	}
	if c.At != nil {
		args = append(args, c.At.Var+"="+strconv.Itoa(v))
	}
	return string(c.Quantity) + "(" + strings.Join(args, ", ") + ")"
}

func compare(v float64, op string, t float64) bool {
	switch op {
	case ">=":
		return v >= t
	case ">":
		return v > t
	case "<=":
		return v <= t
	case "<":
		return v < t
	}
	return false
}

// formatValue prints a measured value with three significant digits,
// enough to read against a threshold and no more than a noisy machine
// supports, and more when three would round it across the threshold
// (1.4996 shown as "1.5, want >= 1.5" on a failed claim). Values of 100
// and above print without an exponent (ns_per_op metrics run to millions).
func formatValue(v float64, op string, t float64) string {
	held := compare(v, op, t)
	for digits := 3; digits < 17; digits++ {
		s := strconv.FormatFloat(v, 'g', digits, 64)
		if math.Abs(v) >= 100 {
			s = strconv.FormatFloat(v, 'f', max(digits-3, 0), 64)
		}
		if shown, err := strconv.ParseFloat(s, 64); err == nil && compare(shown, op, t) == held {
			return s
		}
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// EvalClaims judges every claim against env.
func EvalClaims(claims []Claim, env ClaimEnv) []ClaimResult {
	out := make([]ClaimResult, len(claims))
	for i, c := range claims {
		out[i] = c.Eval(env)
	}
	return out
}
