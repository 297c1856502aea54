package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"chronomap/server"
)

// syncBuffer is a log written by the server while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestReloadOnChange edits a served file: the API follows a good version,
// keeps serving the old one when the new one is bad (its problems in the
// log), and follows again once it is fixed; the sidecar counts too.
func TestReloadOnChange(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "beirut.csv")
	csv, err := os.ReadFile("examples/csv/beirut-port.csv")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		t.Helper()
		// As editors do: a new file renamed over the old one.
		tmp := filepath.Join(dir, ".tmp-"+name)
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("beirut.csv", csv)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	cfg := Config{Addr: "127.0.0.1:0", ShutdownGrace: time.Second, Data: []string{file}}
	load := func(ctx context.Context, files []string) ([]server.Collection, error) {
		return loadCollections(ctx, files, datasetOptions(fileLimits{}))
	}
	go func() { done <- runServer(ctx, cfg, load, pw, logs); pw.Close() }()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatal("runServer printed nothing")
	}
	go io.Copy(io.Discard, pr)
	base := regexp.MustCompile(`http://\S+/`).FindString(sc.Text())

	type state struct {
		matched int
		title   string
		etag    string
	}
	get := func() (state, bool) {
		resp, err := http.Get(base + "api/collections/beirut/items?limit=1")
		if err != nil {
			return state{}, false
		}
		defer resp.Body.Close()
		var fc struct {
			NumberMatched int `json:"numberMatched"`
		}
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&fc) != nil {
			return state{}, false
		}
		meta, err := http.Get(base + "api/collections/beirut")
		if err != nil {
			return state{}, false
		}
		defer meta.Body.Close()
		var info struct {
			Title string `json:"title"`
		}
		json.NewDecoder(meta.Body).Decode(&info)
		return state{fc.NumberMatched, info.Title, resp.Header.Get("ETag")}, true
	}
	waitFor := func(what string, ok func(state) bool) state {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			if s, got := get(); got && ok(s) {
				return s
			}
			if time.Now().After(deadline) {
				s, _ := get()
				t.Fatalf("%s: still %+v after 15 s; log:\n%s", what, s, logs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	first := waitFor("the first version", func(s state) bool { return s.matched == 7 })
	if first.title != "beirut" {
		t.Errorf("title without a sidecar = %q, want the file's name", first.title)
	}

	// A good edit: one event fewer.
	lines := strings.SplitAfter(string(csv), "\n")
	fewer := strings.Join(append(lines[:len(lines)-2:len(lines)-2], lines[len(lines)-1]), "")
	write("beirut.csv", []byte(fewer))
	second := waitFor("a good edit", func(s state) bool { return s.matched == 6 })
	if second.etag == first.etag {
		t.Error("the ETag did not change with the data")
	}

	// A bad edit is refused, with its problem in the log; the good version stays.
	write("beirut.csv", []byte(strings.Replace(fewer, "2020-08-04T18:08:00+03:00", "4 August 2020", 1)))
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), `start: \"4 August 2020\" is not an RFC 3339 time`) {
		if time.Now().After(deadline) {
			t.Fatalf("no problem logged for the bad edit; log:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "reload refused") {
		t.Errorf("the log does not say the reload was refused:\n%s", logs)
	}
	if s, _ := get(); s.matched != 6 || s.etag != second.etag {
		t.Errorf("after a bad edit the API serves %+v, want the previous version %+v", s, second)
	}

	// A sidecar appears: the metadata changes, and with it the version.
	meta, err := os.ReadFile("examples/csv/beirut-port.meta.json")
	if err != nil {
		t.Fatal(err)
	}
	write("beirut.csv", []byte(fewer))
	write("beirut.meta.json", meta)
	third := waitFor("the sidecar", func(s state) bool { return s.title == "The 2020 Beirut port explosion" })
	if third.etag == second.etag {
		t.Error("the ETag did not change with the metadata")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
