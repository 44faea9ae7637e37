package rpcmux

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// script is a hand-written server on the server end of a connection: it
// decodes request frames and leaves the replying to the test.
type script struct {
	dec *gob.Decoder
	mu  sync.Mutex
	enc *gob.Encoder
	end end
}

func newScript(server end) *script {
	return &script{dec: gob.NewDecoder(server), enc: gob.NewEncoder(server), end: server}
}

func (s *script) recv(t *testing.T) Frame {
	t.Helper()
	var f Frame
	if err := s.dec.Decode(&f); err != nil {
		t.Fatalf("server: reading a request: %v", err)
	}
	return f
}

// reply answers f with "re: " and its body.
func (s *script) reply(f Frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc.Encode(Frame{ID: f.ID, Body: append([]byte("re: "), f.Body...)})
}

type answer struct {
	body []byte
	err  error
}

// call runs c.Call in a goroutine; the answer arrives on the channel.
func call(ctx context.Context, c *Client, body string) <-chan answer {
	ch := make(chan answer, 1)
	go func() {
		b, err := c.Call(ctx, []byte(body))
		ch <- answer{b, err}
	}()
	return ch
}

// TestRepliesOutOfOrder: the server answers three requests in the reverse
// of the order they came in; each caller still gets its own answer.
func TestRepliesOutOfOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		s := newScript(server)
		c := NewClient(client, 3)
		var answers []<-chan answer
		for k := range 3 {
			answers = append(answers, call(t.Context(), c, fmt.Sprint("q", k)))
		}
		var got []Frame
		for range 3 {
			got = append(got, s.recv(t))
		}
		ids := map[uint64]bool{}
		for i := len(got) - 1; i >= 0; i-- {
			ids[got[i].ID] = true
			s.reply(got[i])
		}
		if len(ids) != 3 {
			t.Errorf("three calls in flight used %d distinct IDs, want 3", len(ids))
		}
		for k, ch := range answers {
			a := <-ch
			if want := fmt.Sprint("re: q", k); a.err != nil || string(a.body) != want {
				t.Errorf("call %d: got %q, %v; want %q", k, a.body, a.err, want)
			}
		}
		c.Close()
	})
}

// TestInFlightBound: with limit 3, ten callers at once never have more
// than three requests unanswered at the server, and the ten one-second
// answers take four seconds.
func TestInFlightBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		s := newScript(server)
		c := NewClient(client, 3)

		var mu sync.Mutex
		open, peak := 0, 0
		go func() { // the server: each request is answered a second after it came
			for {
				var f Frame
				if s.dec.Decode(&f) != nil {
					return
				}
				mu.Lock()
				open++
				peak = max(peak, open)
				mu.Unlock()
				go func() {
					time.Sleep(time.Second)
					mu.Lock()
					open--
					mu.Unlock()
					s.reply(f)
				}()
			}
		}()

		start := time.Now()
		var answers []<-chan answer
		for k := range 10 {
			answers = append(answers, call(t.Context(), c, fmt.Sprint("q", k)))
		}
		for k, ch := range answers {
			if a := <-ch; a.err != nil || string(a.body) != fmt.Sprint("re: q", k) {
				t.Errorf("call %d: got %q, %v", k, a.body, a.err)
			}
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("ten one-second calls, three at a time, took %v; want 4s", d)
		}
		if peak != 3 {
			t.Errorf("at most %d requests were unanswered at once, want 3 (the limit, and all of it)", peak)
		}
		c.Close()
	})
}

// TestCloseReleasesCallers: the server never answers. Two callers wait
// for replies and three for a slot; Close releases all five with
// ErrClosed, and returns.
func TestCloseReleasesCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		s := newScript(server)
		c := NewClient(client, 2)
		go func() { // read requests, never answer
			for {
				var f Frame
				if s.dec.Decode(&f) != nil {
					return
				}
			}
		}()
		var answers []<-chan answer
		for k := range 5 {
			answers = append(answers, call(t.Context(), c, fmt.Sprint("q", k)))
		}
		synctest.Wait() // every caller is stuck
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		for k, ch := range answers {
			if a := <-ch; !errors.Is(a.err, ErrClosed) {
				t.Errorf("call %d after Close: got %q, %v; want ErrClosed", k, a.body, a.err)
			}
		}
		server.Close()
	})
}

