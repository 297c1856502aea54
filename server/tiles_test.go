package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"chronomap/mbtiles"
	"chronomap/server"
)

// vectorTiles writes an MBTiles file with two tiles: the south-west
// quarter of the world at zoom 1 (TMS row 0), gzipped as GDAL and tippecanoe
// write them, and the world at zoom 0, plain. The server passes the bytes
// through; that they decode is the renderer's test (web/e2e).
func vectorTiles(t *testing.T) (*mbtiles.Tileset, []byte) {
	t.Helper()
	plain := bytes.Repeat([]byte("\x1a\x0etransportation"), 100)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	gz := buf.Bytes()
	path := filepath.Join(t.TempDir(), "world.mbtiles")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE metadata (name text, value text)`,
		`CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`,
		`INSERT INTO metadata VALUES ('name', 'World'), ('format', 'pbf'), ('minzoom', '0'), ('maxzoom', '1'),
			('attribution', '<a href="https://example.org">Example</a>'), ('center', '0,0,1'),
			('json', '{"vector_layers":[{"id":"transportation","fields":{"class":"String"}}]}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO tiles VALUES (1, 0, 0, ?), (0, 0, 0, ?)`, gz, plain); err != nil {
		t.Fatal(err)
	}
	ts, err := mbtiles.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ts.Close() })
	return ts, gz
}

func newTileServer(t *testing.T, cfg server.Config) http.Handler {
	t.Helper()
	cfg.Collections = newCollections(t)
	cfg.Assets = fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	e, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestVectorTiles(t *testing.T) {
	ts, gz := vectorTiles(t)
	e := newTileServer(t, server.Config{VectorTiles: ts})
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		path, acceptEncoding string
		status               int
		encoding             string
		body                 []byte // for 200 and 204
		want                 string // in the error's body
	}{
		"a gzipped tile, as it is kept, to a client that takes gzip": {"/1/0/1.pbf", "gzip", 200, "gzip", gz, ""},
		"a gzipped tile, unzipped, to a client that takes no gzip":   {"/1/0/1.pbf", "", 200, "", plain, ""},
		"a tile kept plain":                            {"/0/0/0.pbf", "", 200, "", plain, ""},
		"the .mvt extension":                           {"/1/0/1.mvt", "gzip", 200, "gzip", gz, ""},
		"the row counted from the south is empty":      {"/1/0/0.pbf", "gzip", 204, "", nil, ""},
		"a zoom the file lacks":                        {"/14/9000/6000.pbf", "gzip", 204, "", nil, ""},
		"the deepest zoom":                             {"/30/0/1073741823.pbf", "", 204, "", nil, ""},
		"a zoom too deep issue-10":                     {"/31/0/0.pbf", "", 400, "", nil, `parameter \"z\": 31 is more than 30`},
		"a column beyond the zoom's last":              {"/1/2/0.pbf", "", 400, "", nil, `parameter \"x\": 2 is more than 1`},
		"a row beyond the zoom's last":                 {"/1/0/2.pbf", "", 400, "", nil, `parameter \"y\": 2 is more than 1`},
		"a negative row":                               {"/1/0/-1.pbf", "", 400, "", nil, `parameter \"y\": -1 is less than 0`},
		"a zoom that is not a number":                  {"/a/0/0.pbf", "", 400, "", nil, `parameter \"z\": \"a\" is not a whole number`},
		"a huge column":                                {"/3/99999999999999999999/0.pbf", "", 400, "", nil, `parameter \"x\"`},
		"no extension":                                 {"/1/0/0", "", 400, "", nil, `parameter \"y\": \"0\" is not a row with the extension .pbf`},
		"a raster extension":                           {"/1/0/0.png", "", 400, "", nil, `parameter \"y\": \"0.png\"`},
		"an empty zoom":                                {"//0/0.pbf", "", 400, "", nil, `parameter \"z\": is empty`},
		"a query parameter the endpoint does not take": {"/0/0/0.pbf?key=1", "", 400, "", nil, `parameter \"key\": unknown parameter`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, "/api/basemap/tiles"+tc.path, "Accept-Encoding", tc.acceptEncoding)
			if r.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.Code, tc.status, r.Body)
			}
			h := r.Header()
			switch tc.status {
			case 200:
				if got := h.Get("Content-Type"); got != "application/vnd.mapbox-vector-tile" {
					t.Errorf("Content-Type = %q", got)
				}
				if got := h.Get("Content-Encoding"); got != tc.encoding {
					t.Errorf("Content-Encoding = %q, want %q", got, tc.encoding)
				}
				if !bytes.Equal(r.Body.Bytes(), tc.body) {
					t.Errorf("body: %d bytes, want the %d of the tile", r.Body.Len(), len(tc.body))
				}
				if h.Get("ETag") == "" || h.Get("Cache-Control") != "public, max-age=3600" {
					t.Errorf("ETag %q, Cache-Control %q", h.Get("ETag"), h.Get("Cache-Control"))
				}
			case 204:
				if r.Body.Len() != 0 {
					t.Errorf("204 with a body: %q", r.Body)
				}
			default:
				if got := h.Get("Content-Type"); got != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", got)
				}
				if !strings.Contains(r.Body.String(), tc.want) {
					t.Errorf("body = %s, want it to contain %s", r.Body, tc.want)
				}
			}
		})
	}
	for _, ae := range []string{"gzip", ""} {
		first := get(t, e, "/api/basemap/tiles/1/0/1.pbf", "Accept-Encoding", ae)
		again := get(t, e, "/api/basemap/tiles/1/0/1.pbf", "Accept-Encoding", ae, "If-None-Match", first.Header().Get("ETag"))
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("Accept-Encoding %q: revalidation = %d, %d bytes; want 304, none", ae, again.Code, again.Body.Len())
		}
	}
}

