package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenRefusesBadCommandLines: each mistake is named, not answered with
// the usage alone.
func TestGenRefusesBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]struct {
		args []string
		want string
	}{
		"no output":      {[]string{"-n", "10"}, "-o FILE is required"},
		"no events":      {[]string{"-n", "0", "-o", filepath.Join(dir, "a.csv")}, "-n 0: want at least 1 event"},
		"negative n":     {[]string{"-n", "-5", "-o", filepath.Join(dir, "a.csv")}, "-n -5: want at least 1 event"},
		"stray argument": {[]string{"-n", "10", "-o", filepath.Join(dir, "a.csv"), "extra"}, `unexpected argument "extra"`},
		"other format":   {[]string{"-n", "10", "-o", filepath.Join(dir, "a.txt")}, `a.txt: want a .geojson or .csv file`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := gen(tc.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("gen %q: %v, want an error containing %q", tc.args, err, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a refused command line wrote %d files", len(entries))
	}
}

// TestGenWritesValidDatasets: both formats load, with n events, and the
// same seed gives the same bytes.
func TestGenWritesValidDatasets(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.geojson", "b.GeoJSON", "c.csv", "d.json"} {
		file := filepath.Join(dir, name)
		if err := gen([]string{"-n", "50", "-seed", "7", "-o", file}, io.Discard, io.Discard); err != nil {
			t.Fatalf("gen %s: %v", name, err)
		}
		var out strings.Builder
		if err := validate(context.Background(), []string{file}, &out, io.Discard); err != nil || !strings.Contains(out.String(), ": ok, 50 events") {
			t.Errorf("validate %s: %v\n%s", name, err, out.String())
		}
	}
	var stdout bytes.Buffer
	if err := gen([]string{"-n", "50", "-seed", "7", "-o", "-"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.geojson")); !bytes.Equal(b, stdout.Bytes()) {
		t.Error("the same seed and n wrote different GeoJSON")
	}
}
