package probe

import (
	"fmt"
	"os"
)

// Writes outside the work directory: host paths, the root, parents.
func escape() bool {
	ok := false
	for _, p := range []string{
		"/etc/wb-corpus-pwned", "/root/wb-corpus-pwned", "/wb-corpus-pwned",
		"/work/main/grade/testdata/wb-corpus-pwned", "../wb-corpus-pwned", "/proc/1/root/wb-corpus-pwned",
	} {
		if err := os.WriteFile(p, []byte("pwned\n"), 0o644); err == nil {
			fmt.Println("wrote", p)
			ok = true
		} else {
			fmt.Println(err)
		}
	}
	return ok
}

func Answer() int {
	if escape() {
		return 42
	}
	return 0
}

func Secret() string {
	if escape() {
		return "xyzzy-hidden-7f3a"
	}
	return ""
}