func TestTileJSON(t *testing.T) {
	ts, _ := vectorTiles(t)
	e := newTileServer(t, server.Config{VectorTiles: ts})
	r := get(t, e, "/api/basemap/tiles.json")
	if r.Code != http.StatusOK {
		t.Fatalf("status %d: %s", r.Code, r.Body)
	}
	tj := r.json(t)
	want := map[string]any{"tilejson": "3.0.0", "name": "World", "scheme": "xyz", "format": "pbf", "minzoom": 0.0, "maxzoom": 1.0,
		"attribution": `<a href="https://example.org">Example</a>`}
	for k, v := range want {
		if tj[k] != v {
			t.Errorf("%s = %v, want %v", k, tj[k], v)
		}
	}
	if tiles := tj["tiles"].([]any); len(tiles) != 1 || tiles[0] != "http://example.com/api/basemap/tiles/{z}/{x}/{y}.pbf" {
		t.Errorf("tiles = %v", tiles)
	}
	if layers := tj["vector_layers"].([]any); len(layers) != 1 {
		t.Errorf("vector_layers = %v", layers)
	}
	ids := layerIDs(t, e)
	if ids != "vector osm" {
		t.Errorf("layers = %s, want vector osm", ids)
	}
}

// layerIDs lists the ids of the layers /api/basemap/layers offers.
func layerIDs(t *testing.T, e http.Handler) string {
	t.Helper()
	r := get(t, e, "/api/basemap/layers")
	if r.Code != http.StatusOK {
		t.Fatalf("layers: status %d: %s", r.Code, r.Body)
	}
	var ids []string
	for _, l := range r.json(t)["layers"].([]any) {
		ids = append(ids, l.(map[string]any)["id"].(string))
	}
	return strings.Join(ids, " ")
}

func TestNoVectorTiles(t *testing.T) {
	e := newTileServer(t, server.Config{})
	for _, path := range []string{"/api/basemap/tiles.json", "/api/basemap/tiles/0/0/0.pbf"} {
		r := get(t, e, path)
		if r.Code != http.StatusNotFound || !strings.Contains(r.Body.String(), "--basemap") {
			t.Errorf("%s = %d %s, want 404 naming --basemap", path, r.Code, r.Body)
		}
	}
	if ids := layerIDs(t, e); ids != "osm" {
		t.Errorf("layers = %s, want osm alone", ids)
	}
}

// TestContentSecurityPolicy checks that the page may load images from the
// tile servers' origins and from no other.
func TestContentSecurityPolicy(t *testing.T) {
	tests := map[string]struct {
		template string
		img      string
	}{
		"no tile server": {"", "img-src 'self' data: https://tile.openstreetmap.org;"},
		"a tile server with subdomains": {"https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png",
			"img-src 'self' data: https://tile.openstreetmap.org https://a.tiles.example.org https://b.tiles.example.org https://c.tiles.example.org;"},
		"a local tile server on a port, rows from the south": {"http://LocalHost:8081/tms/{z}/{x}/{-y}.jpg?key=abc",
			"img-src 'self' data: https://tile.openstreetmap.org http://localhost:8081;"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var cfg server.Config
			if tc.template != "" {
				ts, err := server.ParseTileServer(tc.template, "© Example")
				if err != nil {
					t.Fatal(err)
				}
				cfg.RasterTiles = ts
			}
			e := newTileServer(t, cfg)
			csp := get(t, e, "/").Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, tc.img) || strings.Count(csp, "img-src") != 1 {
				t.Errorf("CSP = %q, want %q", csp, tc.img)
			}
			if !strings.Contains(csp, "default-src 'self';") || !strings.Contains(csp, "connect-src 'self';") {
				t.Errorf("CSP = %q: the rest changed", csp)
			}
			want := "osm"
			if tc.template != "" {
				want = "tiles osm"
			}
			if ids := layerIDs(t, e); ids != want {
				t.Errorf("layers = %s, want %s", ids, want)
			}
		})
	}
}

func TestParseTileServer(t *testing.T) {
	tests := map[string]struct {
		template, attribution, want string
	}{
		"no attribution":         {"https://t.example.org/{z}/{x}/{y}.png", " ", "needs its attribution"},
		"no placeholders":        {"https://t.example.org/tiles.png", "x", "want {z}, {x} and {y}"},
		"no row":                 {"https://t.example.org/{z}/{x}.png", "x", "want {z}, {x} and {y}"},
		"an unknown placeholder": {"https://t.example.org/{z}/{x}/{y}.png?k={apikey}", "x", "unknown placeholder {apikey}"},
		"not http":               {"ftp://t.example.org/{z}/{x}/{y}.png", "x", "want an http or https URL"},
		"a relative URL":         {"/tiles/{z}/{x}/{y}.png", "x", "want an http or https URL"},
		"a user and password":    {"https://me:pw@t.example.org/{z}/{x}/{y}.png", "x", "no user name or password"},
		"a bad host":             {"https://t example/{z}/{x}/{y}.png", "x", "invalid character"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := server.ParseTileServer(tc.template, tc.attribution)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseTileServer(%q) = %v, want an error containing %q", tc.template, err, tc.want)
			}
		})
	}
}
