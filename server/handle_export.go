package server

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"net/http"
	"regexp"
	"slices"
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
	write       func(w io.Writer, sel selection) error
}

// selection is the events a file holds: the matches of filter from
// offset, at most limit (data.All for every one), from a store described
// by info, and the metadata the file carries (see exportMeta).
type selection struct {
	ctx           context.Context
	store         data.Store
	info          data.Info
	meta          data.Meta
	filter        data.Filter
	offset, limit int
}

// events yields the selection's events; a store error ends them and is
// left in *err.
func (sel selection) events(err *error) iter.Seq[*data.Event] {
	return func(yield func(*data.Event) bool) {
		for ev, e := range sel.store.Events(sel.ctx, sel.filter, sel.offset, sel.limit) {
			if e != nil {
				*err = e
				return
			}
			if !yield(ev) {
				return
			}
		}
	}
}

// writeEvents writes the selection's events with write, reporting the
// store's error before the writer's.
func writeEvents(sel selection, write func(iter.Seq[*data.Event]) error) error {
	var err error
	werr := write(sel.events(&err))
	return errors.Join(err, werr)
}

// formats are what /api/export writes, and items with f=, by name.
var formats = map[string]format{
	"geojson": {"geojson", contentTypeGeoJSON, writeGeoJSONFile},
	"kml": {"kml", "application/vnd.google-earth.kml+xml", func(w io.Writer, sel selection) error {
		return writeEvents(sel, func(evs iter.Seq[*data.Event]) error { return geo.WriteKML(w, sel.meta, evs) })
	}},
	"csv": {"csv", "text/csv; charset=utf-8", func(w io.Writer, sel selection) error {
		return writeEvents(sel, func(evs iter.Seq[*data.Event]) error { return geo.WriteCSV(w, evs, sel.info.MaxSources) })
	}},
	"gpx": {"gpx", "application/gpx+xml", func(w io.Writer, sel selection) error {
		return writeEvents(sel, func(evs iter.Seq[*data.Event]) error { return geo.WriteGPX(w, sel.meta, evs) })
	}},
}

// formatNames lists the formats in a stable order for messages and documents.
var formatNames = []string{"geojson", "kml", "csv", "gpx"}

// writeGeoJSONFile writes an RFC 7946 FeatureCollection with its features
// and the dataset's metadata, as a dataset file holds them: no paging
// members, which belong to the API, not to a file.
func writeGeoJSONFile(w io.Writer, sel selection) error {
	head, err := json.Marshal(struct {
		Type      string    `json:"type"`
		Name      string    `json:"name"`
		Title     string    `json:"title"`
		Chronomap data.Meta `json:"chronomap"`
	}{"FeatureCollection", sel.info.Name, sel.meta.Title, sel.meta})
	if err != nil {
		return err
	}
	head = append(head[:len(head)-1], `,"features":[`...)
	if _, err := w.Write(head); err != nil {
		return err
	}
	sep := ""
	for f, err := range sel.store.Features(sel.ctx, sel.filter, sel.offset, sel.limit) {
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(f); err != nil {
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
	if c.Request().Method != http.MethodHead {
		if err := s.startExport(c); err != nil {
			return err
		}
		defer func() { <-s.exports }()
	}
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s.%s"`, exportName(info.Name, f), formats[name].ext))
	return s.writeFormat(c, formats[name], selection{ctx: ctx, store: col.store, info: info,
		meta: exportMeta(info.Meta, f.IsZero()), filter: f, limit: data.All})
}

// exportMeta is the metadata a file of some events carries: all of the
// dataset's, but its story when some events are left out (whole is false),
// since a chapter may name them and a file must load back.
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

// writeFormat streams sel in format f: an export of a million events
// takes no more memory than one of ten. HEAD gets the headers alone.
func (s *Server) writeFormat(c echo.Context, f format, sel selection) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, f.contentType)
	if c.Request().Method == http.MethodHead {
		res.WriteHeader(http.StatusOK)
		return nil
	}
	res.WriteHeader(http.StatusOK)
	w := bufio.NewWriterSize(res, 32<<10)
	err := f.write(w, sel)
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
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._+-]+`)

// The most categories and letters of a search an export's file name holds.
const (
	exportNameCategories = 3
	exportNameText       = 24
)

// exportName says which dataset, which filters and which window a file
// holds, e.g. events_protest+strike_q-baghdad_box_start-20200108T0300Z: a
// few categories by name (more are counted), the first letters of a text
// search, "box" for a bbox.
func exportName(dataset string, f data.Filter) string {
	safe := func(s string) string { return strings.Trim(unsafeName.ReplaceAllString(s, "-"), "-.") }
	parts := []string{cmp.Or(safe(dataset), "events")}
	if f.Categories != nil {
		cats := slices.Sorted(maps.Keys(f.Categories))
		if len(cats) > exportNameCategories {
			cats = append(cats[:exportNameCategories], fmt.Sprintf("%dmore", len(cats)-exportNameCategories))
		}
		parts = append(parts, cmp.Or(safe(strings.Join(cats, "+")), "none"))
	}
	if q := safe(f.Text); q != "" {
		if len(q) > exportNameText {
			// At a word's end, unless that would leave little.
			cut := strings.LastIndexByte(q[:exportNameText+1], '-')
			if cut < exportNameText/2 {
				cut = exportNameText
			}
			q = q[:cut]
		}
		parts = append(parts, "q-"+strings.TrimRight(q, "-."))
	}
	if f.BBoxes != nil {
		parts = append(parts, "box")
	}
	if f.From.IsZero() && f.To.IsZero() {
		return strings.Join(append(parts, "all"), "_")
	}
	end := func(t time.Time, open string) string {
		if t.IsZero() {
			return open
		}
		return t.UTC().Format("20060102T1504Z")
	}
	return strings.Join(append(parts, end(f.From, "start")+"-"+end(f.To, "end")), "_")
}
