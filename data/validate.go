package data

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

var (
	slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// rawFeature is one feature or CSV row as read, before it is checked.
type rawFeature struct {
	index    int    // feature index from 0, or row number from 1
	notValid string // why the feature cannot be read at all: the whole message
	typ      string
	id       []byte // the feature-level id as JSON, if any
	geometry []byte // GeoJSON geometry, if any
	// CSV rows carry their geometry parsed, or why it could not be.
	geom            orb.Geometry
	geometryProblem Problem
	cellProblems    []Problem  // CSV cells that cannot be read
	props           Properties // nil when missing
}

// checked is a feature that has been checked: its event when it has no
// problems, and otherwise its problems.
type checked struct {
	ev       Event
	text     string // lower-cased title, summary and place, for the text index
	sources  int    // how many sources it lists
	problems []Problem
	// idAt is where, among problems, a duplicate-id problem belongs: ids are
	// compared across the whole file once every feature is checked.
	idAt int
}

// validator checks one feature at a time.
type validator struct {
	file, unit string
	limits     Limits
	index      int
	id         string
	props      Properties
	problems   []Problem
}

func (v *validator) addf(field, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.file, Unit: v.unit, Index: v.index, ID: v.id, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// check validates f. Its event is complete but for Geometry and Bound,
// which the caller derives from Written.
func (v *validator) check(f *rawFeature) checked {
	*v = validator{file: v.file, unit: v.unit, limits: v.limits, index: f.index, props: f.props}
	var c checked
	if f.notValid != "" {
		v.addf("", "%s", f.notValid)
		c.problems = v.problems
		return c
	}
	if f.typ != "Feature" {
		v.addf("type", "is %q, want \"Feature\"", f.typ)
	}
	if f.props == nil {
		v.addf("properties", "missing")
		c.problems = v.problems
		return c
	}
	ev := &c.ev
	ev.Properties = f.props
	ev.ID = v.identity(f.id)
	c.idAt = len(v.problems)
	ev.Title = v.text("title", true)
	ev.Summary = v.text("summary", true)
	ev.Place = v.text("place", true)
	ev.Category = v.category()
	v.oneOf("time_precision", "minute", "hour", "day")
	v.oneOf("location_precision", "exact", "approximate", "city")
	ev.Start = v.time("start", true)
	ev.End = v.time("end", false)
	if ev.End.IsZero() {
		ev.End = ev.Start
	} else if !ev.Start.IsZero() && ev.End.Before(ev.Start) {
		v.addf("end", "%s is before start %s", ev.End.Format(time.RFC3339), ev.Start.Format(time.RFC3339))
	}
	v.count("killed")
	v.count("injured")
	v.text("note", false)
	v.figures()
	c.sources = v.sources()
	v.otherFields()
	for _, p := range f.cellProblems {
		v.addf(p.Field, "%s", p.Msg)
	}
	switch {
	case f.geometryProblem.Msg != "":
		v.addf(f.geometryProblem.Field, "%s", f.geometryProblem.Msg)
	case f.geom != nil:
		ev.Written = v.checkGeometry(f.geom, f.geometryProblem.Field)
	default:
		ev.Written = v.geometry(f.geometry)
	}
	if _, ok := ev.Written.(orb.LineString); ok && !v.has("end") {
		v.addf("end", "missing: a LineString (a movement) needs an end time")
	}
	c.problems = v.problems
	c.text = strings.ToLower(ev.Title + "\n" + ev.Summary + "\n" + ev.Place)
	return c
}

func (v *validator) has(field string) bool {
	raw, ok := v.props.Get(field)
	return ok && kind(raw) != 'n'
}

// identity checks properties.id and that a feature-level id, if any, agrees
// with it; uniqueness is checked across the file later.
func (v *validator) identity(featureID []byte) string {
	id := v.text("id", true)
	if id == "" {
		return ""
	}
	v.id = id
	if !slugRE.MatchString(id) {
		v.addf("id", "%q is not a slug (lower-case letters, digits and single hyphens)", Clip(id))
	}
	if len(featureID) > 0 && kind(featureID) != 'n' {
		if kind(featureID) != '"' || unquote(featureID) != id {
			v.addf("id", "feature id %s differs from properties.id %q", Clip(string(featureID)), Clip(id))
		}
	}
	return id
}

func (v *validator) text(field string, required bool) string {
	if !v.has(field) {
		if required {
			v.addf(field, "missing")
		}
		return ""
	}
	raw, _ := v.props.Get(field)
	if kind(raw) != '"' {
		v.addf(field, "must be a string, got %s", Clip(string(raw)))
		return ""
	}
	s := unquote(raw)
	switch {
	case strings.TrimSpace(s) == "":
		v.addf(field, "is empty")
	case len(s) > v.limits.Field:
		v.addf(field, "is %d bytes long; at most %d", len(s), v.limits.Field)
	}
	return s
}

// otherFields checks the size of the fields the schema does not name, which
// are served as they are.
func (v *validator) otherFields() {
	for _, p := range v.props {
		if len(p.Value) > v.limits.Field && !schemaFields[p.Name] {
			v.addf(p.Name, "is %d bytes long; at most %d", len(p.Value), v.limits.Field)
		}
	}
}

// schemaFields are the properties data/SCHEMA.md defines, checked one by one.
var schemaFields = map[string]bool{"id": true, "title": true, "summary": true, "category": true, "place": true,
	"start": true, "end": true, "time_precision": true, "location_precision": true, "killed": true,
	"injured": true, "figures": true, "note": true, "sources": true}

func (v *validator) oneOf(field string, allowed ...string) string {
	s := v.text(field, true)
	if s == "" {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	v.addf(field, "%q is not one of %s", Clip(s), strings.Join(allowed, ", "))
	return s
}

func (v *validator) category() string {
	c := v.text("category", true)
	if c != "" && !IsValidCategory(c) {
		v.addf("category", "unknown category %q (want one of %s)", Clip(c), strings.Join(Categories, ", "))
	}
	return c
}

func (v *validator) time(field string, required bool) time.Time {
	s := v.text(field, required)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		v.addf(field, "%v", err)
	}
	return t
}

// ParseTime parses an RFC 3339 time that must carry its UTC offset.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		_, off := t.Zone()
		switch {
		case t.Year() < 1:
			return time.Time{}, fmt.Errorf("%q is in year %04d; the calendar starts at year 0001", Clip(s), t.Year())
		case off < -12*3600 || off > 14*3600:
			return time.Time{}, fmt.Errorf("%q has UTC offset %s; offsets run from -12:00 to +14:00", Clip(s), t.Format("-07:00"))
		}
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if _, e := time.Parse(layout, s); e == nil {
			return time.Time{}, fmt.Errorf("%q has no UTC offset (want RFC 3339 with the local offset, e.g. 2020-01-03T00:47:00+03:00)", Clip(s))
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)", Clip(s))
}

func (v *validator) count(field string) {
	if !v.has(field) {
		return
	}
	raw, _ := v.props.Get(field)
	n, ok := number(raw)
	if !ok || n < 0 || n != math.Trunc(n) {
		v.addf(field, "must be a whole number ≥ 0, got %s", Clip(string(raw)))
	}
}

// number reads a JSON number.
func number(raw []byte) (float64, bool) {
	if kind(raw) != '0' {
		return 0, false
	}
	n, err := strconv.ParseFloat(string(raw), 64)
	return n, err == nil
}

func (v *validator) figures() {
	if !v.has("figures") {
		return
	}
	raw, _ := v.props.Get("figures")
	if kind(raw) != '[' {
		v.addf("figures", "must be an array of {label, value}, got %s", Clip(string(raw)))
		return
	}
	eachElement(raw, func(i int, fig []byte) bool {
		field := fmt.Sprintf("figures[%d]", i)
		if kind(fig) != '{' {
			v.addf(field, "must be an object {label, value}, got %s", Clip(string(fig)))
			return true
		}
		var label, value []byte
		eachMember(fig, func(name string, val []byte) bool {
			switch name {
			case "label":
				label = val
			case "value":
				value = val
			}
			return true
		})
		if kind(label) != '"' || strings.TrimSpace(unquote(label)) == "" {
			v.addf(field+".label", "missing")
		}
		if n, ok := number(value); !ok || n < 0 {
			v.addf(field+".value", "must be a number ≥ 0")
		}
		return true
	})
}

// sources checks the sources and returns how many there are.
func (v *validator) sources() int {
	if !v.has("sources") {
		v.addf("sources", "missing: every event needs at least one source")
		return 0
	}
	raw, _ := v.props.Get("sources")
	if kind(raw) != '[' {
		v.addf("sources", "must be an array of {title, publisher, url}, got %s", Clip(string(raw)))
		return 0
	}
	n := 0
	eachElement(raw, func(i int, src []byte) bool {
		n++
		field := fmt.Sprintf("sources[%d]", i)
		if kind(src) != '{' {
			v.addf(field, "must be an object {title, publisher, url}, got %s", Clip(string(src)))
			return true
		}
		var fields [3]string
		var date []byte
		eachMember(src, func(name string, val []byte) bool {
			for k, want := range [...]string{"title", "publisher", "url"} {
				if name == want && kind(val) == '"' {
					fields[k] = unquote(val)
				}
			}
			if name == "date" {
				date = val
			}
			return true
		})
		for k, name := range [...]string{"title", "publisher", "url"} {
			if strings.TrimSpace(fields[k]) == "" {
				v.addf(field+"."+name, "missing")
			}
		}
		if raw := fields[2]; raw != "" {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				v.addf(field+".url", "%q is not an absolute http(s) URL", Clip(raw))
			}
		}
		if date != nil && (kind(date) != '"' || !dateRE.MatchString(unquote(date))) {
			v.addf(field+".date", "%s is not a date YYYY-MM-DD", Clip(string(date)))
		}
		return true
	})
	if n == 0 {
		v.addf("sources", "empty: every event needs at least one source")
	}
	return n
}

