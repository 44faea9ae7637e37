package rpcmux

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
)

// The test binary doubles as the worker program: started with
// RPCMUX_WORKER=1, it serves calls on its standard input and output with
// your Serve, answering each with its body reversed, and exits.
func init() {
	if os.Getenv("RPCMUX_WORKER") != "1" {
		return
	}
	if err := Serve(stdio{os.Stdin, os.Stdout}, reverse); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

type stdio struct {
	io.Reader
	io.Writer
}

func reverse(b []byte) []byte {
	r := slices.Clone(b)
	slices.Reverse(r)
	return r
}

// end is one end of an in-memory connection made of two io.Pipes, so
// that one side can stop writing (its peer reads io.EOF) and still read.
type end struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (e end) Read(b []byte) (int, error)  { return e.r.Read(b) }
func (e end) Write(b []byte) (int, error) { return e.w.Write(b) }

// Close stops both directions at this end: the peer reads io.EOF, and a
// Read blocked here returns.
func (e end) Close() error {
	e.w.Close()
	e.r.Close()
	return nil
}

// CloseWrite stops only this end's writing.
func (e end) CloseWrite() error { return e.w.Close() }

func connPair() (client, server end) {
	c2sR, c2sW := io.Pipe()
	s2cR, s2cW := io.Pipe()
	return end{s2cR, c2sW}, end{c2sR, s2cW}
}

// serving starts your Serve on the server end and returns a function that
// waits for Serve to return and gives its error.
func serving(server end, handler func([]byte) []byte) func() error {
	errc := make(chan error, 1)
	go func() { errc <- Serve(server, handler) }()
	return func() error { return <-errc }
}

func shout(b []byte) []byte { return bytes.ToUpper(b) }

// TestRoundTrip: one call, answered by your Serve.
func TestRoundTrip(t *testing.T) {
	client, server := connPair()
	served := serving(server, shout)
	c := NewClient(client, 4)
	got, err := c.Call(context.Background(), []byte("ping"))
	if err != nil || string(got) != "PING" {
		t.Errorf(`Call("ping") = %q, %v; want "PING", nil`, got, err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := served(); err != nil {
		t.Errorf("Serve returned %v after the client closed, want nil", err)
	}
}

// TestConcurrentCallers: 50 goroutines share one client; each gets the
// answer to its own question.
func TestConcurrentCallers(t *testing.T) {
	client, server := connPair()
	served := serving(server, shout)
	c := NewClient(client, 8)
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Go(func() {
			for k := range 5 {
				q := fmt.Sprintf("caller %d question %d", g, k)
				got, err := c.Call(context.Background(), []byte(q))
				if want := bytes.ToUpper([]byte(q)); err != nil || !bytes.Equal(got, want) {
					t.Errorf("Call(%q) = %q, %v; want %q", q, got, err, want)
				}
			}
		})
	}
	wg.Wait()
	c.Close()
	served()
}

// TestWorkerProcess: the client talks to a real worker process through
// its standard input and output.
func TestWorkerProcess(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), "RPCMUX_WORKER=1", "GORACE=atexit_sleep_ms=0")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Closing the client closes the worker's input; the worker then
	// finishes, exits, and its output ends.
	c := NewClient(struct {
		io.Reader
		io.WriteCloser
	}{stdout, stdin}, 4)

	var wg sync.WaitGroup
	for g := range 20 {
		wg.Go(func() {
			q := fmt.Sprintf("message %02d", g)
			got, err := c.Call(context.Background(), []byte(q))
			if want := reverse([]byte(q)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("Call(%q) = %q, %v; want %q", q, got, err, want)
			}
		})
	}
	wg.Wait()
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("the worker process ended with %v, want a clean exit", err)
	}
	if _, err := c.Call(context.Background(), []byte("late")); !errors.Is(err, ErrClosed) {
		t.Errorf("Call after Close returned %v, want ErrClosed", err)
	}
}
