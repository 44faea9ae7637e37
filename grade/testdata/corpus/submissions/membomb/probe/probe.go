package probe

// A memory bomb: 8 GiB, every page touched.
var keep [][]byte

func Answer() int {
	for i := 0; i < 128; i++ {
		b := make([]byte, 64<<20)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		keep = append(keep, b)
	}
	return 42
}

func Secret() string { Answer(); return "xyzzy-hidden-7f3a" }