// TestContextCancel: a call whose context ends returns the context's
// error at that moment and gives its slot back; its late reply is dropped
// without disturbing the next call.
func TestContextCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		s := newScript(server)
		c := NewClient(client, 1)

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		slow := call(ctx, c, "slow")
		first := s.recv(t)
		a := <-slow
		if !errors.Is(a.err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("a call with a 1s deadline and no reply: got %q, %v after %v; want DeadlineExceeded after 1s",
				a.body, a.err, time.Since(start))
		}

		next := call(t.Context(), c, "next") // needs the only slot
		second := s.recv(t)
		s.reply(first) // too late: nobody waits for it
		s.reply(second)
		if a := <-next; a.err != nil || string(a.body) != "re: next" {
			t.Errorf("the call after a cancelled one: got %q, %v; want \"re: next\"", a.body, a.err)
		}
		c.Close()
	})
}

// TestServerHangsUp: the server reads one request and closes the
// connection; the waiting call and every later one fail with ErrClosed.
func TestServerHangsUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		s := newScript(server)
		c := NewClient(client, 4)
		waiting := call(t.Context(), c, "q")
		s.recv(t)
		server.Close()
		if a := <-waiting; !errors.Is(a.err, ErrClosed) {
			t.Errorf("call when the server hung up: got %q, %v; want ErrClosed", a.body, a.err)
		}
		if _, err := c.Call(t.Context(), []byte("later")); !errors.Is(err, ErrClosed) {
			t.Errorf("call after the server hung up: %v, want ErrClosed", err)
		}
		c.Close()
	})
}

// TestCallAfterClose: a closed client refuses calls at once.
func TestCallAfterClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		c := NewClient(client, 1)
		c.Close()
		if _, err := c.Call(t.Context(), []byte("q")); !errors.Is(err, ErrClosed) {
			t.Errorf("Call after Close: %v, want ErrClosed", err)
		}
		server.Close()
	})
}

// TestServeConcurrent: your Serve runs handlers at the same time (four
// one-second handlers answer after one second, in the order they finish),
// and returns only after the last reply of a closed input is written.
func TestServeConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connPair()
		served := serving(server, func(b []byte) []byte {
			d, _ := time.ParseDuration(string(b))
			time.Sleep(d)
			return []byte("slept " + string(b))
		})
		enc, dec := gob.NewEncoder(client), gob.NewDecoder(client)
		start := time.Now()
		for id, d := range []string{"4s", "1s", "3s", "1s"} {
			enc.Encode(Frame{ID: uint64(id), Body: []byte(d)})
		}
		client.CloseWrite() // no more requests; the replies must still come
		var order []uint64
		for range 4 {
			var f Frame
			if err := dec.Decode(&f); err != nil {
				t.Fatalf("reading a reply: %v", err)
			}
			order = append(order, f.ID)
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("handlers of 4s, 1s, 3s and 1s took %v in all, want 4s: they should run at once", d)
		}
		if order[3] != 0 || order[2] != 2 {
			t.Errorf("replies came in the order %v, want the 4s one (ID 0) last and the 3s one (ID 2) before it", order)
		}
		if err := served(); err != nil {
			t.Errorf("Serve returned %v at the end of its input, want nil", err)
		}
		client.Close()
	})
}

// TestManyClientsOneServer: several clients, each over its own
// connection to its own Serve, used from many goroutines (checked by the
// race detector).
func TestManyClientsOneServer(t *testing.T) {
	var wg sync.WaitGroup
	for k := range 3 {
		wg.Go(func() {
			client, server := connPair()
			served := serving(server, shout)
			c := NewClient(client, 2)
			var inner sync.WaitGroup
			for g := range 10 {
				inner.Go(func() {
					q := fmt.Sprintf("client %d caller %d", k, g)
					got, err := c.Call(context.Background(), []byte(q))
					if err != nil || !bytes.Equal(got, bytes.ToUpper([]byte(q))) {
						t.Errorf("Call(%q) = %q, %v", q, got, err)
					}
				})
			}
			inner.Wait()
			c.Close()
			served()
		})
	}
	wg.Wait()
}
