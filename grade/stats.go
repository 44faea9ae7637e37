package grade

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// ExerciseStats summarise one exercise over a run's students.
type ExerciseStats struct {
	Exercise string
	N        int            // results
	MaxScore float64        // the exercise's
	Mean     float64        // of the final scores
	Median   float64        // of the final scores
	Buckets  [6]int         // final score as a share of the maximum: 0, <25%, <50%, <75%, <100%, 100%
	ByStatus map[Status]int // results by status
	Failed   []Count        // tests failed by submissions that ran, most first
	Rejected []Count        // why submissions were rejected or did not compile, most first
}

// Count is how often something happened.
type Count struct {
	What string
	N    int
}

// BucketLabels name ExerciseStats.Buckets.
var BucketLabels = [6]string{"0", "<25%", "<50%", "<75%", "<100%", "100%"}

// Stats summarises results per exercise, in the order exercises first
// appear.
func Stats(results []*Result) []*ExerciseStats {
	var order []string
	by := map[string][]*Result{}
	for _, r := range results {
		if _, ok := by[r.Exercise]; !ok {
			order = append(order, r.Exercise)
		}
		by[r.Exercise] = append(by[r.Exercise], r)
	}
	var out []*ExerciseStats
	for _, ex := range order {
		out = append(out, exerciseStats(ex, by[ex]))
	}
	return out
}

func exerciseStats(ex string, rs []*Result) *ExerciseStats {
	s := &ExerciseStats{Exercise: ex, N: len(rs), ByStatus: map[Status]int{}}
	scores := make([]float64, len(rs))
	failed, rejected := map[string]int{}, map[string]int{}
	for i, r := range rs {
		s.MaxScore = r.MaxScore
		scores[i] = r.Final
		s.Mean += r.Final
		s.ByStatus[r.Status]++
		s.Buckets[bucket(r.Final, r.MaxScore)]++
		switch r.Status {
		case StatusFailed:
			for _, t := range r.Tests {
				if !t.Passed {
					failed[t.Name]++
				}
			}
		case StatusRejected, StatusCompileError:
			for _, why := range rejectionReasons(r) {
				rejected[why]++
			}
		}
	}
	if len(rs) > 0 {
		s.Mean /= float64(len(rs))
	}
	sort.Float64s(scores)
	if n := len(scores); n%2 == 1 {
		s.Median = scores[n/2]
	} else if n > 0 {
		s.Median = (scores[n/2-1] + scores[n/2]) / 2
	}
	s.Failed, s.Rejected = ranked(failed), ranked(rejected)
	return s
}

func bucket(score, max float64) int {
	switch {
	case max <= 0 || score >= max:
		return 5
	case score <= 0:
		return 0
	default:
		return 1 + int(4*score/max)
	}
}

// positionRE is a file:line: prefix, which differs between students for
// the same reason.
var positionRE = regexp.MustCompile(`^\S+?\.go(:\d+)*: `)

// rejectionReasons names why a submission was refused, once per reason.
func rejectionReasons(r *Result) []string {
	if r.Status == StatusCompileError {
		return []string{"compile error"}
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range r.Problems {
		why := positionRE.ReplaceAllString(firstLine(p), "")
		if strings.HasPrefix(why, "nothing submitted") {
			why = "nothing submitted"
		}
		if !seen[why] {
			seen[why] = true
			out = append(out, why)
		}
	}
	return out
}

func ranked(m map[string]int) []Count {
	var out []Count
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].What < out[j].What
	})
	return out
}

// printStats writes the end-of-run summary.
func printStats(w io.Writer, sum *Summary) {
	if len(sum.Results) == 0 {
		fmt.Fprintln(w, "\nnothing graded")
		return
	}
	fmt.Fprintf(w, "\n%d graded, %d unchanged", sum.Graded, sum.Cached)
	if sum.Cached > 0 {
		fmt.Fprint(w, " (served from the gradebook)")
	}
	fmt.Fprintln(w)
	for _, s := range Stats(sum.Results) {
		fmt.Fprint(w, s.String())
	}
	if len(sum.Unknown) > 0 {
		fmt.Fprintf(w, "no submission time in the course file (no late penalty applied): %s\n", strings.Join(sum.Unknown, ", "))
	}
}

// String renders the summary of one exercise.
func (s *ExerciseStats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d submissions, mean %.2f, median %s of %s\n", s.Exercise, s.N, s.Mean, num(s.Median), num(s.MaxScore))
	var st []string
	for _, k := range []Status{StatusPassed, StatusFailed, StatusRejected, StatusCompileError, StatusError} {
		if n := s.ByStatus[k]; n > 0 {
			st = append(st, fmt.Sprintf("%s %d", k, n))
		}
	}
	fmt.Fprintf(&b, "    status:       %s\n", strings.Join(st, ", "))
	var dist []string
	for i, n := range s.Buckets {
		dist = append(dist, fmt.Sprintf("%s: %d", BucketLabels[i], n))
	}
	fmt.Fprintf(&b, "    distribution: %s\n", strings.Join(dist, "  "))
	if len(s.Failed) > 0 {
		fmt.Fprintf(&b, "    most failed:  %s\n", joinCounts(s.Failed, 5))
	}
	if len(s.Rejected) > 0 {
		fmt.Fprintf(&b, "    rejected:     %s\n", joinCounts(s.Rejected, 5))
	}
	return b.String()
}

func joinCounts(cs []Count, max int) string {
	var parts []string
	for i, c := range cs {
		if i == max {
			parts = append(parts, fmt.Sprintf("… %d more", len(cs)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", c.What, c.N))
	}
	return strings.Join(parts, ", ")
}
