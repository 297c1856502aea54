package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

func readArrow(t *testing.T, b []byte) (*ipc.Reader, func()) {
	t.Helper()
	rd, err := ipc.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return rd, rd.Release
}

func TestColumns(t *testing.T) {
	e := newServer(t)
	items := get(t, e, "/api/collections/events/items?limit=10000").json(t)["features"].([]any)

	r := get(t, e, "/api/collections/events/columns")
	if r.Code != http.StatusOK || r.Header().Get("Content-Type") != "application/vnd.apache.arrow.stream" {
		t.Fatalf("status %d, type %q", r.Code, r.Header().Get("Content-Type"))
	}
	if got, want := r.Header().Get("X-Decoded-Length"), strconv.Itoa(r.Body.Len()); got != want {
		t.Errorf("X-Decoded-Length=%s, want %s", got, want)
	}
	rd, done := readArrow(t, r.Body.Bytes())
	defer done()
	if got := rd.Schema().Metadata().FindKey("chronomap:base"); got < 0 {
		t.Error("no chronomap:base in the schema metadata")
	}
	if !rd.Next() {
		t.Fatal("no record batch")
	}
	rec := rd.RecordBatch()
	if got, want := int(rec.NumRows()), len(items); got != want {
		t.Fatalf("%d rows, want every event (%d)", got, want)
	}
	ids := rec.Column(0).(*array.String)
	tracks := rec.Column(7).(*array.List)
	for i, f := range items {
		props := f.(map[string]any)["properties"].(map[string]any)
		if got, want := ids.Value(i), props["id"]; got != want {
			t.Fatalf("row %d is %q, want %q (items' order)", i, got, want)
		}
		isTrack := f.(map[string]any)["geometry"].(map[string]any)["type"] == "LineString"
		if tracks.IsNull(i) == isTrack {
			t.Errorf("row %d (%s): track null=%v for a LineString=%v", i, ids.Value(i), tracks.IsNull(i), isTrack)
		}
	}

	// gzip comes ready-made, its length known.
	z := get(t, e, "/api/collections/events/columns", "Accept-Encoding", "gzip")
	if z.Header().Get("Content-Encoding") != "gzip" || z.Header().Get("Content-Length") != strconv.Itoa(z.Body.Len()) {
		t.Fatalf("gzip: encoding %q, length %q for %d bytes", z.Header().Get("Content-Encoding"), z.Header().Get("Content-Length"), z.Body.Len())
	}
	zr, err := gzip.NewReader(z.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); !bytes.Equal(b, r.Body.Bytes()) {
		t.Error("the gzipped columns differ from the plain ones")
	}

	if nm := get(t, e, "/api/collections/events/columns", "If-None-Match", r.Header().Get("ETag")); nm.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", nm.Code)
	}
}

func TestColumnsSearch(t *testing.T) {
	e := newServer(t)
	want := get(t, e, "/api/collections/events/items?q=asad&limit=10000").ids(t)
	all := get(t, e, "/api/collections/events/columns")
	rd, done := readArrow(t, all.Body.Bytes())
	defer done()
	rd.Next()
	ids := rd.RecordBatch().Column(0).(*array.String)

	r := get(t, e, "/api/collections/events/columns?q=asad")
	rows, done2 := readArrow(t, r.Body.Bytes())
	defer done2()
	var got []string
	for rows.Next() {
		col := rows.RecordBatch().Column(0).(*array.Uint32)
		for i := 0; i < col.Len(); i++ {
			got = append(got, ids.Value(int(col.Value(i))))
		}
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("q=asad rows are %s, want %s (as items)", g, want)
	}
	for _, bad := range []string{"?limit=5", "?q=a&q=b"} {
		if r := get(t, e, "/api/collections/events/columns"+bad); r.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, r.Code)
		}
	}
	if r := get(t, e, "/api/collections/nope/columns"); r.Code != http.StatusNotFound {
		t.Errorf("unknown collection: status %d, want 404", r.Code)
	}
}
