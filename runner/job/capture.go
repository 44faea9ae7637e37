package job

import (
	"fmt"
	"sync"
)

// Capture is an io.Writer that keeps the first and the last Limit/2 bytes of
// what is written to it, so a program that floods its output can neither
// exhaust the runner's memory nor hide how it ended: the head shows how it
// started, the tail how it died. It is safe for concurrent use, since a
// program's stdout and stderr may be drained by different goroutines.
type Capture struct {
	mu    sync.Mutex
	limit int
	head  []byte
	tail  []byte // ring buffer of the last limit-limit/2 bytes once head is full
	start int    // index of the oldest byte in tail when tail is full
	total int64
}

// NewCapture returns a Capture keeping at most limit bytes (limit >= 2).
func NewCapture(limit int) *Capture {
	if limit < 2 {
		limit = 2
	}
	return &Capture{limit: limit}
}

func (c *Capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	c.total += int64(n)
	if room := c.limit/2 - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	tailMax := c.limit - c.limit/2
	for len(p) > 0 {
		if len(c.tail) < tailMax {
			k := min(tailMax-len(c.tail), len(p))
			c.tail = append(c.tail, p[:k]...)
			p = p[k:]
			continue
		}
		if len(p) >= tailMax {
			p = p[len(p)-tailMax:]
			copy(c.tail, p)
			c.start = 0
			break
		}
		k := copy(c.tail[c.start:], p)
		k += copy(c.tail, p[k:])
		c.start = (c.start + len(p)) % tailMax
		p = nil
	}
	return n, nil
}

// Truncated reports whether bytes were dropped.
func (c *Capture) Truncated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total > int64(len(c.head)+len(c.tail))
}

// String returns what was kept; a cut is marked with a line saying how many
// bytes were dropped.
func (c *Capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	tail := append(append([]byte(nil), c.tail[c.start:]...), c.tail[:c.start]...)
	kept := int64(len(c.head) + len(tail))
	if c.total == kept {
		return string(c.head) + string(tail)
	}
	return fmt.Sprintf("%s\n… [%d bytes cut] …\n%s", c.head, c.total-kept, tail)
}
