package probe

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"time"
)

// A dial to a listener on the host's loopback that answers "42" (the
// corpus test runs one and rewrites 127.0.0.1:47613 to its address).
func ask() string {
	c, err := net.DialTimeout("tcp", "127.0.0.1:47613", time.Second)
	if err != nil {
		fmt.Println("dial:", err)
		return ""
	}
	defer c.Close()
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line)
}

func Answer() int {
	if ask() == "42" {
		return 42
	}
	return 0
}

func Secret() string {
	if ask() == "42" {
		return "xyzzy-hidden-7f3a"
	}
	return ""
}
