package limit

import "testing"

func TestRunsAll(t *testing.T) {
	ran := make([]bool, 10)
	var tasks []func()
	for i := range ran {
		tasks = append(tasks, func() { ran[i] = true })
	}
	Run(3, tasks)
	for i, ok := range ran {
		if !ok {
			t.Errorf("task %d did not run", i)
		}
	}
}
