package server_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"chronomap/server"

	"github.com/labstack/echo/v4"
)

// newServerWith serves the small dataset and a page of files big enough to
// be compressed, with cfg's other settings.
func newServerWith(t testing.TB, cfg server.Config) *echo.Echo {
	t.Helper()
	cfg.Collections = newCollections(t)
	cfg.Assets = fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><title>Chronomap</title>")},
		"app.js":     {Data: []byte(strings.Repeat("console.log('chronomap');\n", 400))},
		"icon.png":   {Data: append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 4000)...)},
	}
	e, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestGzipNegotiation(t *testing.T) {
	e := newServerWith(t, server.Config{})
	tests := map[string]struct {
		path, acceptEncoding string
		gzipped, gzTag       bool
	}{
		"no header":                       {"/api/collections/events/items", "", false, false},
		"gzip":                            {"/api/collections/events/items", "gzip", true, true},
		"browser list":                    {"/api/collections/events/items", "gzip, deflate, br, zstd", true, true},
		"gzip;q=0 issue-9":                {"/api/collections/events/items", "gzip;q=0", false, false},
		"gzip;q=0.000":                    {"/api/collections/events/items", "deflate, gzip;q=0.000", false, false},
		"upper case, spaces":              {"/api/collections/events/items", " GZIP ; Q=0.8 ", true, true},
		"x-gzip":                          {"/api/collections/events/items", "x-gzip", true, true},
		"star":                            {"/api/collections/events/items", "*", true, true},
		"star refused, gzip allowed":      {"/api/collections/events/items", "*;q=0, gzip", true, true},
		"star allowed, gzip refused":      {"/api/collections/events/items", "*, gzip;q=0", false, false},
		"identity preferred":              {"/api/collections/events/items", "gzip;q=0.5, identity", false, false},
		"gzip preferred over identity":    {"/api/collections/events/items", "gzip, identity;q=0.5", true, true},
		"bad q is a refusal":              {"/api/collections/events/items", "gzip;q=2", false, false},
		"only identity refused":           {"/api/collections/events/items", "identity;q=0", false, false},
		"identity refused, small body":    {"/api/conformance", "gzip, identity;q=0", true, true},
		"small body stays plain":          {"/api/conformance", "gzip", false, true},
		"small page stays plain":          {"/api/collections/events/items?bbox=0,0,0.001,0.001", "gzip", false, true},
		"static file":                     {"/app.js", "gzip", true, true},
		"a PNG is not compressed again":   {"/icon.png", "gzip", false, true},
		"an error is not tagged":          {"/api/collections/events/items?limit=0", "gzip", false, false},
		"a 404 for a file is not tagged":  {"/nothing.js", "gzip", false, false},
		"the export, gzipped":             {"/api/export?format=kml", "gzip", true, true},
		"an empty header asks for none":   {"/api/collections/events/items", " ", false, false},
		"unknown codings only":            {"/api/collections/events/items", "br, zstd", false, false},
		"the refusal of identity is kept": {"/api/collections/events/items", "identity;q=0, gzip;q=0", false, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, tc.path, "Accept-Encoding", tc.acceptEncoding)
			if got := r.Header().Get("Content-Encoding") == "gzip"; got != tc.gzipped {
				t.Fatalf("gzipped = %v, want %v (status %d, headers %v)", got, tc.gzipped, r.Code, r.Header())
			}
			if tc.gzipped {
				size := r.Body.Len()
				zr, err := gzip.NewReader(r.Body)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.ReadAll(zr); err != nil {
					t.Fatalf("body does not gunzip: %v", err)
				}
				// A length, where there is one, counts the gzipped bytes.
				if cl := r.Header().Get("Content-Length"); cl != "" && cl != strconv.Itoa(size) {
					t.Errorf("gzipped body of %d bytes with Content-Length %s", size, cl)
				}
			}
			etag := r.Header().Get("ETag")
			if got := strings.HasSuffix(etag, `-gz"`); got != tc.gzTag {
				t.Errorf("ETag %q; want the gzip form's tag: %v", etag, tc.gzTag)
			}
			if !strings.Contains(strings.Join(r.Header().Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", r.Header().Values("Vary"))
			}
		})
	}
}

