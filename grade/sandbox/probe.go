package sandbox

// probeSource is the program SelfTest runs in the sandbox: each argument
// names one attack, and it prints "probe: ok" only if the attack succeeded,
// so a missing line is a defended property, whatever else went wrong.
const probeSource = `// Command wb-probe attacks the sandbox it runs in (workbook grade --selftest).
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	switch os.Args[1] {
	case "hello":
		fmt.Println("probe: hello uid", os.Getuid())
	case "dial":
		c, err := net.DialTimeout("tcp", os.Args[2], 2*time.Second)
		if err == nil {
			c.Close()
			fmt.Println("probe: ok dialed", os.Args[2])
			return
		}
		fmt.Println("probe: dial:", err)
	case "write":
		for _, p := range os.Args[2:] {
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
			if err == nil {
				_, err = f.WriteString("pwned\n")
				f.Close()
			}
			if err == nil {
				fmt.Println("probe: ok wrote", p)
			} else {
				fmt.Println("probe: write:", err)
			}
		}
	case "procs":
		host, _ := strconv.Atoi(os.Args[2])
		if err := syscall.Kill(host, 0); err == nil {
			fmt.Println("probe: ok host pid", host, "is visible")
		}
		ents, _ := os.ReadDir("/proc")
		n := 0
		for _, e := range ents {
			if _, err := strconv.Atoi(e.Name()); err == nil {
				n++
			}
		}
		if n > 3 {
			fmt.Println("probe: ok sees", n, "processes")
		}
		fmt.Println("probe: sees", n, "processes")
	case "memory":
		var keep [][]byte
		for i := 0; ; i++ {
			b := make([]byte, 16<<20)
			for j := 0; j < len(b); j += 4096 {
				b[j] = 1
			}
			keep = append(keep, b)
			if i%16 == 0 {
				fmt.Println("probe: holding MiB", 16*len(keep))
			}
			if len(keep)*16 >= 4096 {
				fmt.Println("probe: ok allocated 4 GiB")
				return
			}
		}
	case "fork", "forkhold":
		var cmds []*exec.Cmd
		for i := 0; i < 1000; i++ {
			c := exec.Command(os.Args[0], "sleep")
			c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
			if err := c.Start(); err != nil {
				fmt.Println("probe: fork stopped at", i, err)
				if os.Args[1] == "forkhold" {
					time.Sleep(3 * time.Second)
				}
				return
			}
			cmds = append(cmds, c)
		}
		fmt.Println("probe: ok started 1000 processes")
	case "sleep":
		time.Sleep(time.Hour)
	case "spin":
		for i := 0; ; i++ {
			if i < 0 {
				fmt.Println(i)
			}
		}
	case "fsize":
		f, err := os.Create("big")
		if err != nil {
			fmt.Println("probe: create:", err)
			return
		}
		b := make([]byte, 1<<20)
		n := 0
		for i := 0; i < 256; i++ {
			k, err := f.Write(b)
			n += k
			if err != nil {
				fmt.Println("probe: fsize stopped at", n, err)
				return
			}
		}
		fmt.Println("probe: ok wrote 256 MiB to one file")
	case "disk":
		b := make([]byte, 1<<20)
		for i := 0; i < 256; i++ {
			if err := os.WriteFile("f"+strconv.Itoa(i), b, 0o600); err != nil {
				fmt.Println("probe: disk stopped at MiB", i, err)
				return
			}
		}
		fmt.Println("probe: ok wrote 256 MiB in files")
	case "orphan":
		c := exec.Command(os.Args[0], "sleep", os.Args[2])
		c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err := c.Start(); err != nil {
			fmt.Println("probe: orphan:", err)
			return
		}
		fmt.Println("probe: started orphan", c.Process.Pid)
	case "flood":
		line := strings.Repeat("x", 1023) + "\n"
		for i := 0; i < 16<<10; i++ {
			os.Stdout.WriteString(line)
		}
	}
}
`
