// Package mbtiles reads the vector tiles of an MBTiles file, read-only.
//
// MBTiles (https://github.com/mapbox/mbtiles-spec) is an SQLite database of
// tiles in the TMS scheme, whose rows count from the south; this package
// speaks the XYZ scheme of web maps, rows from the north, and flips them.
package mbtiles

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// MaxZoom is the deepest zoom level a tile address may name: 2^30 tiles a
// side is finer than a centimetre, and the numbers stay in an int32.
const MaxZoom = 30

// Metadata is what the file's metadata table says of the tileset, with the
// zoom range taken from the tiles when the table leaves it out.
type Metadata struct {
	Name         string
	Description  string
	Attribution  string          // HTML, as the spec allows
	Format       string          // "pbf": gzipped or plain Mapbox Vector Tiles
	MinZoom      int             // the shallowest zoom with tiles
	MaxZoom      int             // the deepest zoom with tiles; clients draw deeper zooms from it
	Bounds       [4]float64      // west, south, east, north
	Center       []float64       // lon, lat, zoom; nil when not given
	VectorLayers json.RawMessage // the "vector_layers" of the "json" entry, or nil
}

// Tileset is an open MBTiles file of vector tiles. Its methods are safe for
// concurrent use.
type Tileset struct {
	db   *sql.DB
	tile *sql.Stmt
	meta Metadata
}

// Open opens the MBTiles file at path, read-only, and checks that it holds
// vector tiles.
func Open(ctx context.Context, path string) (*Tileset, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("mbtiles: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("mbtiles: %s is not a file", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("mbtiles: %w", err)
	}
	// mode=ro opens the file read-only, and query_only refuses writes on
	// the connection too.
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?mode=ro&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("mbtiles: %s: %w", path, err)
	}
	ts := &Tileset{db: db}
	if err := ts.init(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("mbtiles: %s: %w", path, err)
	}
	return ts, nil
}

func (ts *Tileset) init(ctx context.Context) error {
	var n int
	err := ts.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name IN ('tiles', 'metadata') AND type IN ('table', 'view')`).Scan(&n)
	switch {
	case err != nil && strings.Contains(err.Error(), "not a database"):
		return errors.New("not an MBTiles file: it is not an SQLite database")
	case err != nil:
		return fmt.Errorf("reading the schema: %w", err)
	case n != 2:
		return errors.New("not an MBTiles file: it has no tiles and metadata tables")
	}
	kv, err := ts.metadata(ctx)
	if err != nil {
		return err
	}
	if ts.meta, err = parseMetadata(kv); err != nil {
		return err
	}
	if ts.meta.Format != "pbf" {
		return fmt.Errorf("its tiles are %q; --basemap takes vector tiles (format pbf), --tiles a raster tile server", ts.meta.Format)
	}
	// Not every writer records the zoom range: the tiles tell it.
	_, hasMin := kv["minzoom"]
	_, hasMax := kv["maxzoom"]
	if !hasMin || !hasMax {
		var lo, hi sql.NullInt64
		if err := ts.db.QueryRowContext(ctx, `SELECT min(zoom_level), max(zoom_level) FROM tiles`).Scan(&lo, &hi); err != nil {
			return fmt.Errorf("reading the zoom levels: %w", err)
		}
		if !lo.Valid {
			return errors.New("it holds no tiles")
		}
		if !hasMin {
			ts.meta.MinZoom = int(lo.Int64)
		}
		if !hasMax {
			ts.meta.MaxZoom = int(hi.Int64)
		}
	}
	if ts.meta.MinZoom > ts.meta.MaxZoom {
		return fmt.Errorf("metadata: minzoom %d is above maxzoom %d", ts.meta.MinZoom, ts.meta.MaxZoom)
	}
	ts.tile, err = ts.db.PrepareContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`)
	if err != nil {
		return fmt.Errorf("preparing the tile query: %w", err)
	}
	return nil
}

func (ts *Tileset) metadata(ctx context.Context) (map[string]string, error) {
	rows, err := ts.db.QueryContext(ctx, `SELECT name, value FROM metadata`)
	if err != nil {
		return nil, fmt.Errorf("reading the metadata: %w", err)
	}
	defer rows.Close()
	kv := map[string]string{}
	for rows.Next() {
		var k, v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("reading the metadata: %w", err)
		}
		kv[k.String] = v.String
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the metadata: %w", err)
	}
	return kv, nil
}

// parseMetadata reads the metadata table's entries; the numbers must be
// numbers, and a zoom range, when given, a range.
func parseMetadata(kv map[string]string) (Metadata, error) {
	m := Metadata{Name: kv["name"], Description: kv["description"], Attribution: kv["attribution"],
		Format: strings.ToLower(kv["format"]), Bounds: [4]float64{-180, -85.0511, 180, 85.0511}}
	if m.Format == "" {
		return m, errors.New(`its metadata has no "format"; --basemap takes vector tiles (format pbf)`)
	}
	for key, z := range map[string]*int{"minzoom": &m.MinZoom, "maxzoom": &m.MaxZoom} {
		s, ok := kv[key]
		if !ok {
			continue
		}
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < 0 || v > MaxZoom {
			return m, fmt.Errorf("metadata %q: %q is not a zoom level from 0 to %d", key, s, MaxZoom)
		}
		*z = v
	}
	if s := kv["bounds"]; s != "" {
		b, err := numbers(s, 4)
		if err != nil || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] >= b[2] || b[1] >= b[3] {
			return m, fmt.Errorf("metadata \"bounds\": %q is not west,south,east,north in degrees", s)
		}
		m.Bounds = [4]float64(b)
	}
	if s := kv["center"]; s != "" {
		c, err := numbers(s, 3)
		if err != nil {
			return m, fmt.Errorf("metadata \"center\": %q is not lon,lat,zoom", s)
		}
		m.Center = c
	}
	if s := kv["json"]; s != "" {
		var j struct {
			VectorLayers json.RawMessage `json:"vector_layers"`
		}
		if err := json.Unmarshal([]byte(s), &j); err != nil {
			return m, fmt.Errorf("metadata \"json\": %w", err)
		}
		m.VectorLayers = j.VectorLayers
	}
	return m, nil
}

// numbers reads n comma-separated numbers.
func numbers(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers, got %d", n, len(parts))
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Metadata returns what the file says of its tileset.
func (ts *Tileset) Metadata() Metadata { return ts.meta }

// Tile returns the bytes of tile z/x/y, row y counted from the north as web
// maps count it: a Mapbox Vector Tile, gzipped or not as the file keeps it.
// A tile the file does not hold is nil, with no error.
func (ts *Tileset) Tile(ctx context.Context, z, x, y int) ([]byte, error) {
	if z < 0 || z > MaxZoom || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		return nil, fmt.Errorf("mbtiles: no tile %d/%d/%d", z, x, y)
	}
	var b []byte
	err := ts.tile.QueryRowContext(ctx, z, x, (1<<z)-1-y).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mbtiles: tile %d/%d/%d: %w", z, x, y, err)
	}
	return b, nil
}

// Close closes the file.
func (ts *Tileset) Close() error {
	ts.tile.Close()
	return ts.db.Close()
}
