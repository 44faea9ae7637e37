// Package echoserve is an echo server with a bound on its connections and
// a clean shutdown.
//
// This first version is the textbook accept loop: it echoes, but it
// serves any number of connections and never stops. The README says what
// the tests expect.
package echoserve

import (
	"context"
	"io"
	"net"
)

// Serve accepts connections from ln and echoes back every byte each one
// sends, each connection in a goroutine of its own, until ctx ends.
//
// At most maxConns connections are open at once (below 1 means 1):
// Serve does not accept another until one of them has ended. A
// connection ends when its client hangs up.
//
// When ctx ends, Serve closes ln, closes every open connection, waits
// until every goroutine it started has ended, and returns nil. When
// Accept fails for another reason, Serve does the same and returns
// Accept's error.
func Serve(ctx context.Context, ln net.Listener, maxConns int) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			io.Copy(c, c)
		}()
	}
}
