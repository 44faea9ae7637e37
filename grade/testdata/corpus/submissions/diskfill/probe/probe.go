package probe

import (
	"fmt"
	"os"
)

// A disk filler: 2 GiB in 1 MiB files, the right answer only if it fit.
func Answer() int {
	b := make([]byte, 1<<20)
	for i := 0; i < 2048; i++ {
		if err := os.WriteFile(fmt.Sprintf("fill-%d", i), b, 0o644); err != nil {
			panic(err)
		}
	}
	return 42
}

func Secret() string { Answer(); return "xyzzy-hidden-7f3a" }
