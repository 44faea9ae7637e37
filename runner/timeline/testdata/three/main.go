// Three CPU-bound goroutines: the program behind three-p1.trace and
// three-p2.trace (go test -record, run with GOMAXPROCS=1 and 2). The work
// is kept short, a few tens of milliseconds per worker, so that each trace
// stays a few kilobytes.
package main

import "fmt"

// spin burns CPU for a while, a stand-in for real work.
func spin(n int) int {
	x := 0
	for i := range n {
		x += i * i % 7
	}
	return x
}

func worker(id int, results chan<- string) {
	results <- fmt.Sprintf("worker %d: %d", id, spin(15_000_000))
}

func main() {
	results := make(chan string)
	for id := 1; id <= 3; id++ {
		go worker(id, results)
	}
	for range 3 {
		fmt.Println(<-results)
	}
}
