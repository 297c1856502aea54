package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"regexp"
	"strings"
	"time"

	"chronomap/data"
	"chronomap/geo"

	"github.com/labstack/echo/v4"
)

// maxExports is how many exports are written at once; one more is asked to
// come back later. A whole export is a long stream; a few at a time keep
// the others' requests quick.
const maxExports = 4

// format is a file format events can be written in.
type format struct {
	ext         string
	contentType string
	write       func(w io.Writer, col *collection, meta data.Meta, rows iter.Seq[int]) error
}

// formats are what /api/export writes, and items with f=, by name.
var formats = map[string]format{
	"geojson": {"geojson", contentTypeGeoJSON, writeGeoJSONFile},
	"kml": {"kml", "application/vnd.google-earth.kml+xml", func(w io.Writer, col *collection, meta data.Meta, rows iter.Seq[int]) error {
		return geo.WriteKML(w, meta, col.ds.Events(rows))
	}},
	"csv": {"csv", "text/csv; charset=utf-8", func(w io.Writer, col *collection, _ data.Meta, rows iter.Seq[int]) error {
		return geo.WriteCSV(w, col.ds.Events(rows), col.ds.MaxSources())
	}},
	"gpx": {"gpx", "application/gpx+xml", func(w io.Writer, col *collection, meta data.Meta, rows iter.Seq[int]) error {
		return geo.WriteGPX(w, meta, col.ds.Events(rows))
	}},
}

// formatNames lists the formats in a stable order for messages and documents.
var formatNames = []string{"geojson", "kml", "csv", "gpx"}

// writeGeoJSONFile writes an RFC 7946 FeatureCollection with its features
// and the dataset's metadata, as a dataset file holds them: no paging
// members, which belong to the API, not to a file.
func writeGeoJSONFile(w io.Writer, col *collection, meta data.Meta, rows iter.Seq[int]) error {
	head, err := json.Marshal(struct {
		Type      string    `json:"type"`
		Name      string    `json:"name"`
		Title     string    `json:"title"`
		Chronomap data.Meta `json:"chronomap"`
	}{"FeatureCollection", col.ds.Name, meta.Title, meta})
	if err != nil {
		return err
	}
	head = append(head[:len(head)-1], `,"features":[`...)
	if _, err := w.Write(head); err != nil {
		return err
	}
	sep := ""
	for r := range rows {
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(col.ds.Feature(r)); err != nil {
			return err
		}
		sep = ","
	}
	_, err = io.WriteString(w, "]}")
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
	f, err := parseFilter(v, col.ds.Meta.Categories)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	if c.Request().Method != http.MethodHead {
		if err := s.startExport(c); err != nil {
			return err
		}
		defer func() { <-s.exports }()
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s.%s"`, exportName(col.ds.Name, f), formats[name].ext))
	return s.writeFormat(c, formats[name], col, exportMeta(col.ds.Meta, f.IsZero()), col.ds.Rows(f))
}

// exportMeta is the metadata a file of the events f selects carries: all of
// the dataset's, but its story when some events are left out (whole is
// false), since a
// chapter may name them and a file must load back.
func exportMeta(meta data.Meta, whole bool) data.Meta {
	if !whole {
		meta.Story = nil
	}
	return meta
}

// startExport takes one of the export slots, or answers 503 when all are
// taken; the caller gives the slot back when done.
func (s *Server) startExport(c echo.Context) error {
	select {
	case s.exports <- struct{}{}:
		return nil
	default:
		c.Response().Header().Set("Retry-After", "10")
		return &apiError{Status: http.StatusServiceUnavailable, Code: codeUnavailable,
			Description: fmt.Sprintf("%d exports are being written; try again in a few seconds", maxExports)}
	}
}

// writeFormat streams rows in format f: an export of a million events
// takes no more memory than one of ten. HEAD gets the headers alone.
func (s *Server) writeFormat(c echo.Context, f format, col *collection, meta data.Meta, rows iter.Seq[int]) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, f.contentType)
	if c.Request().Method == http.MethodHead {
		res.WriteHeader(http.StatusOK)
		return nil
	}
	res.WriteHeader(http.StatusOK)
	w := bufio.NewWriterSize(res, 32<<10)
	err := f.write(w, col, meta, rows)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		// The status is sent: all that can be done is to cut the stream, which
		// the client sees as an incomplete download.
		s.log.Warn("export cut short", "uri", c.Request().RequestURI, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
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
