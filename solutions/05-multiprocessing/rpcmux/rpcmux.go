// Package rpcmux lets many goroutines share one connection to a worker
// process: each call is a gob-encoded Frame tagged with an ID, one reader
// goroutine routes every reply to the call with the same ID, and the
// number of calls in flight is bounded.
package rpcmux

import (
	"context"
	"encoding/gob"
	"errors"
	"io"
	"sync"
)

// Frame is what travels on the connection, gob-encoded, in both
// directions: a request carries a fresh ID and its body, and the reply to
// it carries the same ID.
type Frame struct {
	ID   uint64
	Body []byte
}

// ErrClosed is returned by calls that cannot complete because the client
// was closed or the connection ended.
var ErrClosed = errors.New("rpcmux: connection closed")

// Client sends calls over one connection. Its methods are safe for
// concurrent use.
type Client struct {
	conn  io.ReadWriteCloser
	slots chan struct{} // a token per call in flight

	wmu sync.Mutex // one writer at a time: frames must not interleave
	enc *gob.Encoder

	mu      sync.Mutex
	next    uint64
	pending map[uint64]chan []byte
	ended   bool

	closed   chan struct{} // closed when the client stops taking calls
	stopOnce sync.Once
	done     chan struct{} // closed when the reader has returned
}

// NewClient returns a client of conn and starts the goroutine that reads
// its replies. At most limit calls (at least 1) are in flight at once.
func NewClient(conn io.ReadWriteCloser, limit int) *Client {
	c := &Client{
		conn:    conn,
		slots:   make(chan struct{}, max(limit, 1)),
		enc:     gob.NewEncoder(conn),
		pending: map[uint64]chan []byte{},
		closed:  make(chan struct{}),
		done:    make(chan struct{}),
	}
	go c.read()
	return c
}

// read routes every reply to its caller until the connection ends.
func (c *Client) read() {
	defer close(c.done)
	dec := gob.NewDecoder(c.conn)
	for {
		var f Frame
		if err := dec.Decode(&f); err != nil {
			c.stop()
			return
		}
		c.mu.Lock()
		ch, ok := c.pending[f.ID]
		delete(c.pending, f.ID)
		c.mu.Unlock()
		if ok {
			ch <- f.Body // buffered: the reader never waits for a caller
		}
		// A reply nobody waits for (its call was cancelled) is dropped.
	}
}

// stop makes every waiting and future call fail with ErrClosed.
func (c *Client) stop() {
	c.stopOnce.Do(func() {
		c.mu.Lock()
		c.ended = true
		c.mu.Unlock()
		close(c.closed)
	})
}

func (c *Client) forget(id uint64) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

// Call sends body and waits for the reply. It waits first for one of the
// limit slots; if ctx ends before the reply arrives, Call returns
// ctx.Err() and a late reply is dropped. When the client is closed or the
// connection ends, Call returns ErrClosed.
func (c *Client) Call(ctx context.Context, body []byte) ([]byte, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.closed:
		return nil, ErrClosed
	}
	defer func() { <-c.slots }()

	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	id := c.next
	c.next++
	reply := make(chan []byte, 1)
	c.pending[id] = reply
	c.mu.Unlock()

	c.wmu.Lock()
	err := c.enc.Encode(Frame{ID: id, Body: body})
	c.wmu.Unlock()
	if err != nil { // the connection is broken: no call can succeed now
		c.forget(id)
		c.stop()
		return nil, ErrClosed
	}

	select {
	case b := <-reply:
		return b, nil
	case <-ctx.Done():
		c.forget(id)
		return nil, ctx.Err()
	case <-c.closed:
		select {
		case b := <-reply: // it arrived just before the end
			return b, nil
		default:
			return nil, ErrClosed
		}
	}
}

// Close closes the connection, makes every waiting and future call return
// ErrClosed, and returns when the reading goroutine has ended.
func (c *Client) Close() error {
	c.stop()
	err := c.conn.Close()
	<-c.done
	return err
}

// Serve is the worker's side: it reads request frames from conn until
// conn's reading side ends, runs handler on each in a goroutine of its
// own, and writes each reply, with the request's ID, as soon as its
// handler returns; replies may therefore leave in another order than the
// requests came. It returns after every handler has returned and its reply
// has been written (or its write has failed): nil at the end of the
// input, or the error that ended reading.
func Serve(conn io.ReadWriter, handler func([]byte) []byte) error {
	dec, enc := gob.NewDecoder(conn), gob.NewEncoder(conn)
	var wmu sync.Mutex
	var wg sync.WaitGroup
	for {
		var f Frame
		if err := dec.Decode(&f); err != nil {
			wg.Wait()
			if err == io.EOF {
				return nil
			}
			return err
		}
		wg.Go(func() {
			out := handler(f.Body)
			wmu.Lock()
			defer wmu.Unlock()
			enc.Encode(Frame{ID: f.ID, Body: out})
		})
	}
}
