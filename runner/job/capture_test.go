package job

import (
	"strings"
	"testing"
)

func TestCaptureKeepsAllBelowLimit(t *testing.T) {
	c := NewCapture(100)
	c.Write([]byte("hello "))
	c.Write([]byte("world"))
	if c.String() != "hello world" || c.Truncated() {
		t.Errorf("got %q truncated=%v", c.String(), c.Truncated())
	}
}

func TestCaptureHeadAndTail(t *testing.T) {
	var all strings.Builder
	for _, chunk := range []int{1, 3, 7, 20, 1, 64, 5} {
		c := NewCapture(20)
		all.Reset()
		for i := 0; i < 500; i += chunk {
			var b strings.Builder
			for j := i; j < i+chunk && j < 500; j++ {
				b.WriteByte(byte('a' + j%26))
			}
			all.WriteString(b.String())
			c.Write([]byte(b.String()))
		}
		s := all.String()
		want := s[:10] + "\n… [480 bytes cut] …\n" + s[len(s)-10:]
		if got := c.String(); got != want || !c.Truncated() {
			t.Errorf("chunk %d: got %q, want %q", chunk, got, want)
		}
	}
}
