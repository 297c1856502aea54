package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// exportFormats are the formats /api/export writes.
var exportFormats = []string{"geojson"}

// exportCollection is an RFC 7946 FeatureCollection with nothing but its
// features: no paging members, which belong to the API, not to a file.
type exportCollection struct {
	Type     string            `json:"type"`
	Features []json.RawMessage `json:"features"`
}

func (s *Server) handleExport(c echo.Context) error {
	v := c.QueryParams()
	if err := checkParams(v, append(filterParams, paramFormat)...); err != nil {
		return err
	}
	format, err := parseFormat(paramFormat, v.Get(paramFormat), "geojson", exportFormats...)
	if err != nil {
		return err
	}
	f, err := parseFilter(v)
	if err != nil {
		return err
	}
	col := s.events
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	events := col.ds.Query(f)
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s.%s"`, exportName(col.ds.Name, f), format))
	return writeGeoJSON(c, exportCollection{Type: "FeatureCollection", Features: col.encoded(events)})
}

// exportName says which dataset and which window a file holds, e.g.
// events_20200107T2300Z-20200108T0300Z.
func exportName(dataset string, f data.Filter) string {
	if f.From.IsZero() && f.To.IsZero() {
		return dataset + "_all"
	}
	end := func(t time.Time, open string) string {
		if t.IsZero() {
			return open
		}
		return t.UTC().Format("20060102T1504Z")
	}
	return dataset + "_" + end(f.From, "start") + "-" + end(f.To, "end")
}
