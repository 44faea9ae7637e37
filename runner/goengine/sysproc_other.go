//go:build unix && !linux

package goengine

import "syscall"

// sysProcAttr puts the program in a process group of its own, which is
// what the engine kills. Without Linux's Pdeathsig, a program outlives a
// runner that is killed outright.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
