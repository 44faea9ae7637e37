package bank

import (
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// finishWithin runs f in a goroutine and fails the test if it has not
// returned after d: the goroutines it started are then stuck, most likely
// in a deadlock.
func finishWithin(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v: deadlock?", what, d)
	}
}

func balances(t *testing.T, b *Bank, n int) []int64 {
	t.Helper()
	got := make([]int64, n)
	for i := range got {
		c, err := b.Balance(i)
		if err != nil {
			t.Fatalf("Balance(%d): %v", i, err)
		}
		got[i] = c
	}
	return got
}

func TestTransfer(t *testing.T) {
	b := New([]int64{100, 50, 0}, nil)
	if err := b.Transfer(0, 2, 30); err != nil {
		t.Fatalf("Transfer(0, 2, 30) = %v, want nil", err)
	}
	if err := b.Transfer(1, 0, 50); err != nil {
		t.Fatalf("Transfer(1, 0, 50) = %v, want nil", err)
	}
	want := []int64{120, 0, 30}
	for i, c := range balances(t, b, 3) {
		if c != want[i] {
			t.Errorf("Balance(%d) = %d, want %d", i, c, want[i])
		}
	}
	if got := b.Total(); got != 150 {
		t.Errorf("Total() = %d, want 150", got)
	}
}

func TestTransferErrors(t *testing.T) {
	b := New([]int64{100, 50}, nil)
	for _, c := range []struct {
		from, to int
		amount   int64
		want     error
	}{
		{0, 2, 10, ErrNoAccount},
		{-1, 0, 10, ErrNoAccount},
		{1, 1, 10, ErrSameAccount},
		{0, 1, 0, ErrAmount},
		{0, 1, -5, ErrAmount},
		{1, 0, 51, ErrInsufficient},
	} {
		if err := b.Transfer(c.from, c.to, c.amount); !errors.Is(err, c.want) {
			t.Errorf("Transfer(%d, %d, %d) = %v, want %v", c.from, c.to, c.amount, err, c.want)
		}
	}
	if _, err := b.Balance(2); !errors.Is(err, ErrNoAccount) {
		t.Errorf("Balance(2) error = %v, want ErrNoAccount", err)
	}
	if got := balances(t, b, 2); got[0] != 100 || got[1] != 50 {
		t.Errorf("after failed transfers the balances are %v, want [100 50]", got)
	}
}

// TestConcurrentTransfers moves money at random between four accounts from
// eight goroutines: no money may be made or lost, no balance go negative.
func TestConcurrentTransfers(t *testing.T) {
	start := []int64{1000, 1000, 1000, 1000}
	b := New(start, nil)
	finishWithin(t, 10*time.Second, "random transfers", func() {
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(g), 4))
				for range 2000 {
					from, to := r.IntN(4), r.IntN(4)
					err := b.Transfer(from, to, int64(1+r.IntN(50)))
					if err != nil && !errors.Is(err, ErrInsufficient) && !errors.Is(err, ErrSameAccount) {
						t.Errorf("Transfer(%d, %d, …): %v", from, to, err)
						return
					}
				}
			})
		}
		wg.Wait()
	})
	var sum int64
	for i, c := range balances(t, b, 4) {
		if c < 0 {
			t.Errorf("account %d ended at %d, below zero", i, c)
		}
		sum += c
	}
	if sum != 4000 {
		t.Errorf("the balances add up to %d after the transfers, want 4000", sum)
	}
}

// TestOppositeTransfers sends money both ways between the same two accounts
// from eight goroutines at once: the classic lock-order deadlock.
func TestOppositeTransfers(t *testing.T) {
	b := New([]int64{100_000, 100_000}, nil)
	finishWithin(t, 5*time.Second, "40,000 opposite transfers", func() {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 5000 {
					b.Transfer(0, 1, 1)
				}
			})
			wg.Go(func() {
				for range 5000 {
					b.Transfer(1, 0, 1)
				}
			})
		}
		wg.Wait()
	})
	if got := balances(t, b, 2); got[0] != 100_000 || got[1] != 100_000 {
		t.Errorf("balances after 20,000 transfers each way: %v, want [100000 100000]", got)
	}
}
