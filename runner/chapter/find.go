package chapter

import (
	"fmt"
	"io/fs"
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
// ("03-threads.md") or a path, relative to book's root, of a chapter or of
// any Markdown file. (Paths relative to the current directory are the
// command's to translate: this looks only inside book.)
func Resolve(book fs.FS, name string) (string, error) {
	if strings.HasSuffix(name, ".md") {
		p := path.Clean(filepath.ToSlash(name))
		for _, try := range []string{p, path.Join(Dir, p)} {
			if fs.ValidPath(try) {
				if _, err := fs.Stat(book, try); err == nil {
					return try, nil
				}
			}
		}
		return "", fmt.Errorf("no chapter file %s in the book", name)
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
