// Package yaegiengine runs programs with the yaegi interpreter, each in a
// worker process of its own. (Full documentation follows.)
package yaegiengine
