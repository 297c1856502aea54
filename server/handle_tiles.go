package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"chronomap/data"
	"chronomap/mbtiles"

	"github.com/cespare/xxhash/v2"
	"github.com/labstack/echo/v4"
)

const (
	contentTypeMVT = "application/vnd.mapbox-vector-tile"
	// tilesPath is where the vector tiles are served, as a URL template.
	tilesPath = "/api/basemap/tiles/{z}/{x}/{y}.pbf"
	// maxTileBytes bounds a tile unzipped for a client that takes no gzip:
	// a vector tile is a few hundred kilobytes at most.
	maxTileBytes = 16 << 20
)

// mapLayer is a layer the map offers over its own basemap.
type mapLayer struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"` // "vector" or "raster"
	Title       string     `json:"title"`
	Tiles       string     `json:"tiles"` // URL template
	Attribution string     `json:"attribution"`
	Subdomains  string     `json:"subdomains,omitempty"`
	MinZoom     int        `json:"minzoom"`
	MaxZoom     int        `json:"maxzoom"`
	Bounds      [4]float64 `json:"bounds"`
	On          bool       `json:"on"` // shown unless the user says otherwise
}

// handleBasemapLayers lists the layers the map may draw over its own
// basemap: the --basemap file, the --tiles server, and OpenStreetMap.
func (s *Server) handleBasemapLayers(c echo.Context) error {
	if _, err := queryParams(c.Request().URL.RawQuery); err != nil {
		return err
	}
	world := [4]float64{-180, -85.0511, 180, 85.0511}
	var layers []mapLayer
	if s.vector != nil {
		m := s.vector.Metadata()
		layers = append(layers, mapLayer{ID: "vector", Kind: "vector", Title: "Your basemap", Tiles: tilesPath,
			Attribution: m.Attribution, MinZoom: m.MinZoom, MaxZoom: m.MaxZoom, Bounds: m.Bounds, On: true})
	}
	if s.raster != nil {
		layers = append(layers, mapLayer{ID: "tiles", Kind: "raster", Title: "Your tiles", Tiles: s.raster.URL,
			Attribution: s.raster.Attribution, Subdomains: s.raster.Subdomains, MaxZoom: 19, Bounds: world, On: true})
	}
	layers = append(layers, mapLayer{ID: "osm", Kind: "raster", Title: "OpenStreetMap (online)", Tiles: osmTiles.URL,
		Attribution: osmTiles.Attribution, MaxZoom: 19, Bounds: world})
	version, err := s.metaVersion(c.Request().Context(), nil)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSON(http.StatusOK, map[string]any{"layers": layers})
}

// handleTileJSON describes the vector tiles as TileJSON 3.0.0, for other
// map clients.
func (s *Server) handleTileJSON(c echo.Context) error {
	if s.vector == nil {
		return notFound("this server has no vector basemap (start it with --basemap FILE.mbtiles)")
	}
	if _, err := queryParams(c.Request().URL.RawQuery); err != nil {
		return err
	}
	m := s.vector.Metadata()
	tj := map[string]any{
		"tilejson": "3.0.0", "name": m.Name, "description": m.Description, "attribution": m.Attribution,
		"scheme": "xyz", "tiles": []string{siteBase(c) + tilesPath}, "format": m.Format,
		"minzoom": m.MinZoom, "maxzoom": m.MaxZoom, "bounds": m.Bounds,
		"vector_layers": json.RawMessage("[]"),
	}
	if m.Center != nil {
		tj["center"] = m.Center
	}
	if m.VectorLayers != nil {
		tj["vector_layers"] = m.VectorLayers
	}
	version, err := s.metaVersion(c.Request().Context(), nil)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSON(http.StatusOK, tj)
}

// handleTile answers one vector tile, /api/basemap/tiles/{z}/{x}/{y}.pbf,
// rows counted from the north. A tile the file lacks is 204 No Content:
// nothing to draw there. Tiles the file keeps gzipped go out as they are
// to clients that take gzip.
func (s *Server) handleTile(c echo.Context) error {
	if s.vector == nil {
		return notFound("this server has no vector basemap (start it with --basemap FILE.mbtiles)")
	}
	if _, err := queryParams(c.Request().URL.RawQuery); err != nil {
		return err
	}
	z, x, y, err := parseTileAddress(c.Param("z"), c.Param("x"), c.Param("y"))
	if err != nil {
		return err
	}
	tile, err := s.vector.Tile(c.Request().Context(), z, x, y)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	// An hour: a file swapped for a new one shows within it, and a map
	// panning back and forth asks for nothing again.
	const cacheControl = "public, max-age=3600"
	if tile == nil {
		h.Set(echo.HeaderCacheControl, cacheControl)
		return c.NoContent(http.StatusNoContent)
	}
	same := notModified(c, `"`+strconv.FormatUint(xxhash.Sum64(tile), 36)+`"`)
	h.Set(echo.HeaderCacheControl, cacheControl)
	if same {
		return c.NoContent(http.StatusNotModified)
	}
	if bytes.HasPrefix(tile, []byte{0x1f, 0x8b}) {
		if gz, _ := c.Get(ctxGzip).(bool); gz {
			h.Set(echo.HeaderContentEncoding, "gzip")
		} else if tile, err = gunzip(tile); err != nil {
			return fmt.Errorf("tile %d/%d/%d: %w", z, x, y, err)
		}
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(tile)))
	return c.Blob(http.StatusOK, contentTypeMVT, tile)
}

// parseTileAddress reads z, x and y.pbf from a tile's path and checks that
// the tile exists on the map's grid.
func parseTileAddress(zs, xs, ys string) (z, x, y int, err error) {
	row, ok := strings.CutSuffix(ys, ".pbf")
	if !ok {
		row, ok = strings.CutSuffix(ys, ".mvt")
	}
	if !ok {
		return 0, 0, 0, badParam("y", "%q is not a row with the extension .pbf, e.g. 3.pbf", data.Clip(ys))
	}
	if z, err = pathInt("z", zs, mbtiles.MaxZoom); err != nil {
		return 0, 0, 0, err
	}
	last := 1<<z - 1
	if x, err = pathInt("x", xs, last); err != nil {
		return 0, 0, 0, err
	}
	if y, err = pathInt("y", row, last); err != nil {
		return 0, 0, 0, err
	}
	return z, x, y, nil
}

// pathInt reads a whole number from 0 to max from a path segment, which,
// unlike a query parameter, has no default.
func pathInt(name, s string, max int) (int, error) {
	if s == "" {
		return 0, badParam(name, "is empty; want a whole number from 0 to %d", max)
	}
	return parseInt(name, s, 0, 0, max, false)
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(r, maxTileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if len(out) > maxTileBytes {
		return nil, fmt.Errorf("gunzip: more than %d bytes", maxTileBytes)
	}
	return out, nil
}
