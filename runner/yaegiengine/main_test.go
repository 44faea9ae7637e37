package yaegiengine

import (
	"context"
	"os"
	"testing"
	"time"

	"workbook/runner/job"
)

// workerVar makes the test binary a worker: the engine under test starts
// os.Args[0] with it set, and TestMain then serves one job.
const workerVar = "YAEGIENGINE_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerVar) == "1" {
		os.Exit(ServeWorker(os.Stdin, os.NewFile(3, "status")))
	}
	os.Exit(m.Run())
}

// testConfig starts the test binary as the worker. Under -race the race
// runtime would sleep a second at every worker's exit (atexit_sleep_ms).
func testConfig() Config {
	return Config{Worker: []string{os.Args[0]}, WorkerEnv: []string{workerVar + "=1", "GORACE=atexit_sleep_ms=0"}}
}

func newEngine(t testing.TB, cfg Config) *Engine {
	t.Helper()
	e := New(cfg)
	t.Cleanup(func() { e.Close() })
	return e
}

// program is a one-file Spec with a generous deadline: the tests that
// reach it fail as timeouts rather than hang.
func program(body string) job.Spec {
	return job.Spec{Files: []job.File{{Name: "main.go", Body: body}}, Timeout: 20 * time.Second}
}

func mustRun(t *testing.T, e *Engine, s job.Spec) job.Result {
	t.Helper()
	res, err := e.Run(context.Background(), s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}
