//go:build unix && !linux

package yaegiengine

import (
	"runtime"
	"syscall"
)

// sysProcAttr puts a worker in a process group of its own, which is what
// the engine kills. Without Linux's Pdeathsig, an idle worker still ends
// when the runner dies (its stdin reaches EOF); a running one runs on.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// maxRSSUnit is the unit of Rusage.Maxrss: bytes on Darwin, KiB elsewhere.
var maxRSSUnit = map[bool]int64{true: 1, false: 1024}[runtime.GOOS == "darwin" || runtime.GOOS == "ios"]
