package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher turns file system notifications under a set of roots into
// batches of changed paths, the way Hugo's watcher/batcher.go does: it
// watches every directory (and each new one as it appears), drops editors'
// temporary files and Chmod-only noise, and sends the paths that changed
// once the tree has been quiet for Quiet, so that an editor's atomic save
// (write a temporary file, rename it over the old one) or a git checkout
// is one rebuild, not ten.
type Watcher struct {
	Quiet time.Duration // default 30ms
	w     *fsnotify.Watcher
	out   chan []string
}

// NewWatcher watches the directories roots (those that exist) and every
// directory below them.
func NewWatcher(roots ...string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{w: fw, out: make(chan []string)}
	for _, r := range roots {
		if err := w.addTree(r); err != nil && !os.IsNotExist(err) {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Batches is where the batches come.
func (w *Watcher) Batches() <-chan []string { return w.out }

// Run feeds Batches until ctx ends, then closes the watcher and Batches.
func (w *Watcher) Run(ctx context.Context) error {
	defer close(w.out)
	defer w.w.Close()
	return Batch(ctx, w.w.Events, w.w.Errors, w.Quiet, w.out, w.addTree)
}

func (w *Watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.w.Add(p)
		}
		return nil
	})
}

// Batch reads raw events and sends batches of changed paths to out when
// no event has come for quiet. A created directory is passed to watchDir
// (and its files counted as changed). Errors of the notifier are dropped:
// a missed event is repaired by the next one, and the server keeps going.
func Batch(ctx context.Context, events <-chan fsnotify.Event, errs <-chan error, quiet time.Duration, out chan<- []string, watchDir func(string) error) error {
	if quiet <= 0 {
		quiet = 30 * time.Millisecond
	}
	var pending []string
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-errs:
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			if !Relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && watchDir != nil {
					_ = watchDir(ev.Name)
				}
			}
			if !slices.Contains(pending, ev.Name) {
				pending = append(pending, ev.Name)
			}
			timer.Reset(quiet)
		case <-timer.C:
			batch := pending
			pending = nil
			select {
			case out <- batch:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// Relevant reports whether an event can change the book: not a Chmod
// alone, not an editor's or tool's temporary file.
func Relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	return !TempFile(filepath.Base(ev.Name))
}

// TempFile reports whether name is one of the files editors and tools
// write beside the real ones: Vim's swap files and its 4913 probe, Emacs's
// lock and autosave files, backups ending in ~, JetBrains' and GNOME's
// save files, and our own build's temporary directories.
func TempFile(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store":
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, "___jb_tmp___"),
		strings.HasSuffix(name, "___jb_old___"):
		return true
	case strings.HasPrefix(name, ".#"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".goutputstream-"), strings.Contains(name, ".tmp-"):
		return true
	}
	return false
}
