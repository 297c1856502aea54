package mbtiles_test

import (
	"bytes"
	"context"
	"database/sql"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chronomap/mbtiles"
)

// write makes an MBTiles file with the given metadata and tiles, keyed by
// z, column and TMS row as the file stores them.
func write(t *testing.T, meta map[string]string, tiles map[[3]int][]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.mbtiles")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE metadata (name text, value text)`,
		`CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range meta {
		if _, err := db.Exec(`INSERT INTO metadata VALUES (?, ?)`, k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range tiles {
		if _, err := db.Exec(`INSERT INTO tiles VALUES (?, ?, ?, ?)`, k[0], k[1], k[2], v); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func open(t *testing.T, path string) *mbtiles.Tileset {
	t.Helper()
	ts, err := mbtiles.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ts.Close() })
	return ts
}

func TestTileFlipsRows(t *testing.T) {
	// At zoom 1, TMS row 0 is the southern half: XYZ row 1.
	ts := open(t, write(t, map[string]string{"format": "pbf"}, map[[3]int][]byte{{1, 0, 0}: []byte("south-west")}))
	tests := map[string]struct {
		z, x, y int
		want    string
	}{
		"the south-west tile":      {1, 0, 1, "south-west"},
		"the north-west tile":      {1, 0, 0, ""},
		"a zoom the file lacks":    {5, 3, 3, ""},
		"the last tile of zoom 30": {30, 1<<30 - 1, 1<<30 - 1, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := ts.Tile(context.Background(), tc.z, tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("Tile(%d, %d, %d) = %q, want %q", tc.z, tc.x, tc.y, b, tc.want)
			}
		})
	}
	if _, err := ts.Tile(context.Background(), 1, 2, 0); err == nil {
		t.Error("Tile(1, 2, 0): no error for a column beyond the zoom's")
	}
	if m := ts.Metadata(); m.MinZoom != 1 || m.MaxZoom != 1 {
		t.Errorf("zoom range from the tiles = %d..%d, want 1..1", m.MinZoom, m.MaxZoom)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.mbtiles")
	if err := os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.mbtiles")
	db, err := sql.Open("sqlite", empty)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE other (a)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	one := map[[3]int][]byte{{0, 0, 0}: []byte("x")}
	tests := map[string]struct {
		path string
		want string
	}{
		"a missing file":           {filepath.Join(dir, "nope.mbtiles"), "no such file"},
		"a directory":              {dir, "is not a file"},
		"a text file":              {text, "not an MBTiles file: it is not an SQLite database"},
		"a database of other data": {empty, "not an MBTiles file: it has no tiles and metadata tables"},
		"raster tiles":             {write(t, map[string]string{"format": "png"}, one), `its tiles are "png"; --basemap takes vector tiles`},
		"no format":                {write(t, map[string]string{"name": "x"}, one), `no "format"`},
		"a bad maxzoom":            {write(t, map[string]string{"format": "pbf", "maxzoom": "31"}, one), `metadata "maxzoom": "31" is not a zoom level from 0 to 30`},
		"an upside-down zoom range": {write(t, map[string]string{"format": "pbf", "minzoom": "9", "maxzoom": "3"}, one),
			"minzoom 9 is above maxzoom 3"},
		"bad bounds":  {write(t, map[string]string{"format": "pbf", "bounds": "10,10,0,0"}, one), `metadata "bounds": "10,10,0,0"`},
		"bad center":  {write(t, map[string]string{"format": "pbf", "center": "here"}, one), `metadata "center"`},
		"bad json":    {write(t, map[string]string{"format": "pbf", "json": "{"}, one), `metadata "json"`},
		"no tiles":    {write(t, map[string]string{"format": "pbf"}, nil), "it holds no tiles"},
		"an odd zoom": {write(t, map[string]string{"format": "pbf", "minzoom": "two", "maxzoom": "3"}, one), `metadata "minzoom": "two"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ts, err := mbtiles.Open(context.Background(), tc.path)
			if err == nil {
				ts.Close()
				t.Fatalf("Open(%s): no error, want one containing %q", tc.path, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// tileAt is the XYZ tile holding lon, lat at zoom z.
func tileAt(lon, lat float64, z int) (x, y int) {
	n := math.Exp2(float64(z))
	r := lat * math.Pi / 180
	return int((lon + 180) / 360 * n), int((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n)
}

// TestGDALFile reads a file as GDAL's MBTiles driver writes it: the
// producer the README tells users to make their basemap with.
func TestGDALFile(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (gdal-bin) is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "streets.geojson")
	if err := os.WriteFile(src, []byte(`{"type":"FeatureCollection","features":[
		{"type":"Feature","properties":{"class":"primary","name":"Rue Gouraud"},
		 "geometry":{"type":"LineString","coordinates":[[35.50,33.895],[35.52,33.897]]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "beirut.mbtiles")
	out, err := exec.Command("ogr2ogr", "-f", "MBTiles", path, src, "-nln", "transportation",
		"-dsco", "MINZOOM=8", "-dsco", "MAXZOOM=11").CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, out)
	}
	ts := open(t, path)
	m := ts.Metadata()
	if m.Format != "pbf" || m.MinZoom != 8 || m.MaxZoom != 11 || !strings.Contains(string(m.VectorLayers), `"transportation"`) {
		t.Errorf("metadata = %+v, want pbf, zoom 8..11 and the transportation layer", m)
	}
	if m.Bounds[0] < 35.49 || m.Bounds[2] > 35.53 {
		t.Errorf("bounds = %v, want Beirut's street", m.Bounds)
	}
	x, y := tileAt(35.51, 33.896, 11)
	b, err := ts.Tile(context.Background(), 11, x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 10 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("tile 11/%d/%d = % x, want a gzipped vector tile", x, y, b)
	}
	if b, err := ts.Tile(context.Background(), 11, x, (1<<11)-1-y); err != nil || b != nil {
		t.Errorf("the TMS row read as XYZ = %d bytes, %v; want no tile", len(b), err)
	}
}
