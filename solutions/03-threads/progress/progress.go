// Package progress prints the progress of a job that many goroutines work
// on at once, one whole line per finished item.
package progress

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// Printer reports the progress of a job of total items on a writer. Any
// number of goroutines may call its methods at once.
type Printer struct {
	w     io.Writer
	total int

	mu    sync.Mutex // held from counting an item to the end of its line's Write
	count atomic.Int64
	err   error // the first error of w.Write, under mu
}

// New returns a Printer for a job of total items that writes to w. w need
// not be safe for concurrent use.
func New(w io.Writer, total int) *Printer {
	return &Printer{w: w, total: total}
}

// Done records that the item name is finished and writes the line
//
//	[k/total] name
//
// where k counts the items done so far, this one included, and returns
// when its line has been written. Each line is written whole, by one call
// of w.Write; lines are written in the order of k; and w.Write is never
// called while another call of it is in progress. An error from w.Write is
// kept for Close; the item still counts.
func (p *Printer) Done(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// Count and write under one lock, so that line k+1 cannot overtake line
	// k; format first, so that the line goes out in one Write.
	k := p.count.Add(1)
	line := fmt.Sprintf("[%d/%d] %s\n", k, p.total, name)
	p.write(line)
}

// Count returns the number of items done so far. It never waits for a
// Write in progress: it may be called from w's Write method itself.
func (p *Printer) Count() int {
	return int(p.count.Load())
}

// Close writes the summary line "done: k of total" (one Write, after every
// line of the calls of Done that returned before it) and returns the first
// error w.Write returned, if any. Done must not be called after Close.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.write(fmt.Sprintf("done: %d of %d\n", p.count.Load(), p.total))
	return p.err
}

// write writes s with one call of w.Write; p.mu is held.
func (p *Printer) write(s string) {
	if _, err := io.WriteString(p.w, s); err != nil && p.err == nil {
		p.err = err
	}
}
