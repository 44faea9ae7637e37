package runner

import (
	"sync"

	"workbook/runner/event"
)

// ordered passes events on in task order while tasks run in parallel: the
// head task (every task before it finished) streams live; later tasks are
// buffered until they become the head.
type ordered struct {
	mu   sync.Mutex
	sink event.Sink
	head int
	bufs [][]event.Event
	done []bool
}

func newOrdered(sink event.Sink, n int) *ordered {
	return &ordered{sink: sink, bufs: make([][]event.Event, n), done: make([]bool, n)}
}

func (o *ordered) emit(i int, e event.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if i == o.head {
		o.sink.Event(e)
		return
	}
	o.bufs[i] = append(o.bufs[i], e)
}

func (o *ordered) finish(i int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.done[i] = true
	for o.head < len(o.done) && o.done[o.head] {
		o.head++
		if o.head < len(o.bufs) {
			for _, e := range o.bufs[o.head] {
				o.sink.Event(e)
			}
			o.bufs[o.head] = nil
		}
	}
}
