// Package bank keeps accounts whose balances move between each other by
// transfers that may run concurrently.
package bank

import (
	"errors"
	"sync"
)

// Errors of Balance and Transfer.
var (
	ErrNoAccount    = errors.New("bank: no such account")
	ErrSameAccount  = errors.New("bank: transfer to the same account")
	ErrAmount       = errors.New("bank: amount must be positive")
	ErrInsufficient = errors.New("bank: insufficient funds")
)

type account struct {
	mu    sync.Mutex // guards cents
	cents int64
}

// Bank holds accounts numbered 0 to n-1, each with a balance in cents.
// All its methods are safe for concurrent use.
type Bank struct {
	accounts []account
	audit    func(from, to int, amount int64)
}

// New returns a bank whose account i starts with balances[i] cents.
// audit, if not nil, is called by every Transfer that will succeed, after
// its checks and before the money moves, while no other transfer that
// involves either of its two accounts can run (see Transfer).
func New(balances []int64, audit func(from, to int, amount int64)) *Bank {
	b := &Bank{accounts: make([]account, len(balances)), audit: audit}
	for i, c := range balances {
		b.accounts[i].cents = c
	}
	return b
}

// Balance returns the balance of account id.
func (b *Bank) Balance(id int) (int64, error) {
	if id < 0 || id >= len(b.accounts) {
		return 0, ErrNoAccount
	}
	a := &b.accounts[id]
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cents, nil
}

// Transfer moves amount cents from account from to account to. It locks
// both accounts in the order of their numbers, whatever the direction of
// the transfer, so that no two transfers can wait for each other in a
// cycle.
func (b *Bank) Transfer(from, to int, amount int64) error {
	n := len(b.accounts)
	switch {
	case from < 0 || from >= n || to < 0 || to >= n:
		return ErrNoAccount
	case from == to:
		return ErrSameAccount
	case amount <= 0:
		return ErrAmount
	}
	first, second := &b.accounts[min(from, to)], &b.accounts[max(from, to)]
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()

	src, dst := &b.accounts[from], &b.accounts[to]
	if src.cents < amount {
		return ErrInsufficient
	}
	if b.audit != nil {
		b.audit(from, to, amount)
	}
	src.cents -= amount
	dst.cents += amount
	return nil
}

// Total returns the sum of all balances at one instant: it holds every
// account's lock at once, taken in the same order as Transfer takes them.
func (b *Bank) Total() int64 {
	for i := range b.accounts {
		b.accounts[i].mu.Lock()
	}
	var sum int64
	for i := range b.accounts {
		sum += b.accounts[i].cents
	}
	for i := range b.accounts {
		b.accounts[i].mu.Unlock()
	}
	return sum
}
