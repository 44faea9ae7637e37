package greet

import "testing"

func TestEmpty(t *testing.T) {
	if got := Hello(""); got != "hello, " {
		t.Errorf("Hello() = %q", got)
	}
}
