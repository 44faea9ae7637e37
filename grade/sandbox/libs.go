package sandbox

import (
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
)

// libDirs are where the dynamic loader looks for the libraries a -race test
// binary needs (libc, on Debian and most glibc systems).
var libDirs = []string{
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
	"/lib64", "/usr/lib64", "/lib", "/usr/lib",
}

// sharedDeps returns the host paths of the ELF interpreter and the shared
// libraries bin needs, each resolved and transitively; nil for a static
// binary. Only these files, not all of /usr, are shown to a run, so the
// sandbox reveals as little of the host as the program needs to start.
func sharedDeps(bin string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	var visit func(path string) error
	visit = func(path string) error {
		f, err := elf.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type != elf.PT_INTERP {
				continue
			}
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				return err
			}
			interp := string(b[:len(b)-1])
			if !seen[interp] {
				seen[interp] = true
				out = append(out, interp)
			}
		}
		libs, err := f.ImportedLibraries()
		if err != nil {
			return err
		}
		for _, lib := range libs {
			path, err := findLib(lib)
			if err != nil {
				return err
			}
			if seen[path] {
				continue
			}
			seen[path] = true
			out = append(out, path)
			if err := visit(path); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(bin); err != nil {
		return nil, fmt.Errorf("sandbox: shared libraries of %s: %v", filepath.Base(bin), err)
	}
	return out, nil
}

func findLib(name string) (string, error) {
	for _, d := range libDirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found in %v", name, libDirs)
}
