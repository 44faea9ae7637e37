package gilsim_test

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"gilsim"
)

// probe counts how many of its sections run at once. Its own mutex is held
// only for an instant, never across a sleep.
type probe struct {
	mu      sync.Mutex
	running int
	peak    int
}

// section returns a function that enters the probe, takes d of (fake) time
// and leaves it: a CPU step that lasts d, or an I/O wait.
func (p *probe) section(d time.Duration) func() {
	return func() {
		p.mu.Lock()
		p.running++
		p.peak = max(p.peak, p.running)
		p.mu.Unlock()
		time.Sleep(d)
		p.mu.Lock()
		p.running--
		p.mu.Unlock()
	}
}

func (p *probe) max() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// TestStepsNeverOverlap: four CPU-bound threads of five one-second steps
// each. Under a GIL no two steps overlap, so the job takes 20 s of fake
// time, however many cores the machine has.
func TestStepsNeverOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := gilsim.New(1)
		var cpu probe
		start := time.Now()
		for range 4 {
			in.Go(func(th *gilsim.Thread) {
				for range 5 {
					th.Step(cpu.section(time.Second))
				}
			})
		}
		in.Wait()
		if got := cpu.max(); got != 1 {
			t.Errorf("%d CPU steps ran at the same time, want 1", got)
		}
		if d := time.Since(start); d != 20*time.Second {
			t.Errorf("4 threads × 5 one-second steps took %v, want 20s (one step at a time)", d)
		}
	})
}

// TestIOOverlaps: four threads each run a one-second step, wait 10 s for
// I/O, and run another step. The I/O waits release the GIL, so all four
// wait at once while the steps still run one at a time:
//
//	thread 1: step 0–1 s, I/O 1–11 s, step 11–12 s
//	thread 2: step 1–2 s, I/O 2–12 s, step 12–13 s
//	thread 3: step 2–3 s, I/O 3–13 s, step 13–14 s
//	thread 4: step 3–4 s, I/O 4–14 s, step 14–15 s
func TestIOOverlaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := gilsim.New(100) // no forced switches in this test
		var cpu, io probe
		start := time.Now()
		for range 4 {
			in.Go(func(th *gilsim.Thread) {
				th.Step(cpu.section(time.Second))
				th.IO(io.section(10 * time.Second))
				th.Step(cpu.section(time.Second))
			})
		}
		in.Wait()
		if got := cpu.max(); got != 1 {
			t.Errorf("%d CPU steps ran at the same time, want 1", got)
		}
		if got := io.max(); got != 4 {
			t.Errorf("at most %d I/O waits overlapped, want all 4 (IO must release the GIL)", got)
		}
		if d := time.Since(start); d != 15*time.Second {
			t.Errorf("the job took %v, want 15s", d)
		}
	})
}
