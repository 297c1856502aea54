package server_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"chronomap/server"

	"github.com/paulmach/orb"
)

// fakeBasemap answers every view with a tiny layer.
type fakeBasemap struct{}

func (fakeBasemap) Layer(zoom int, bbox orb.Bound) []byte {
	return []byte(`{"type":"FeatureCollection","features":[]}`)
}

func TestBasemapIsBounded(t *testing.T) {
	e, err := server.New(server.Config{Collections: newCollections(t), Basemap: fakeBasemap{},
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		query  string
		status int
		want   string
	}{
		"whole world at zoom 5":          {"zoom=5", 200, `"FeatureCollection"`},
		"no bbox at zoom 22 issue-9":     {"zoom=22", 400, `parameter \"bbox\": is needed at zoom 22: without it the view is the whole world, 4194304 tiles wide; at most 32`},
		"no bbox at zoom 6":              {"zoom=6", 400, `parameter \"bbox\": is needed at zoom 6`},
		"a view at zoom 22":              {"zoom=22&bbox=44.2,33.2,44.202,33.202", 200, `"FeatureCollection"`},
		"a wide view at zoom 22":         {"zoom=22&bbox=179.99,0,-179.99,1", 400, `parameter \"bbox\": is 233 tiles wide at zoom 22`},
		"the default zoom with no bbox":  {"", 200, `"FeatureCollection"`},
		"zoom out of range":              {"zoom=23", 400, `parameter \"zoom\"`},
		"unknown parameter is refused":   {"zoom=3&x=1", 400, `parameter \"x\": unknown parameter`},
		"bbox that is not a bbox at all": {"zoom=3&bbox=world", 400, `parameter \"bbox\"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, "/api/basemap?"+tc.query)
			if r.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.Code, tc.status, r.Body)
			}
			if !strings.Contains(r.Body.String(), tc.want) {
				t.Errorf("body = %s, want it to contain %s", r.Body, tc.want)
			}
			if tc.status == http.StatusBadRequest && r.Header().Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", r.Header().Get("Content-Type"))
			}
		})
	}
}
