// Package echoserve is an echo server with a bound on its connections and
// a clean shutdown.
package echoserve

import (
	"context"
	"io"
	"net"
	"sync"
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
	slots := make(chan struct{}, max(maxConns, 1)) // a token per open connection
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		open = map[net.Conn]bool{}
	)
	stop := context.AfterFunc(ctx, func() { ln.Close() }) // unblocks Accept
	defer stop()

	var err error
	for {
		select {
		case slots <- struct{}{}: // wait for a free slot before accepting
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		c, aerr := ln.Accept()
		if aerr != nil {
			if ctx.Err() == nil {
				err = aerr
			}
			break
		}
		mu.Lock()
		open[c] = true
		mu.Unlock()
		wg.Go(func() {
			io.Copy(c, c) // until the client hangs up, or shutdown closes c
			c.Close()
			mu.Lock()
			delete(open, c)
			mu.Unlock()
			<-slots
		})
	}

	ln.Close()
	mu.Lock()
	for c := range open {
		c.Close()
	}
	mu.Unlock()
	wg.Wait()
	return err
}
