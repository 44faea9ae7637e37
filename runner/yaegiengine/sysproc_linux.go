package yaegiengine

import "syscall"

// sysProcAttr puts a worker in a process group of its own, which is what
// the engine kills, and has the kernel kill it should the runner die first
// (a worker stuck in an endless loop would otherwise outlive it).
// Pdeathsig fires when the thread that started the worker exits; the Go
// runtime does not end its threads except for goroutines that lock one,
// and the engine's do not.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// maxRSSUnit is the unit of Rusage.Maxrss: KiB on Linux.
const maxRSSUnit = 1024
