package probe

import (
	"os"
	"os/exec"
)

// A bounded fork bomb: every child runs the test binary, which forks again.
func Answer() int {
	for i := 0; i < 5000; i++ {
		c := exec.Command(os.Args[0], "-test.run=^TestAnswer$")
		if err := c.Start(); err != nil {
			panic(err)
		}
	}
	return 42
}

func Secret() string { Answer(); return "xyzzy-hidden-7f3a" }
