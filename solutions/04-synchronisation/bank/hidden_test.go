package bank

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRingOfTransfers passes money round a ring of five accounts, every
// edge at once: a cycle of five locks, not two.
func TestRingOfTransfers(t *testing.T) {
	const n = 5
	start := make([]int64, n)
	for i := range start {
		start[i] = 50_000
	}
	b := New(start, nil)
	finishWithin(t, 5*time.Second, "transfers round a ring of 5 accounts", func() {
		var wg sync.WaitGroup
		for i := range n {
			for range 2 {
				wg.Go(func() {
					for range 2000 {
						b.Transfer(i, (i+1)%n, 1)
					}
				})
			}
		}
		wg.Wait()
	})
	for i, c := range balances(t, b, n) {
		if c != 50_000 {
			t.Errorf("account %d ended at %d, want 50000: every account gave and received 4000", i, c)
		}
	}
}

// TestTotalWhileTransferring audits the bank continually while money moves:
// every Total must see all the money, once.
func TestTotalWhileTransferring(t *testing.T) {
	const n = 6
	start := make([]int64, n)
	for i := range start {
		start[i] = 1000
	}
	b := New(start, nil)
	var stop atomic.Bool
	var bad atomic.Int64
	finishWithin(t, 10*time.Second, "transfers with concurrent Totals", func() {
		var movers, auditors sync.WaitGroup
		for i := range n {
			movers.Go(func() {
				for k := range 3000 {
					b.Transfer(i, (i+1+k%(n-1))%n, 7)
				}
			})
		}
		for range 2 {
			auditors.Go(func() {
				for !stop.Load() {
					if got := b.Total(); got != n*1000 {
						bad.Store(got)
					}
				}
			})
		}
		movers.Wait()
		stop.Store(true)
		auditors.Wait()
	})
	if got := bad.Load(); got != 0 {
		t.Errorf("Total() returned %d while transfers ran, want %d every time", got, n*1000)
	}
}

// TestDisjointTransfersOverlap checks that transfers between unrelated
// accounts do not wait for each other: the audits of 0→1 and 2→3 must be
// running at the same time, which a bank-wide lock forbids.
func TestDisjointTransfersOverlap(t *testing.T) {
	var arrived sync.WaitGroup
	arrived.Add(2)
	both := make(chan struct{})
	go func() { arrived.Wait(); close(both) }()
	var overlapped atomic.Int32
	b := New([]int64{10, 10, 10, 10}, func(from, to int, amount int64) {
		arrived.Done()
		select {
		case <-both:
			overlapped.Add(1)
		case <-time.After(2 * time.Second):
		}
	})
	finishWithin(t, 10*time.Second, "two disjoint transfers", func() {
		var wg sync.WaitGroup
		wg.Go(func() { b.Transfer(0, 1, 5) })
		wg.Go(func() { b.Transfer(2, 3, 5) })
		wg.Wait()
	})
	<-both
	if overlapped.Load() != 2 {
		t.Errorf("transfers 0→1 and 2→3 never ran at the same time; are all transfers behind one lock?")
	}
}

// TestAuditHoldsAccounts checks that while a transfer is between its checks
// and its update (in audit), no other transfer can touch its accounts.
func TestAuditHoldsAccounts(t *testing.T) {
	release := make(chan struct{})
	inAudit := make(chan struct{})
	var first atomic.Bool
	b := New([]int64{100, 0, 0}, func(from, to int, amount int64) {
		if first.CompareAndSwap(false, true) {
			close(inAudit)
			<-release
		}
	})
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { b.Transfer(0, 1, 100) })
	<-inAudit
	second := make(chan error, 1)
	wg.Go(func() { second <- b.Transfer(1, 2, 100) })
	select {
	case err := <-second:
		close(release)
		t.Fatalf("Transfer(1, 2, 100) returned %v while Transfer(0, 1, 100) was still in its audit", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-second; err != nil {
		t.Errorf("Transfer(1, 2, 100) after 0→1 completed = %v, want nil", err)
	}
	if got := balances(t, b, 3); got[2] != 100 {
		t.Errorf("balances %v, want [0 0 100]", got)
	}
}
