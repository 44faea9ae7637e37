package probe

// An infinite loop.
func Answer() int {
	for {
	}
}

func Secret() string {
	for {
	}
}
