// Package counter is a counter shared by goroutines.
package counter

// Counter counts calls to Inc. It must be safe for concurrent use.
type Counter struct {
	n int
}

// Inc adds one.
func (c *Counter) Inc() { c.n++ }

// Value returns the count.
func (c *Counter) Value() int { return c.n }
