package server_test

import (
	"net/http"
	"testing"
	"testing/fstest"

	"chronomap/server"
)

func TestPagePreloadsItsFirstRequests(t *testing.T) {
	cols := newCollections(t)
	cols = append(cols, server.Collection{ID: "second", Store: cols[0].Store}, server.Collection{ID: "odd id", Store: cols[0].Store})
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}, "js/main.js": {Data: []byte("boot()")}}
	e, err := server.New(server.Config{Collections: cols, Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	const collections = "</api/collections>; rel=preload; as=fetch; crossorigin"
	items := func(id string) string {
		return collections + ", </api/collections/" + id + "/items?limit=2000&offset=0>; rel=preload; as=fetch; crossorigin"
	}
	for _, tc := range []struct{ target, want string }{
		{"/", items("events")},
		{"/index.html", items("events")},
		{"/?speed=1d&t=2020-01-08T00:00:00Z", items("events")},
		{"/?c=second", items("second")},
		{"/?c=unknown", items("events")}, // the page shows the first, as here
		{"/?c=odd+id", collections},      // the page escapes the space: no guess at its URL
		{"/?local=1", ""},                // a file opened in the browser asks the server for nothing
		{"/js/main.js", ""},
	} {
		rec := get(t, e, tc.target)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", tc.target, rec.Code)
		}
		if got := rec.Header().Get("Link"); got != tc.want {
			t.Errorf("%s: Link\n got %q\nwant %q", tc.target, got, tc.want)
		}
	}
	// A revalidated page carries the header too.
	etag := get(t, e, "/").Header().Get("ETag")
	rec := get(t, e, "/?c=second", "If-None-Match", etag)
	if rec.Code != http.StatusNotModified || rec.Header().Get("Link") != items("second") {
		t.Errorf("304: status %d, Link %q", rec.Code, rec.Header().Get("Link"))
	}
}

func TestPageIsTheBundleOnceBuilt(t *testing.T) {
	assets := fstest.MapFS{
		"index.html":        {Data: []byte("modules")},
		"js/main.js":        {Data: []byte("boot()")},
		"bundle/index.html": {Data: []byte("bundle")},
		"bundle/main.js":    {Data: []byte("boot()")},
	}
	for _, tc := range []struct {
		name   string
		assets fstest.MapFS
		dev    bool
		want   string
	}{
		{"built", assets, false, "bundle"},
		{"dev mode: the modules as they are", assets, true, "modules"},
		{"not built", fstest.MapFS{"index.html": assets["index.html"], "js/main.js": assets["js/main.js"]}, false, "modules"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := server.New(server.Config{Collections: newCollections(t), Assets: tc.assets, Dev: tc.dev})
			if err != nil {
				t.Fatal(err)
			}
			for _, target := range []string{"/", "/index.html", "/?c=events"} {
				rec := get(t, e, target)
				if rec.Code != http.StatusOK || rec.Body.String() != tc.want || rec.Header().Get("Link") == "" {
					t.Errorf("%s: status %d, body %q, Link %q; want 200, %q and a Link", target, rec.Code, rec.Body, rec.Header().Get("Link"), tc.want)
				}
			}
			if rec := get(t, e, "/js/main.js"); rec.Code != http.StatusOK {
				t.Errorf("/js/main.js: status %d", rec.Code)
			}
		})
	}
}
