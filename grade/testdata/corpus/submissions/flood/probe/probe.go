package probe

import (
	"fmt"
	"strings"
)

// An output flood: 64 MiB before the right answer.
func Answer() int {
	line := strings.Repeat("flood ", 170) + "\n"
	for i := 0; i < 64<<10; i++ {
		fmt.Print(line)
	}
	return 42
}

func Secret() string { Answer(); return "xyzzy-hidden-7f3a" }
