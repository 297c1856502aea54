package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"chronomap/data"

	"github.com/paulmach/orb"
)

// Query parameter names, and the limits of paging.
const (
	paramDatetime   = "datetime"
	paramBBox       = "bbox"
	paramLimit      = "limit"
	paramOffset     = "offset"
	paramCategory   = "category"
	paramQ          = "q"
	paramF          = "f"
	paramFormat     = "format"
	paramZoom       = "zoom"
	paramCollection = "collection"

	// defaultLimit is a page that answers fast for any query, as OGC API
	// servers such as pg_featureserv default to; clients ask for more.
	defaultLimit = 10
	maxLimit     = 10000
	maxQ         = 200
	maxZoom      = 22
)

// filterParams are the parameters that select events, shared by items and export.
var filterParams = []string{paramDatetime, paramBBox, paramCategory, paramQ}

// itemsQuery is a parsed, validated request for events.
type itemsQuery struct {
	values        url.Values // as given, for links
	filter        data.Filter
	limit, offset int
	format        string
}

// queryParams parses a raw query string strictly and refuses parameters the
// endpoint does not define and parameters given twice, as OGC API – Features
// asks, but for datetime (see parseFilter). url.Values would silently drop a
// pair it cannot read (a stray %, a semicolon), and so a filter, which must
// be a 400 instead.
func queryParams(raw string, allowed ...string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
			Description: fmt.Sprintf("the query string cannot be read: %s (separate parameters with & and percent-encode values; write + as %%2B)", data.Clip(err.Error()))}
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !contains(allowed, name) {
			return nil, badParam(data.Clip(name), "unknown parameter (this endpoint takes %s)", strings.Join(allowed, ", "))
		}
		if len(q[name]) > 1 && name != paramDatetime {
			return nil, badParam(name, "given %d times; give it once", len(q[name]))
		}
	}
	return q, nil
}

// parseFilter reads the parameters that select events. Whether the
// categories it names are a collection's, knownCategories says once the
// collection's store has been asked: a request wrong in itself is a 400
// even while the store cannot answer.
func parseFilter(q url.Values) (data.Filter, error) {
	var f data.Filter
	var err error
	// datetime may be given more than once, as GDAL asks for start > a AND
	// end < b: an event then overlaps every interval, which is to overlap
	// the time they share.
	for _, s := range q[paramDatetime] {
		from, to, err := parseDatetime(s)
		if err != nil {
			return f, badParam(paramDatetime, "%v", err)
		}
		if f.From.IsZero() || from.After(f.From) {
			f.From = from
		}
		if f.To.IsZero() || !to.IsZero() && to.Before(f.To) {
			f.To = to
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, badParam(paramDatetime, "the %d intervals given share no time: give one interval", len(q[paramDatetime]))
	}
	if f.BBoxes, err = parseBBox(q.Get(paramBBox)); err != nil {
		return f, badParam(paramBBox, "%v", err)
	}
	if f.Categories, err = parseCategories(q.Get(paramCategory)); err != nil {
		return f, badParam(paramCategory, "%v", err)
	}
	f.Text = strings.TrimSpace(q.Get(paramQ))
	if n := len([]rune(f.Text)); n > maxQ {
		return f, badParam(paramQ, "is %d characters long; at most %d", n, maxQ)
	}
	return f, nil
}

// parseDatetime reads an RFC 3339 instant or an interval "a/b" in which
// either end may be open (".." or empty). A full date stands for that whole
// UTC day. Zero times mean open ends.
func parseDatetime(s string) (from, to time.Time, err error) {
	if s == "" {
		return time.Time{}, time.Time{}, nil
	}
	parts := strings.Split(s, "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch len(parts) {
	case 1:
		if parts[0] == ".." {
			return from, to, fmt.Errorf("%q: an instant cannot be open; use an interval such as ../2020-01-08T00:00:00Z", s)
		}
		return parseInstant(parts[0])
	case 2:
		if parts[0] == "" && parts[1] == "" {
			return from, to, fmt.Errorf("%q: an interval needs at least one end; use ../.. for all time", s)
		}
		if parts[0] != ".." && parts[0] != "" {
			if from, _, err = parseInstant(parts[0]); err != nil {
				return
			}
		}
		if parts[1] != ".." && parts[1] != "" {
			if _, to, err = parseInstant(parts[1]); err != nil {
				return
			}
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return from, to, fmt.Errorf("interval %q ends before it starts", s)
		}
		return from, to, nil
	default:
		return from, to, fmt.Errorf("%q: want an RFC 3339 time or an interval start/end", data.Clip(s))
	}
}

// spaceOffset is an offset whose + became a space: a URL's query decodes an
// unencoded + that way, and people type them.
var spaceOffset = regexp.MustCompile(`^(.*\d) (\d\d:\d\d)$`)

// reducedTime is a UTC time cut short after its date, hour or minute, as
// GDAL's OGC API driver (3.6, that of Debian 12 and QGIS 3.28) writes the
// times of an ogr2ogr -where or a QGIS filter: 2020-01-03T, 2020-01-03T05Z,
// 2020-01-03T05:30Z.
var reducedTime = regexp.MustCompile(`^(\d{4}-\d\d-\d\d)[Tt](?:(\d\d)(?::(\d\d))?[Zz])?$`)

// parseInstant returns the span an instant covers: a time is itself, a date
// is its UTC day, and a time cut short (reducedTime) the hour or minute it
// names.
func parseInstant(s string) (from, to time.Time, err error) {
	if len(s) == len(time.DateOnly) {
		if d, e := time.Parse(time.DateOnly, s); e == nil {
			return d, d.Add(24*time.Hour - time.Nanosecond), nil
		}
	}
	if m := reducedTime.FindStringSubmatch(s); m != nil {
		layout, value, span := time.DateOnly, m[1], 24*time.Hour
		switch {
		case m[3] != "":
			layout, value, span = "2006-01-02T15:04", m[1]+"T"+m[2]+":"+m[3], time.Minute
		case m[2] != "":
			layout, value, span = "2006-01-02T15", m[1]+"T"+m[2], time.Hour
		}
		if t, e := time.Parse(layout, value); e == nil {
			return t, t.Add(span - time.Nanosecond), nil
		}
	}
	// RFC 3339 allows a lower-case t and z; Go's parser does not.
	norm := strings.ToUpper(s)
	if strings.IndexByte(norm, ' ') >= 0 {
		norm = spaceOffset.ReplaceAllString(norm, "$1+$2")
	}
	t, err := data.ParseTime(norm)
	if err != nil {
		return from, to, fmt.Errorf("%q %s", data.Clip(s), strings.TrimPrefix(err.Error(), strconv.Quote(norm)+" "))
	}
	if t.IsZero() {
		return from, to, fmt.Errorf("%q is the earliest time there is; use .. for an open start", s)
	}
	return t, t, nil
}

// parseBBox reads minLon,minLat,maxLon,maxLat (a 6-number 3D box is accepted
// and its heights ignored). A box whose minLon is greater than its maxLon
// crosses the antimeridian and becomes two.
func parseBBox(s string) ([]orb.Bound, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, fmt.Errorf("%q has %d numbers; want 4: minLon,minLat,maxLon,maxLat", data.Clip(s), len(parts))
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		v, ok := data.ParseDecimal(strings.TrimSpace(p))
		if !ok {
			return nil, fmt.Errorf("%q is not a decimal number", data.Clip(strings.TrimSpace(p)))
		}
		n[i] = v
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	minLon, minLat, maxLon, maxLat := n[0], n[1], n[2], n[3]
	for _, lat := range []float64{minLat, maxLat} {
		if lat < -90 || lat > 90 {
			return nil, fmt.Errorf("latitude %g is out of range [-90, 90] (order is minLon,minLat,maxLon,maxLat)", lat)
		}
	}
	for _, lon := range []float64{minLon, maxLon} {
		if lon < -180 || lon > 180 {
			return nil, fmt.Errorf("longitude %g is out of range [-180, 180]", lon)
		}
	}
	if minLat > maxLat {
		return nil, fmt.Errorf("minLat %g is greater than maxLat %g", minLat, maxLat)
	}
	if minLon > maxLon {
		return []orb.Bound{
			{Min: orb.Point{minLon, minLat}, Max: orb.Point{180, maxLat}},
			{Min: orb.Point{-180, minLat}, Max: orb.Point{maxLon, maxLat}},
		}, nil
	}
	return []orb.Bound{{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}}, nil
}

// parseCategories reads a comma-separated list of categories, each one of cats.
func parseCategories(s string) (map[string]bool, error) {
	if s == "" {
		return nil, nil
	}
	set := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" {
			set[c] = true
		}
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%q names no category", data.Clip(s))
	}
	return set, nil
}

