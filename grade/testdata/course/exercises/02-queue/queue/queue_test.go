package queue

import (
	"context"
	"testing"
)

func TestFIFO(t *testing.T) {
	ctx := context.Background()
	q := New(3)
	for i := 1; i <= 3; i++ {
		if err := q.Put(ctx, i); err != nil {
			t.Fatalf("Put(%d): %v", i, err)
		}
	}
	for i := 1; i <= 3; i++ {
		if v, err := q.Get(ctx); err != nil || v != i {
			t.Fatalf("Get() = %d, %v; want %d, nil", v, err, i)
		}
	}
}
