package echoserve

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"testing/synctest"
)

// listener is an in-memory net.Listener for tests: Dial makes a net.Pipe,
// returns the client's end at once and queues the server's end for
// Accept, like a connection waiting in a real listener's backlog. It
// counts the connections accepted and not yet closed by the server.
type listener struct {
	backlog chan net.Conn
	closed  chan struct{}
	once    sync.Once
	fail    error // Accept's error once the backlog is empty, if set

	mu               sync.Mutex
	accepted, open   int
	peak             int
	closedByListener bool
}

func newListener() *listener {
	return &listener{backlog: make(chan net.Conn, 100), closed: make(chan struct{})}
}

func (l *listener) Dial() net.Conn {
	client, server := net.Pipe()
	l.backlog <- server
	return client
}

func (l *listener) Accept() (net.Conn, error) {
	select {
	case <-l.closed:
		return nil, net.ErrClosed
	default:
	}
	if l.fail != nil {
		select {
		case c := <-l.backlog:
			return l.track(c), nil
		default:
			return nil, l.fail
		}
	}
	select {
	case c := <-l.backlog:
		return l.track(c), nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *listener) track(c net.Conn) net.Conn {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.accepted++
	l.open++
	l.peak = max(l.peak, l.open)
	return &conn{Conn: c, l: l}
}

// Close closes the listener and hangs up on the connections still
// waiting in its backlog.
func (l *listener) Close() error {
	l.once.Do(func() {
		close(l.closed)
		l.mu.Lock()
		l.closedByListener = true
		l.mu.Unlock()
		for {
			select {
			case c := <-l.backlog:
				c.Close()
			default:
				return
			}
		}
	})
	return nil
}

func (l *listener) Addr() net.Addr { return pipeAddr{} }

// stats returns the connections accepted, open now, open at most at once,
// and whether the listener has been closed.
func (l *listener) stats() (accepted, open, peak int, closed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepted, l.open, l.peak, l.closedByListener
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// conn counts its first Close in its listener.
type conn struct {
	net.Conn
	l    *listener
	once sync.Once
}

func (c *conn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// serve starts Serve and returns a function that ends its context and
// returns Serve's error.
func serve(l *listener, maxConns int) (shutdown func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, l, maxConns) }()
	return func() error {
		cancel()
		return <-errc
	}
}

// echo sends msg on c and reads back as many bytes.
func echo(c net.Conn, msg string) (string, error) {
	if _, err := io.WriteString(c, msg); err != nil {
		return "", err
	}
	buf := make([]byte, len(msg))
	_, err := io.ReadFull(c, buf)
	return string(buf), err
}

// TestEcho: one client gets back what it sends; at shutdown Serve returns
// nil and the client's connection is closed.
func TestEcho(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 2)
		c := l.Dial()
		defer c.Close()
		for _, msg := range []string{"hello\n", "event loops\n", "x"} {
			if got, err := echo(c, msg); got != msg || err != nil {
				t.Fatalf("sent %q, got back %q, %v", msg, got, err)
			}
		}
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v after its context ended, want nil", err)
		}
		if _, err := c.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("after shutdown the client read %v, want io.EOF: the server must hang up", err)
		}
	})
}

// TestManyClients: 40 clients at once, 8 served at a time, each sending
// 20 messages; run under the race detector.
func TestManyClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 8)
		var wg sync.WaitGroup
		for i := range 40 {
			c := l.Dial()
			wg.Go(func() {
				defer c.Close()
				for j := range 20 {
					msg := fmt.Sprintf("client %d message %d\n", i, j)
					if got, err := echo(c, msg); got != msg || err != nil {
						t.Errorf("sent %q, got back %q, %v", msg, got, err)
						return
					}
				}
			})
		}
		wg.Wait()
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
		if accepted, _, peak, _ := l.stats(); accepted != 40 || peak > 8 {
			t.Errorf("accepted %d connections with at most %d open at once, want 40 and at most 8", accepted, peak)
		}
	})
}

// TestBounded: with a limit of 3, six clients: three are served, three
// wait unaccepted; when one served client hangs up, exactly one more is
// accepted.
func TestBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 3)
		served := make(chan net.Conn, 6)
		for range 6 {
			c := l.Dial()
			go func() {
				if got, err := echo(c, "ping"); got == "ping" && err == nil {
					served <- c
				}
			}()
			defer c.Close()
		}
		synctest.Wait()
		if accepted, open, peak, _ := l.stats(); accepted != 3 || open != 3 || peak != 3 {
			t.Fatalf("accepted %d, open %d, at most %d at once; want 3, 3, 3", accepted, open, peak)
		}
		if n := len(served); n != 3 {
			t.Fatalf("%d clients got their echo, want 3", n)
		}
		(<-served).Close() // one client hangs up
		synctest.Wait()
		if accepted, open, peak, _ := l.stats(); accepted != 4 || open != 3 || peak != 3 {
			t.Errorf("after one hang-up: accepted %d, open %d, at most %d at once; want 4, 3, 3", accepted, open, peak)
		}
		if n := len(served); n != 3 { // two still in the channel, one more served
			t.Errorf("%d clients waiting in served, want 3", n)
		}
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	})
}
