package data

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom/encoding/geojson"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// CSV columns beyond the schema's own property names: the geometry, and the
// sources, numbered from the second (source_url, source_url_2, …).
const (
	colLon = "lon"
	colLat = "lat"
	colWKT = "wkt"
)

// CSVColumns are the columns CSV exports write, in order, before the source
// columns (SourceColumns); LoadCSV reads them back.
var CSVColumns = []string{"id", "title", "start", "end", "category", "place", "summary",
	"time_precision", "location_precision", "killed", "injured", "figures", "note", colLon, colLat, colWKT}

// SourceColumns returns the columns of the n-th source, counting from 1.
func SourceColumns(n int) []string {
	suffix := ""
	if n > 1 {
		suffix = "_" + strconv.Itoa(n)
	}
	return []string{"source_title" + suffix, "source_publisher" + suffix, "source_url" + suffix, "source_date" + suffix}
}

// numberColumns hold numbers in JSON, not strings.
var numberColumns = map[string]bool{"killed": true, "injured": true}

// LoadCSV parses and validates a CSV dataset: a header row, then one event a
// row. Each row becomes a feature and passes the same checks as GeoJSON;
// problems name the spreadsheet row (the header is row 1).
func LoadCSV(file string, b []byte, opts Options) (*Dataset, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, &InvalidError{Problems: []Problem{{File: file, Msg: fmt.Sprintf("no header row: %v", err)}}}
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
	}
	v := newValidator(file, "row")
	if !contains(cols, colWKT) && (!contains(cols, colLon) || !contains(cols, colLat)) {
		v.problems = append(v.problems, Problem{File: file, Msg: "the header needs lon and lat columns, or a wkt column"})
	}
	for i, col := range cols {
		if contains(cols[:i], col) {
			v.problems = append(v.problems, Problem{File: file, Msg: fmt.Sprintf("the header names column %q twice", col)})
		}
	}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			v.at(row, nil).addf("", "not valid CSV: %v", err)
			break
		}
		if len(rec) != len(cols) {
			v.at(row, nil).addf("", "has %d fields, the header %d", len(rec), len(cols))
			continue
		}
		v.event(row, rowFeature(cols, rec))
	}
	if len(v.events) == 0 && len(v.problems) == 0 {
		return nil, &InvalidError{Problems: []Problem{{File: file, Msg: "no rows"}}}
	}
	return v.dataset("", "", b, opts)
}

// rowFeature turns a CSV row into a feature for the validator; geometry
// columns it cannot read become the feature's geometry problem.
func rowFeature(cols, rec []string) rawFeature {
	props := map[string]json.RawMessage{}
	sources := map[int]map[string]string{}
	var lon, lat, wktText string
	for i, col := range cols {
		val := strings.TrimSpace(rec[i])
		switch {
		case val == "":
		case col == colLon:
			lon = val
		case col == colLat:
			lat = val
		case col == colWKT:
			wktText = val
		case strings.HasPrefix(col, "source_"):
			n, field := sourceColumn(col)
			if sources[n] == nil {
				sources[n] = map[string]string{}
			}
			sources[n][field] = unguardCell(val)
		case col == "figures" || (numberColumns[col] && json.Valid([]byte(val))):
			props[col] = json.RawMessage(val)
		default:
			props[col], _ = json.Marshal(unguardCell(val))
		}
	}
	if len(sources) > 0 {
		nums := make([]int, 0, len(sources))
		for n := range sources {
			nums = append(nums, n)
		}
		sort.Ints(nums)
		list := make([]map[string]string, len(nums))
		for i, n := range nums {
			list[i] = sources[n]
		}
		props["sources"], _ = json.Marshal(list)
	}
	f := rawFeature{Type: "Feature", Properties: props}
	switch {
	case wktText != "":
		g, err := wkt.Unmarshal(wktText)
		if err == nil {
			f.Geometry, err = geojson.Marshal(g)
		}
		if err != nil {
			// Parser errors run over several lines; the first says what.
			msg, _, _ := strings.Cut(err.Error(), "\n")
			f.geometryProblem = Problem{Field: colWKT, Msg: fmt.Sprintf("%q is not WKT: %s", Clip(wktText), msg)}
		}
	case lon != "" || lat != "":
		x, errX := strconv.ParseFloat(lon, 64)
		y, errY := strconv.ParseFloat(lat, 64)
		if errX != nil || errY != nil || math.IsNaN(x+y) || math.IsInf(x+y, 0) {
			f.geometryProblem = Problem{Field: "lon, lat", Msg: fmt.Sprintf("%q, %q are not two finite numbers", Clip(lon), Clip(lat))}
			break
		}
		f.Geometry, _ = json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{x, y}})
	}
	return f
}

// formulaStart are the first characters that make a spreadsheet read a cell
// as a formula. Exports guard such text cells with a leading apostrophe (as
// OWASP advises against CSV injection); loading takes the guard off again.
const formulaStart = "=+-@\t\r"

// GuardCell returns s safe to open in a spreadsheet.
func GuardCell(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

func unguardCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

// Clip shortens text a user gave before a message quotes it back.
func Clip(s string) string {
	const most = 80
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

// sourceColumn splits "source_url_2" into 2 and "url"; unnumbered is 1.
func sourceColumn(col string) (int, string) {
	rest := strings.TrimPrefix(col, "source_")
	if i := strings.LastIndexByte(rest, '_'); i >= 0 {
		if n, err := strconv.Atoi(rest[i+1:]); err == nil && n >= 1 {
			return n, rest[:i]
		}
	}
	return 1, rest
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
