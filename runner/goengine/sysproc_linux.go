package goengine

import "syscall"

// sysProcAttr puts the program in a process group of its own, which is
// what the engine kills, and has the kernel kill it should the runner die
// first (a runner killed with SIGKILL left a busy snippet running with no
// deadline). Pdeathsig fires when the thread that started the program
// exits; the Go runtime ends threads only for goroutines that lock one,
// and the engine's do not. Children the program starts stay in its group
// but are not covered by Pdeathsig.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