// TestETagPerEncoding: each form has its own ETag, and If-None-Match
// matches only the form it was given for.
func TestETagPerEncoding(t *testing.T) {
	e := newServerWith(t, server.Config{})
	for _, path := range []string{"/api/collections/events/items", "/api/collections", "/app.js", "/"} {
		t.Run(path, func(t *testing.T) {
			plain := get(t, e, path).Header().Get("ETag")
			zipped := get(t, e, path, "Accept-Encoding", "gzip").Header().Get("ETag")
			if plain == "" || zipped == "" || plain == zipped {
				t.Fatalf("ETags: plain %q, gzip %q; want two different ones", plain, zipped)
			}
			tests := []struct {
				acceptEncoding, ifNoneMatch string
				status                      int
			}{
				{"", plain, http.StatusNotModified},
				{"gzip", zipped, http.StatusNotModified},
				{"", zipped, http.StatusOK},
				{"gzip", plain, http.StatusOK},
				{"gzip", `"other", ` + zipped, http.StatusNotModified},
				{"gzip", "*", http.StatusNotModified},
				{"", `"other"`, http.StatusOK},
			}
			for _, tc := range tests {
				r := get(t, e, path, "Accept-Encoding", tc.acceptEncoding, "If-None-Match", tc.ifNoneMatch)
				if r.Code != tc.status {
					t.Errorf("Accept-Encoding %q, If-None-Match %s: status %d, want %d", tc.acceptEncoding, tc.ifNoneMatch, r.Code, tc.status)
				}
				if tc.status == http.StatusNotModified {
					if r.Body.Len() != 0 {
						t.Errorf("304 with a %d-byte body", r.Body.Len())
					}
					want := plain
					if tc.acceptEncoding == "gzip" {
						want = zipped
					}
					if got := r.Header().Get("ETag"); got != want {
						t.Errorf("304 names %q, want %q", got, want)
					}
				}
			}
		})
	}
}

func TestRange(t *testing.T) {
	e := newServerWith(t, server.Config{})
	many := make([]string, 500)
	for i := range many {
		many[i] = fmt.Sprintf("%d-%d", 2*i, 2*i)
	}
	tests := map[string]struct {
		path, rng, acceptEncoding string
		status                    int
		contentRange              string
	}{
		"one range of a file":           {"/app.js", "bytes=0-99", "", http.StatusPartialContent, "bytes 0-99/10400"},
		"gzipped, no range issue-9":     {"/app.js", "bytes=0-99", "gzip", http.StatusOK, ""},
		"two ranges: the whole file":    {"/app.js", "bytes=0-0,5-5", "", http.StatusOK, ""},
		"500 ranges: the whole file":    {"/app.js", "bytes=" + strings.Join(many, ","), "", http.StatusOK, ""},
		"the API takes no ranges":       {"/api/collections/events/items", "bytes=0-99", "", http.StatusOK, ""},
		"the API takes no ranges, gzip": {"/api/collections/events/items", "bytes=0-99", "gzip", http.StatusOK, ""},
		"the export takes no ranges":    {"/api/export", "bytes=10-", "", http.StatusOK, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, tc.path, "Range", tc.rng, "Accept-Encoding", tc.acceptEncoding)
			if r.Code != tc.status || r.Header().Get("Content-Range") != tc.contentRange {
				t.Fatalf("status %d, Content-Range %q; want %d, %q", r.Code, r.Header().Get("Content-Range"), tc.status, tc.contentRange)
			}
			if tc.status == http.StatusPartialContent && r.Body.Len() != 100 {
				t.Errorf("body of %d bytes for a 100-byte range", r.Body.Len())
			}
			if tc.acceptEncoding == "gzip" && r.Header().Get("Accept-Ranges") != "" {
				t.Errorf("a gzip response offers ranges: Accept-Ranges %q", r.Header().Get("Accept-Ranges"))
			}
		})
	}
}