// knownCategories checks that the categories q names, in the order given,
// are among cats.
func knownCategories(q url.Values, cats []data.Category) error {
	for _, c := range strings.Split(q.Get(paramCategory), ",") {
		c = strings.TrimSpace(c)
		if c == "" || slices.ContainsFunc(cats, func(k data.Category) bool { return k.ID == c }) {
			continue
		}
		ids := make([]string, len(cats))
		for i, k := range cats {
			ids[i] = k.ID
		}
		return badParam(paramCategory, "unknown category %q (want one of %s)", data.Clip(c), data.Clip(strings.Join(ids, ", ")))
	}
	return nil
}

// parseInt reads a whole number in [min, max]; values above max are clamped
// when clamp is set (OGC asks that for limit).
func parseInt(name, s string, def, min, max int, clamp bool) (int, error) {
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	var ne *strconv.NumError
	switch {
	case err == nil:
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange && strings.HasPrefix(s, "-"):
		return 0, badParam(name, "%s is less than %d", data.Clip(s), min)
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange && clamp:
		return max, nil
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange:
		return 0, badParam(name, "%s is more than %d", data.Clip(s), max)
	default:
		return 0, badParam(name, "%q is not a whole number", data.Clip(s))
	}
	if v < min {
		return 0, badParam(name, "%d is less than %d", v, min)
	}
	if v > max {
		if clamp {
			return max, nil
		}
		return 0, badParam(name, "%d is more than %d", v, max)
	}
	return v, nil
}

// parseFormat reads an output format from the allowed ones; empty is def.
func parseFormat(name, s, def string, allowed ...string) (string, error) {
	if s == "" {
		return def, nil
	}
	if contains(allowed, strings.ToLower(s)) {
		return strings.ToLower(s), nil
	}
	return "", badParam(name, "unknown format %q (want one of %s)", data.Clip(s), strings.Join(allowed, ", "))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
