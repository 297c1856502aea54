package server

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

const contentTypeArrow = "application/vnd.apache.arrow.stream"

// headerDecodedLength gives the size of the body before gzip, so the page
// can show its progress in the bytes it reads.
const headerDecodedLength = "X-Decoded-Length"

// columnBytes is a collection's columns, encoded once on first use.
type columnBytes struct {
	once      sync.Once
	raw, gzip []byte
	err       error
}

func (col *collection) columnBytes() (raw, gz []byte, err error) {
	cb := &col.columns
	cb.once.Do(func() {
		cb.raw, cb.err = encodeColumns(columnRows(col.ds), col.ds.Meta.Categories)
		if cb.err == nil {
			cb.gzip = gzipBytes(cb.raw)
		}
	})
	return cb.raw, cb.gzip, cb.err
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
	f, err := parseFilter(v, col.ds.Meta.Categories)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	if f.Text != "" {
		b, err := encodeRows(searchRows(col.ds, f.Text))
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, contentTypeArrow, b)
	}
	raw, gz, err := col.columnBytes()
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
