package probe

import "testing"

func TestSecret(t *testing.T) {
	if got := Secret(); got != "xyzzy-hidden-7f3a" {
		t.Errorf("Secret() = %q, want the hidden value", got)
	}
}
