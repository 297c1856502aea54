package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chronomap/server"
)

// TestDevServesTheDiskAsItIs edits, adds and removes files under a --dev
// server: every change shows on the next request (review section 14).
func TestDevServesTheDiskAsItIs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mtime time.Time) {
		t.Helper()
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	write("index.html", "<!doctype html><title>one</title>", at)
	write("app.css", "body{}", at)
	e, err := server.New(server.Config{Collections: newCollections(t), Assets: os.DirFS(dir), Dev: true})
	if err != nil {
		t.Fatal(err)
	}

	first := get(t, e, "/app.css")
	etag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || etag == "" {
		t.Fatalf("GET /app.css: %d, ETag %q", first.Code, etag)
	}
	if r := get(t, e, "/app.css", "If-None-Match", etag); r.Code != http.StatusNotModified {
		t.Errorf("unchanged file revalidated: %d, want 304", r.Code)
	}

	// The same size, a second later: only the modification time tells.
	write("app.css", "p  {}", at.Add(time.Second))
	r := get(t, e, "/app.css", "If-None-Match", etag)
	if r.Code != http.StatusOK || r.Body.String() != "p  {}" {
		t.Errorf("edited file with the old ETag: %d %q, want 200 and the new bytes", r.Code, r.Body)
	}
	if got := r.Header().Get("ETag"); got == etag || got == "" {
		t.Errorf("edited file kept its ETag %q", got)
	}
	write("index.html", "<!doctype html><title>two, longer</title>", at)
	if r := get(t, e, "/"); r.Body.String() != "<!doctype html><title>two, longer</title>" {
		t.Errorf("GET / after an edit: %q", r.Body)
	}

	write("new.js", "export {};", at)
	if r := get(t, e, "/new.js"); r.Code != http.StatusOK || r.Body.String() != "export {};" {
		t.Errorf("new file: %d %q, want 200", r.Code, r.Body)
	}
	if err := os.Remove(filepath.Join(dir, "new.js")); err != nil {
		t.Fatal(err)
	}
	if r := get(t, e, "/new.js"); r.Code != http.StatusNotFound {
		t.Errorf("removed file: %d, want 404", r.Code)
	}
	if err := os.Mkdir(filepath.Join(dir, "js"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := get(t, e, "/js"); r.Code != http.StatusNotFound {
		t.Errorf("directory: %d, want 404 (no listings)", r.Code)
	}
}

// TestEmbeddedFilesKeepTheirETags: without --dev, files are what they were
// at start-up, named by a hash of their bytes.
func TestEmbeddedFilesKeepTheirETags(t *testing.T) {
	e := newServer(t)
	a, b := get(t, e, "/"), get(t, e, "/index.html")
	if a.Header().Get("ETag") == "" || a.Header().Get("ETag") != b.Header().Get("ETag") {
		t.Errorf("ETags of / and /index.html: %q, %q", a.Header().Get("ETag"), b.Header().Get("ETag"))
	}
	if r := get(t, e, "/new.js"); r.Code != http.StatusNotFound {
		t.Errorf("unknown file: %d", r.Code)
	}
}
