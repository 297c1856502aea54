package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// A headerGap is a column a CSV header lacks: told once for the file,
// rather than as "missing" in every row.
type headerGap struct {
	msg string
	// covers reports whether a row's field is missing because of the gap.
	covers func(field string) bool
	// always is set for a column every row needs; a gap that only some rows
	// need is told once a row misses it (seen).
	always bool
	seen   atomic.Bool
}

// requiredColumns are the columns every row needs (data/SCHEMA.md: the
// properties required, and the title, publisher and url of a source), in
// the order the schema lists them, each with headers a spreadsheet may
// give it instead. Headers are compared by alikeKey.
var requiredColumns = []struct {
	name  string
	alike []string
}{
	{"id", []string{"slug", "identifier", "event id", "key"}},
	{"title", []string{"name", "headline", "event", "event name"}},
	{"summary", []string{"description", "desc", "details", "text", "abstract"}},
	{"category", []string{"type", "kind", "event type", "categories"}},
	{"place", []string{"location", "site", "where", "place name", "address"}},
	{"start", []string{"start date", "start time", "start datetime", "begin", "date", "datetime", "time", "when", "from", "timestamp"}},
	{"time_precision", []string{"date precision", "time accuracy"}},
	{"location_precision", []string{"place precision", "position precision", "location accuracy"}},
	{"source_title", []string{"source", "source name"}},
	{"source_publisher", []string{"publisher", "outlet"}},
	{"source_url", []string{"url", "link", "source link"}},
}

// Headers a spreadsheet may give the geometry columns instead.
var (
	lonAlike = []string{"longitude", "long", "lng"}
	latAlike = []string{"latitude"}
	wktAlike = []string{"geometry", "geom", "the_geom", "wkt_geom", "shape"}
)

// alikeKey is a header as compared with a column it may stand for: lower
// case, without spaces, underscores, hyphens and dots.
func alikeKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '.', '\t':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// headerGaps finds the columns a header lacks (cols is header lower-cased
// and trimmed), naming for each the header's cells that look like it.
func headerGaps(header, cols []string) []*headerGap {
	has := func(col string) bool { return slices.Contains(cols, col) }
	hasSource := func(field string) bool {
		return slices.ContainsFunc(cols, func(col string) bool {
			_, f := sourceColumn(col)
			return strings.HasPrefix(col, "source_") && f == field
		})
	}
	// alike names, as " (it has …)", the header's cells that are no column
	// of the schema's but compare as name or one of others.
	alike := func(name string, others []string) string {
		keys := []string{alikeKey(name)}
		for _, o := range others {
			keys = append(keys, alikeKey(o))
		}
		var found []string
		for i, col := range cols {
			if col != "" && !isSchemaColumn(col) && slices.Contains(keys, alikeKey(col)) {
				found = append(found, strconv.Quote(Clip(strings.TrimSpace(header[i]))))
			}
		}
		if len(found) == 0 {
			return ""
		}
		return " (it has " + strings.Join(found, ", ") + ")"
	}
	var gaps []*headerGap
	lacks := func(name, hint string, always bool, covers func(string) bool) {
		gaps = append(gaps, &headerGap{msg: fmt.Sprintf("the header has no %q column%s", name, hint), covers: covers, always: always})
	}
	isGeometry := func(field string) bool { return field == "geometry" }
	var lonHint, latHint string
	if !has(colLon) {
		lonHint = alike(colLon, lonAlike)
	}
	if !has(colLat) {
		latHint = alike(colLat, latAlike)
	}
	switch {
	case has(colLon) && has(colLat):
	case lonHint == "" && latHint == "":
		if !has(colWKT) {
			gaps = append(gaps, &headerGap{msg: "the header needs lon and lat columns, or a wkt column" + alike(colWKT, wktAlike), covers: isGeometry, always: true})
		}
	default:
		// Beside a wkt column, columns that look like lon and lat are told
		// when a row has no wkt.
		// A row's position is missing, or half of it, for want of them.
		isPosition := func(field string) bool { return field == "geometry" || field == "lon, lat" }
		if !has(colLon) && (lonHint != "" || !has(colWKT)) {
			lacks(colLon, lonHint, !has(colWKT), isPosition)
		}
		if !has(colLat) && (latHint != "" || !has(colWKT)) {
			lacks(colLat, latHint, !has(colWKT), isPosition)
		}
	}
	noSources := !hasSource("title") && !hasSource("publisher") && !hasSource("url")
	for _, rc := range requiredColumns {
		if field, ok := strings.CutPrefix(rc.name, "source_"); ok {
			if !hasSource(field) {
				lacks(rc.name, alike(rc.name, rc.alike), true, func(f string) bool {
					return strings.HasPrefix(f, "sources[") && strings.HasSuffix(f, "]."+field) || f == "sources" && noSources
				})
			}
			continue
		}
		if name := rc.name; !has(name) {
			lacks(name, alike(name, rc.alike), true, func(f string) bool { return f == name })
		}
	}
	return gaps
}

// dataCell returns a cell of a header without an id column that is a
// number or a date, which no column's name is: the file then starts with
// an event, its header row left out. It returns "" for a header.
func dataCell(header, cols []string) string {
	if slices.Contains(cols, "id") {
		return ""
	}
	for _, cell := range header {
		cell = strings.TrimSpace(cell)
		if _, ok := ParseDecimal(cell); ok {
			return cell
		}
		if len(cell) >= 10 && cell[4] == '-' && cell[7] == '-' && strings.Trim(cell[:4], "0123456789") == "" {
			return cell
		}
	}
	return ""
}

// isSchemaColumn reports whether col is a column CSV files have a use for.
func isSchemaColumn(col string) bool {
	if strings.HasPrefix(col, "source_") {
		_, f := sourceColumn(col)
		return f == "title" || f == "publisher" || f == "url" || f == "date"
	}
	return slices.Contains(CSVColumns, col)
}

// toldByGap reports whether p is a row's field missing for a column the
// header lacks, and notes that a row missed it.
func toldByGap(gaps []*headerGap, p Problem) bool {
	// A field left empty by the gap is "missing"; a position is instead
	// half read, lon without lat ("lon, lat": "44", "" are not two numbers).
	if p.Msg != "missing" && !strings.HasPrefix(p.Msg, "missing:") && p.Field != "lon, lat" {
		return false
	}
	told := false
	for _, g := range gaps {
		if g.covers(p.Field) {
			if !g.seen.Load() {
				g.seen.Store(true)
			}
			told = true
		}
	}
	return told
}
