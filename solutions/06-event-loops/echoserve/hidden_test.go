package echoserve

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"testing/synctest"
	"time"
)

// TestShutdownIdle: clients connected and silent. At shutdown Serve
// closes the listener and every connection, and returns only when all of
// them are closed.
func TestShutdownIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 5)
		var clients []net.Conn
		for range 3 {
			c := l.Dial()
			defer c.Close()
			if got, err := echo(c, "hi"); got != "hi" || err != nil {
				t.Fatalf("echo: %q, %v", got, err)
			}
			clients = append(clients, c)
		}
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
		if _, open, _, closed := l.stats(); open != 0 || !closed {
			t.Errorf("when Serve returned: %d connections open, listener closed %v; want 0 and true", open, closed)
		}
		for i, c := range clients {
			if _, err := c.Read(make([]byte, 1)); err != io.EOF {
				t.Errorf("client %d read %v after shutdown, want io.EOF", i, err)
			}
		}
	})
}

// TestShutdownMidWrite: a client sends but never reads its echo, so its
// goroutine is stuck writing. Shutdown must still end it.
func TestShutdownMidWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 2)
		c := l.Dial()
		defer c.Close()
		io.WriteString(c, "you will never hear this back")
		synctest.Wait()
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	})
}

// TestShutdownWhileFull: the limit is reached and more clients wait. Serve
// must not wait for a free slot once its context has ended.
func TestShutdownWhileFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 1)
		first := l.Dial()
		defer first.Close()
		if got, err := echo(first, "a"); got != "a" || err != nil {
			t.Fatalf("echo: %q, %v", got, err)
		}
		for range 2 {
			c := l.Dial()
			defer c.Close()
		}
		synctest.Wait()
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
		if accepted, open, _, _ := l.stats(); accepted != 1 || open != 0 {
			t.Errorf("accepted %d, open %d at the end; want 1 and 0", accepted, open)
		}
	})
}

// TestAcceptError: Accept fails with an error of its own; Serve closes
// what is open, waits, and returns that error.
func TestAcceptError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		l.fail = errors.New("too many open files")
		var clients []net.Conn
		for range 2 {
			c := l.Dial()
			defer c.Close()
			clients = append(clients, c)
		}
		err := Serve(context.Background(), l, 5)
		if !errors.Is(err, l.fail) {
			t.Errorf("Serve returned %v, want Accept's error", err)
		}
		if accepted, open, _, _ := l.stats(); accepted != 2 || open != 0 {
			t.Errorf("accepted %d, open %d when Serve returned; want 2 and 0", accepted, open)
		}
		for i, c := range clients {
			if _, err := c.Read(make([]byte, 1)); err != io.EOF {
				t.Errorf("client %d read %v, want io.EOF", i, err)
			}
		}
	})
}

// TestSlotsReturn: one connection at a time, ten clients one after the
// other, each hanging up: every hang-up frees the slot for the next.
func TestSlotsReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 1)
		for range 10 {
			c := l.Dial()
			if got, err := echo(c, "next"); got != "next" || err != nil {
				t.Fatalf("echo: %q, %v", got, err)
			}
			c.Close()
		}
		synctest.Wait()
		if accepted, open, peak, _ := l.stats(); accepted != 10 || open != 0 || peak != 1 {
			t.Errorf("accepted %d, open %d, at most %d at once; want 10, 0, 1", accepted, open, peak)
		}
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	})
}

// TestMaxBelowOne: a limit of 0 serves one connection at a time.
func TestMaxBelowOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		shutdown := serve(l, 0)
		a, b := l.Dial(), l.Dial()
		defer a.Close()
		defer b.Close()
		if got, err := echo(a, "a"); got != "a" || err != nil {
			t.Fatalf("echo: %q, %v", got, err)
		}
		go echo(b, "b")
		synctest.Wait()
		if accepted, _, peak, _ := l.stats(); accepted != 1 || peak != 1 {
			t.Errorf("accepted %d, at most %d at once with limit 0; want 1 and 1", accepted, peak)
		}
		if err := shutdown(); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	})
}

// TestShutdownPrompt: Serve returns at the instant its context ends,
// on the fake clock, while clients are connected.
func TestShutdownPrompt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newListener()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		for range 4 {
			c := l.Dial()
			defer c.Close()
		}
		t0 := time.Now()
		if err := Serve(ctx, l, 2); err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
		if d := time.Since(t0); d != 3*time.Second {
			t.Errorf("Serve returned after %v, want 3s (when its context ended)", d)
		}
	})
}
