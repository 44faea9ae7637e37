// Package rpcmux lets many goroutines share one connection to a worker
// process: each call is a gob-encoded Frame tagged with an ID, one reader
// goroutine routes every reply to the call with the same ID, and the
// number of calls in flight is bounded.
package rpcmux

import (
	"context"
	"errors"
	"io"
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
	// TODO
}

// NewClient returns a client of conn and starts the goroutine that reads
// its replies. At most limit calls (at least 1) are in flight at once.
func NewClient(conn io.ReadWriteCloser, limit int) *Client {
	return &Client{}
}

// Call sends body and waits for the reply. It waits first for one of the
// limit slots; if ctx ends before the reply arrives, Call returns
// ctx.Err() and a late reply is dropped. When the client is closed or the
// connection ends, Call returns ErrClosed.
func (c *Client) Call(ctx context.Context, body []byte) ([]byte, error) {
	return nil, errors.New("not implemented")
}

// Close closes the connection, makes every waiting and future call return
// ErrClosed, and returns when the reading goroutine has ended.
func (c *Client) Close() error {
	return nil
}

// Serve is the worker's side: it reads request frames from conn until
// conn's reading side ends, runs handler on each in a goroutine of its
// own, and writes each reply, with the request's ID, as soon as its
// handler returns; replies may therefore leave in another order than the
// requests came. It returns after every handler has returned and its reply
// has been written (or its write has failed): nil at the end of the
// input, or the error that ended reading.
func Serve(conn io.ReadWriter, handler func([]byte) []byte) error {
	return nil
}
