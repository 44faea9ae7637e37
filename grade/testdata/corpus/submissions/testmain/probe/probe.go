package probe

import (
	"os"
	"testing"
)

// A smuggled TestMain that never runs the tests.
func TestMain(m *testing.M) {
	os.Stdout.WriteString("PASS\n")
	os.Exit(0)
}

func Answer() int { return 0 }

func Secret() string { return "" }
