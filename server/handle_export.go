package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"chronomap/data"
	"chronomap/geo"

	"github.com/labstack/echo/v4"
)

// format is a file format events can be written in.
type format struct {
	ext         string
	contentType string
	write       func(w io.Writer, col *collection, events []*data.Event) error
}

// formats are what /api/export writes, and items with f=, by name.
var formats = map[string]format{
	"geojson": {"geojson", contentTypeGeoJSON, writeGeoJSONFile},
	"kml": {"kml", "application/vnd.google-earth.kml+xml", func(w io.Writer, col *collection, events []*data.Event) error {
		return geo.WriteKML(w, col.ds.Title, events)
	}},
	"csv": {"csv", "text/csv; charset=utf-8", func(w io.Writer, col *collection, events []*data.Event) error {
		return geo.WriteCSV(w, events, col.maxSources)
	}},
	"gpx": {"gpx", "application/gpx+xml", func(w io.Writer, col *collection, events []*data.Event) error {
		return geo.WriteGPX(w, col.ds.Title, events)
	}},
}

// formatNames lists the formats in a stable order for messages and documents.
var formatNames = []string{"geojson", "kml", "csv", "gpx"}

// writeGeoJSONFile writes an RFC 7946 FeatureCollection with nothing but
// its features: no paging members, which belong to the API, not to a file.
func writeGeoJSONFile(w io.Writer, col *collection, events []*data.Event) error {
	b, err := featureCollection(struct {
		Type string `json:"type"`
	}{"FeatureCollection"}, col.encoded(events))
	if err == nil {
		_, err = w.Write(b)
	}
	return err
}

func (s *Server) handleExport(c echo.Context) error {
	v, err := queryParams(c.Request().URL.RawQuery, append(filterParams, paramFormat, paramCollection)...)
	if err != nil {
		return err
	}
	col := s.collections[0]
	if id := v.Get(paramCollection); id != "" {
		if col = s.byID[id]; col == nil {
			return badParam(paramCollection, "no collection %q (see /api/collections)", data.Clip(id))
		}
	}
	name, err := parseFormat(paramFormat, v.Get(paramFormat), "geojson", formatNames...)
	if err != nil {
		return err
	}
	f, err := parseFilter(v)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s.%s"`, exportName(col.ds.Name, f), formats[name].ext))
	return writeFormat(c, formats[name], col, col.ds.Query(f))
}

// writeFormat encodes events into a buffer first, so that a failure is still
// an error response rather than a truncated file.
func writeFormat(c echo.Context, f format, col *collection, events []*data.Event) error {
	var buf bytes.Buffer
	if err := f.write(&buf, col, events); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, f.contentType, buf.Bytes())
}

// unsafeName is what a file name in a Content-Disposition header should not
// hold: quotes, separators, anything a download could misread.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// exportName says which dataset and which window a file holds, e.g.
// events_20200107T2300Z-20200108T0300Z.
func exportName(dataset string, f data.Filter) string {
	dataset = strings.Trim(unsafeName.ReplaceAllString(dataset, "-"), "-.")
	if dataset == "" {
		dataset = "events"
	}
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
