package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

const contentTypeArrow = "application/vnd.apache.arrow.stream"

// headerDecodedLength gives the size of the body before gzip, so the page
// can show its progress in the bytes it reads.
const headerDecodedLength = "X-Decoded-Length"

// columnCache is a collection's columns, encoded once for each version of
// its store: the latest one asked for is kept. The lock makes a second
// request for a version being encoded wait for it rather than encode it
// again.
type columnCache struct {
	mu        sync.Mutex
	version   string
	raw, gzip []byte
}

// columnBytes returns the columns of the store's events at version.
func (col *collection) columnBytes(ctx context.Context, version string) (raw, gz []byte, err error) {
	cc := &col.columns
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.raw != nil && cc.version == version {
		return cc.raw, cc.gzip, nil
	}
	info, err := col.store.Info(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := columnRows(ctx, col.store)
	if err != nil {
		return nil, nil, err
	}
	if raw, err = encodeColumns(rows, info.Meta.Categories); err != nil {
		return nil, nil, err
	}
	cc.version, cc.raw, cc.gzip = version, raw, gzipBytes(raw)
	return cc.raw, cc.gzip, nil
}

// warm encodes the columns of the store as it is now. A store that cannot
// answer yet is left for the first request to try again.
func (col *collection) warm(log *slog.Logger) {
	ctx := context.Background()
	version, err := col.store.Version(ctx)
	if err == nil {
		_, _, err = col.columnBytes(ctx, version)
	}
	if err != nil {
		log.Warn("collection not ready", "collection", col.id, "err", err)
	}
}

// handleColumns answers every event of a collection in one Arrow IPC
// stream, for the map to draw and filter at scale (details stay on
// items/{id}); with q, only the numbers of the rows that match.
func (s *Server) handleColumns(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	v, err := queryParams(c.Request().URL.RawQuery, paramQ)
	if err != nil {
		return err
	}
	f, err := parseFilter(v)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	info, version, err := col.snapshot(ctx)
	if err != nil {
		return err
	}
	if err := knownCategories(v, info.Meta.Categories); err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	if f.Text != "" {
		rows, err := searchRows(ctx, col.store, f.Text)
		if err != nil {
			return err
		}
		b, err := encodeRows(rows)
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, contentTypeArrow, b)
	}
	raw, gz, err := col.columnBytes(ctx, version)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(headerDecodedLength, strconv.Itoa(len(raw)))
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	body := raw
	if accepts, _ := c.Get(ctxGzip).(bool); accepts {
		h.Set(echo.HeaderContentEncoding, "gzip")
		body = gz
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, contentTypeArrow, body)
}
