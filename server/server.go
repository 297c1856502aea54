// Package server implements Chronomap's HTTP interface: OGC API – Features
// for the events, exports, the basemap, and the map's own files.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"chronomap/data"
	"chronomap/mbtiles"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/paulmach/orb"
)

// Basemap draws the map's background for a zoom level and a viewport.
type Basemap interface {
	Layer(zoom int, bbox orb.Bound) []byte
}

// Collection is a store of events served under an id, /api/collections/{ID}.
type Collection struct {
	ID    string
	Store data.Store
}

// Config is what the server serves.
type Config struct {
	Collections []Collection     // the first is the default for export and the map
	Assets      fs.FS            // the page, served at /
	Dev         bool             // Assets change while serving: compute ETags per request
	BaseURL     string           // links start with it (see ParseBaseURL); empty: the request's Host
	Basemap     Basemap          // nil answers /api/basemap with 404
	VectorTiles *mbtiles.Tileset // a basemap of vector tiles (--basemap); nil: none
	RasterTiles *TileServer      // a raster tile server (--tiles); nil: none
	Logger      *slog.Logger
	MaxQuery    int // the longest query string served, in bytes; 0 is DefaultMaxQuery
	// DatasetOptions are how POST /api/validate reads a file, as the
	// collections were read; MaxUpload bounds the file (0 is DefaultMaxUpload).
	DatasetOptions data.Options
	MaxUpload      int64
}

// Server answers the HTTP API and serves the page.
type Server struct {
	collections    []*collection
	byID           map[string]*collection
	static         *staticFiles
	openapi        []byte
	basemap        Basemap
	vector         *mbtiles.Tileset
	raster         *TileServer
	baseURL        string
	lastBase       atomic.Pointer[requestBase] // the last base URL made from a request
	log            *slog.Logger
	maxQuery       int
	exports        chan struct{} // a token for each export being written
	validations    chan struct{} // a token for each uploaded file being checked
	maxUpload      int64
	datasetOptions data.Options
	cache          *responseCache
	turns          *turns
}

// collection is a store served as an OGC collection.
type collection struct {
	id      string
	store   data.Store
	columns columnCache // the map's columns, encoded on first use of each version
	turns   *turns      // the server's, for a store in memory; nil for a database
}

// New returns the HTTP handler for cfg.
func New(cfg Config) (*echo.Echo, error) {
	if len(cfg.Collections) == 0 {
		return nil, fmt.Errorf("server: no collection")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	static, err := newStaticFiles(cfg.Assets, cfg.Dev)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{byID: map[string]*collection{}, static: static, basemap: cfg.Basemap, log: log,
		vector: cfg.VectorTiles, raster: cfg.RasterTiles,
		exports: make(chan struct{}, maxExports), cache: newResponseCache(), turns: newTurns(runtime.GOMAXPROCS(0), maxTurn), maxQuery: cfg.MaxQuery,
		validations: make(chan struct{}, maxValidations), maxUpload: cfg.MaxUpload, datasetOptions: cfg.DatasetOptions}
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUpload
	}
	if s.maxQuery <= 0 {
		s.maxQuery = DefaultMaxQuery
	}
	if cfg.BaseURL != "" {
		if s.baseURL, err = ParseBaseURL(cfg.BaseURL); err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	var ids []string
	for _, c := range cfg.Collections {
		if _, dup := s.byID[c.ID]; dup {
			return nil, fmt.Errorf("server: two collections named %q", c.ID)
		}
		col := &collection{id: c.ID, store: c.Store}
		if inMemory(c.Store) {
			col.turns = s.turns
		}
		s.collections = append(s.collections, col)
		s.byID[c.ID] = col
		go col.warm(log) // so the map's first load does not wait for its columns
		ids = append(ids, c.ID)
	}
	static.page = s.preloadStart
	if s.openapi, err = openAPI(ids); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	e.Pre(middleware.RemoveTrailingSlash(), decodePath)
	// Any origin may read the API: it is public data, read-only, and OGC API
	// clients in other web apps need it. A preflight allows the request
	// headers the API reads, not whatever it is asked for.
	cors := middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"},
		AllowMethods: []string{http.MethodGet, http.MethodHead}, AllowHeaders: []string{echo.HeaderAccept, "If-None-Match"},
		ExposeHeaders: []string{"ETag", echo.HeaderContentDisposition}})
	tileServers := []TileServer{osmTiles}
	if s.raster != nil {
		tileServers = append(tileServers, *s.raster)
	}
	e.Use(middleware.Recover(), securityHeaders(contentSecurityPolicy(tileServers...)), cors, compress, s.checkRequest)
	s.routes(e)
	return e, nil
}

