package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"chronomap/data"
)

// settle is how long a file must stay quiet before it is reloaded: an
// editor or a copy writes a file in several steps.
const settle = 300 * time.Millisecond

// watchFiles calls changed(file) when a dataset file or its sidecar
// metadata changes, once the writes settle, until ctx is done. It watches
// the files' directories, since editors and `mv` replace a file rather
// than write to it.
func watchFiles(ctx context.Context, files []string, log *slog.Logger, changed func(file string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	byPath := map[string]string{} // a watched path → the dataset file it belongs to
	dirs := map[string]bool{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			w.Close()
			return err
		}
		byPath[abs], byPath[data.SidecarPath(abs)] = f, f
		dirs[filepath.Dir(abs)] = true
	}
	for d := range dirs {
		if err := w.Add(d); err != nil {
			w.Close()
			return err
		}
	}
	go func() {
		defer w.Close()
		pending := map[string]*time.Timer{}
		due := make(chan string)
		for {
			select {
			case <-ctx.Done():
				for _, t := range pending {
					t.Stop()
				}
				return
			case ev := <-w.Events:
				file, ok := byPath[filepath.Clean(ev.Name)]
				if !ok || ev.Op == fsnotify.Chmod {
					continue
				}
				if t := pending[file]; t != nil {
					t.Reset(settle)
					continue
				}
				pending[file] = time.AfterFunc(settle, func() {
					select {
					case due <- file:
					case <-ctx.Done():
					}
				})
			case file := <-due:
				delete(pending, file)
				changed(file)
			case err := <-w.Errors:
				log.Warn("watching the data files", "err", err)
			}
		}
	}()
	return nil
}
