package chapter

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Dir is the directory, relative to the book's root, that holds chapters.
const Dir = "chapters"

// List returns the paths of the book's chapters (chapters/NN-slug.md),
// sorted by number.
func List(book fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(book, Dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && chapterName.MatchString(e.Name()) {
			paths = append(paths, path.Join(Dir, e.Name()))
		}
	}
	sort.Slice(paths, func(i, j int) bool {
		ni, _ := NameParts(paths[i])
		nj, _ := NameParts(paths[j])
		if ni != nj {
			return ni < nj
		}
		return paths[i] < paths[j]
	})
	return paths, nil
}

// Resolve turns what a user typed into the path of a chapter in book:
// "chapter3", "ch3", "3", "03", a slug ("threads"), a file name
// ("03-threads.md") or a path to a chapter. A path to a Markdown file
// outside chapters/ is returned as it is, made relative to book's root
// when it lies inside it.
func Resolve(book fs.FS, name string) (string, error) {
	if strings.HasSuffix(name, ".md") {
		p := filepath.ToSlash(filepath.Clean(name))
		if _, err := fs.Stat(book, p); err == nil {
			return p, nil
		}
		if _, err := fs.Stat(book, path.Join(Dir, p)); err == nil {
			return path.Join(Dir, p), nil
		}
		if _, err := os.Stat(name); err == nil {
			return "", fmt.Errorf("%s is outside the book; give a path inside it", name)
		}
		return "", fmt.Errorf("no chapter file %s", name)
	}
	paths, err := List(book)
	if err != nil {
		return "", fmt.Errorf("list chapters: %w", err)
	}
	key := strings.ToLower(name)
	for _, prefix := range []string{"chapter", "ch"} {
		if rest, ok := strings.CutPrefix(key, prefix); ok {
			if _, err := strconv.Atoi(rest); err == nil {
				key = rest
			}
		}
	}
	num, numErr := strconv.Atoi(key)
	var slugs []string
	for _, p := range paths {
		n, slug := NameParts(p)
		if (numErr == nil && n == num) || slug == key {
			return p, nil
		}
		slugs = append(slugs, fmt.Sprintf("%d (%s)", n, slug))
	}
	if len(slugs) == 0 {
		return "", fmt.Errorf("no chapter %q: %s/ holds no NN-slug.md files", name, Dir)
	}
	return "", fmt.Errorf("no chapter %q; the chapters are %s", name, strings.Join(slugs, ", "))
}

// Load resolves name and parses the chapter.
func Load(book fs.FS, name string) (*Chapter, error) {
	p, err := Resolve(book, name)
	if err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(book, p)
	if err != nil {
		return nil, err
	}
	return Parse(p, src)
}