func (s *Server) routes(e *echo.Echo) {
	get := func(path string, h echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/healthz", s.handleHealth)
	get("/api", s.handleLanding)
	get("/api/openapi.json", s.handleOpenAPI)
	get("/api/conformance", s.handleConformance)
	get("/api/collections", s.handleCollections)
	get("/api/collections/:collectionId", s.handleCollection)
	get("/api/collections/:collectionId/items", s.handleItems)
	get("/api/collections/:collectionId/items/:featureId", s.handleItem)
	get("/api/collections/:collectionId/columns", s.handleColumns)
	get("/api/export", s.handleExport)
	get("/api/basemap", s.handleBasemap)
	e.POST("/api/validate", s.handleValidate)
	get("/api/validate", func(c echo.Context) error {
		c.Response().Header().Set("Allow", http.MethodPost)
		return &apiError{Status: http.StatusMethodNotAllowed, Code: codeNotAllowed,
			Description: "POST a dataset file to /api/validate to check it (see /api/openapi.json)"}
	})
	get("/api/basemap/layers", s.handleBasemapLayers)
	get("/api/basemap/tiles.json", s.handleTileJSON)
	get("/api/basemap/tiles/:z/:x/:y", s.handleTile)
	get("/api/*", func(c echo.Context) error { return echo.ErrNotFound })
	get("/*", s.static.handle)
}

// metaVersion names the state of metadata now: the OpenAPI document and
// the version of each of cols, whose extent it describes.
func (s *Server) metaVersion(ctx context.Context, cols []*collection) (string, error) {
	h := sha256.New()
	h.Write(s.openapi)
	for _, col := range cols {
		v, err := col.store.Version(ctx)
		if err != nil {
			return "", err
		}
		h.Write([]byte(col.id + "=" + v + ";"))
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// collection returns the collection named in the path.
func (s *Server) collection(c echo.Context) (*collection, error) {
	id := c.Param("collectionId")
	if col, ok := s.byID[id]; ok {
		return col, nil
	}
	return nil, notFound("no collection %q (see /api/collections)", data.Clip(id))
}

// healthTimeout bounds how long /healthz waits for a store to answer.
const healthTimeout = 2 * time.Second

// handleHealth answers 200 when every collection's store answers, and
// otherwise 503 naming the collections that do not and why.
func (s *Server) handleHealth(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), healthTimeout)
	defer cancel()
	events := 0
	unavailable := map[string]string{}
	for _, col := range s.collections {
		info, err := col.store.Info(ctx)
		if err != nil {
			unavailable[col.id] = clientReason(err)
			continue
		}
		events += info.Events
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if len(unavailable) > 0 {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "collections": len(s.collections),
			"events": events, "unavailable": unavailable})
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "collections": len(s.collections), "events": events})
}

// snapshot reads what an answer from col rests on: the store's description
// (its categories check a request's filter) and its version (the answer's
// ETag).
func (col *collection) snapshot(ctx context.Context) (data.Info, string, error) {
	info, err := col.store.Info(ctx)
	if err != nil {
		return data.Info{}, "", err
	}
	version, err := col.store.Version(ctx)
	return info, version, err
}
