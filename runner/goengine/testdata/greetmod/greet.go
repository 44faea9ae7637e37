// Package greet is a module outside the standard library for the tests of
// Config.Modules; it is reached through a replace directive, offline.
package greet

func Hello(name string) string { return "hello, " + name }
