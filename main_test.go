package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chronomap/data"
)

// TestRunServesAndShutsDown boots the real program on a free port, asks it
// what the README's curl example asks, and stops it as a signal would.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, pw, io.Discard) }()

	base := ""
	for sc := bufio.NewScanner(pr); base == "" && sc.Scan(); {
		if strings.Contains(sc.Text(), "serving the map at") {
			base = regexp.MustCompile(`http://\S+/`).FindString(sc.Text())
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatal("start-up printed no URL")
	}
	resp, err := http.Get(base + "api/collections/events/items?datetime=2020-01-08T00:00:00%2B03:00/2020-01-08T23:59:59%2B03:00")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"type":"FeatureCollection"`) {
		t.Fatalf("items: %d %s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.geojson")
	b := strings.Replace(string(data.Default()), `"category": "`, `"category": "x`, 2)
	if err := os.WriteFile(bad, []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		args []string
		want []string
	}{
		"bad dataset":   {[]string{"--data", bad}, []string{bad + ": feature 0", "category: \"xprotest\" is not among the categories declared in chronomap.categories (strike, missile-attack", bad + ": feature 1"}},
		"two bad files": {[]string{"--data", bad, "--data", filepath.Join(dir, "none.csv")}, []string{bad + ": feature 0", "none.csv: no such file"}},
		"same name":     {[]string{"--data", "data/testdata/small.geojson", "--data", "data/testdata/small.geojson"}, []string{`would both be collection "small"`}},
		"no file":       {[]string{"--data", filepath.Join(dir, "none.geojson")}, []string{"read dataset", "no such file"}},
		"stray arg":     {[]string{"serve"}, []string{`unexpected argument "serve"`}},
		"bad addr":      {[]string{"--addr", "256.1.1.1:99999"}, []string{"listen"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			// A free port: the port is bound before the data loads.
			err := run(context.Background(), append([]string{"--addr", "127.0.0.1:0"}, tc.args...), io.Discard, io.Discard)
			if err == nil {
				t.Fatal("run succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

func TestValidate(t *testing.T) {
	var out strings.Builder
	if err := validate(context.Background(), []string{"data/testdata/small.geojson", "data/events.geojson"}, &out, io.Discard); err != nil {
		t.Fatalf("validate good files: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "data/testdata/small.geojson: ok, 4 events from 2020-01-02 to 2020-01-09") {
		t.Errorf("output:\n%s", out.String())
	}
	// A CSV's sidecar named beside it, as a shell's examples/csv/* does, is checked with it.
	out.Reset()
	if err := validate(context.Background(), []string{"examples/csv/beirut-port.csv", "examples/csv/beirut-port.meta.json"}, &out, io.Discard); err != nil {
		t.Fatalf("validate a CSV and its sidecar: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "examples/csv/beirut-port.meta.json: the metadata of examples/csv/beirut-port.csv, checked with it") {
		t.Errorf("output:\n%s", out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("id,title,lon,lat\nx,,44,95\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := validate(context.Background(), []string{"data/testdata/small.geojson", bad}, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "1 of 2 files are invalid") {
		t.Errorf("validate bad file: %v", err)
	}
	for _, want := range []string{bad + `: row 2 (id "x"): title: missing`, "latitude 95 is out of range"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCollectionID(t *testing.T) {
	for in, want := range map[string]string{"data/events.geojson": "events", "/tmp/My Events (2020).csv": "my-events-2020", "__.csv": "events"} {
		if got := collectionID(in); got != want {
			t.Errorf("collectionID(%q) = %q, want %q", in, got, want)
		}
	}
}