// geometry reads and checks a GeoJSON Point or LineString.
func (v *validator) geometry(raw []byte) orb.Geometry {
	if len(raw) == 0 || kind(raw) == 'n' {
		v.addf("geometry", "missing")
		return nil
	}
	if kind(raw) != '{' {
		v.addf("geometry", "not a GeoJSON geometry: got %s", Clip(string(raw)))
		return nil
	}
	var typ, coords []byte
	eachMember(raw, func(name string, val []byte) bool {
		switch name {
		case "type":
			typ = val
		case "coordinates":
			coords = val
		}
		return true
	})
	if kind(typ) != '"' {
		v.addf("geometry.type", "missing")
		return nil
	}
	const field = "geometry.coordinates"
	switch t := unquote(typ); t {
	case "Point":
		p, ok := v.position(field, coords)
		if !ok {
			return nil
		}
		return p
	case "LineString":
		if kind(coords) != '[' {
			v.addf(field, "must be an array of positions")
			return nil
		}
		var ls orb.LineString
		good := true
		eachElement(coords, func(i int, pos []byte) bool {
			if len(ls) == v.limits.WayPoints {
				v.addf(field, "has more than %d positions", v.limits.WayPoints)
				good = false
				return false
			}
			p, ok := v.position(fmt.Sprintf("%s[%d]", field, i), pos)
			good = good && ok
			ls = append(ls, p)
			return true
		})
		if !good {
			return nil
		}
		if len(ls) < 2 {
			v.addf(field, "a LineString needs at least 2 positions, got %d", len(ls))
			return nil
		}
		return ls
	default:
		v.addf("geometry.type", "%s is not supported (want Point or LineString)", Clip(t))
		return nil
	}
}

// position reads [lon, lat] (a third number, a height, is allowed and dropped).
func (v *validator) position(field string, raw []byte) (orb.Point, bool) {
	var p orb.Point
	n := 0
	ok := kind(raw) == '['
	eachElement(raw, func(i int, val []byte) bool {
		x, isNum := number(val)
		if !isNum || i > 2 {
			ok = false
			return false
		}
		if i < 2 {
			p[i] = x
		}
		n++
		return true
	})
	if !ok || n < 2 {
		v.addf(field, "must be a position [lon, lat] of 2 numbers (or 3 with a height), got %s", Clip(string(raw)))
		return p, false
	}
	return p, v.checkPosition(field, p)
}

// checkGeometry checks the positions of a geometry read from CSV.
func (v *validator) checkGeometry(g orb.Geometry, field string) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		if v.checkPosition(field, g) {
			return g
		}
	case orb.LineString:
		good := len(g) >= 2 && len(g) <= v.limits.WayPoints
		switch {
		case len(g) < 2:
			v.addf(field, "a LineString needs at least 2 positions, got %d", len(g))
		case len(g) > v.limits.WayPoints:
			v.addf(field, "has more than %d positions", v.limits.WayPoints)
		}
		for i, p := range g {
			good = v.checkPosition(fmt.Sprintf("%s[%d]", field, i), p) && good
		}
		if good {
			return g
		}
	default:
		v.addf(field, "%s is not supported (want Point or LineString)", g.GeoJSONType())
	}
	return nil
}

func (v *validator) checkPosition(field string, p orb.Point) bool {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0):
		v.addf(field, "is not a number")
	case math.Abs(lat) > 90 && math.Abs(lon) <= 90:
		v.addf(field, "latitude %g is out of range [-90, 90]: are longitude and latitude swapped? GeoJSON wants [lon, lat]", lat)
	case math.Abs(lat) > 90:
		v.addf(field, "latitude %g is out of range [-90, 90]", lat)
	case math.Abs(lon) > 180:
		v.addf(field, "longitude %g is out of range [-180, 180]", lon)
	default:
		return true
	}
	return false
}
