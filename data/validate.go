package data

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

var (
	slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// validator collects the problems of one file, feature by feature, so that a
// bad file is reported whole rather than one error per run.
type validator struct {
	file     string
	unit     string         // what a problem is in: "feature" or "row"
	seen     map[string]int // id → index of its first feature
	problems []Problem
	events   []*Event

	index int
	id    string
	props map[string]json.RawMessage
}

func newValidator(file, unit string) *validator {
	return &validator{file: file, unit: unit, seen: map[string]int{}}
}

// at points the validator at feature or row i, with its properties.
func (v *validator) at(i int, props map[string]json.RawMessage) *validator {
	v.index, v.id, v.props = i, "", props
	return v
}

func (v *validator) addf(field, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.file, Unit: v.unit, Index: v.index, ID: v.id, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// event validates feature or row i and keeps its event when it has no problems.
func (v *validator) event(i int, f rawFeature) {
	before := len(v.problems)
	v.at(i, f.Properties)
	if f.Properties == nil {
		v.addf("properties", "missing")
		return
	}

	ev := &Event{Properties: f.Properties}
	ev.ID = v.identity(f.ID)
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
	v.sources()
	if f.geometryProblem.Msg != "" {
		v.addf(f.geometryProblem.Field, "%s", f.geometryProblem.Msg)
	} else {
		ev.Geometry = v.geometry(f.Geometry)
	}
	if _, ok := ev.Geometry.(orb.LineString); ok && !v.has("end") {
		v.addf("end", "missing: a LineString (a movement) needs an end time")
	}
	if len(v.problems) == before {
		v.events = append(v.events, ev)
	}
}

func (v *validator) has(field string) bool {
	raw, ok := v.props[field]
	return ok && string(raw) != "null"
}

// identity checks properties.id, its uniqueness, and that a feature-level id, if
// any, agrees with it.
func (v *validator) identity(featureID json.RawMessage) string {
	id := v.text("id", true)
	if id == "" {
		return ""
	}
	v.id = id
	if !slugRE.MatchString(id) {
		v.addf("id", "%q is not a slug (lower-case letters, digits and single hyphens)", id)
	}
	if first, dup := v.seen[id]; dup {
		v.addf("id", "duplicate: %s %d has the same id", v.unit, first)
	} else {
		v.seen[id] = v.index
	}
	if len(featureID) > 0 && string(featureID) != "null" {
		var fid string
		if json.Unmarshal(featureID, &fid) != nil || fid != id {
			v.addf("id", "feature id %s differs from properties.id %q", featureID, id)
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
	var s string
	if err := json.Unmarshal(v.props[field], &s); err != nil {
		v.addf(field, "must be a string, got %s", v.props[field])
		return ""
	}
	if strings.TrimSpace(s) == "" {
		v.addf(field, "is empty")
	}
	return s
}

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
	v.addf(field, "%q is not one of %s", s, strings.Join(allowed, ", "))
	return s
}

func (v *validator) category() string {
	c := v.text("category", true)
	if c != "" && !IsValidCategory(c) {
		v.addf("category", "unknown category %q (want one of %s)", c, strings.Join(Categories, ", "))
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
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if _, e := time.Parse(layout, s); e == nil {
			return time.Time{}, fmt.Errorf("%q has no UTC offset (want RFC 3339 with the local offset, e.g. 2020-01-03T00:47:00+03:00)", s)
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)", s)
}

func (v *validator) count(field string) {
	if !v.has(field) {
		return
	}
	var n float64
	if err := json.Unmarshal(v.props[field], &n); err != nil || n < 0 || n != math.Trunc(n) {
		v.addf(field, "must be a whole number ≥ 0, got %s", v.props[field])
	}
}

func (v *validator) figures() {
	if !v.has("figures") {
		return
	}
	var figs []struct {
		Label *string  `json:"label"`
		Value *float64 `json:"value"`
	}
	if err := json.Unmarshal(v.props["figures"], &figs); err != nil {
		v.addf("figures", "must be an array of {label, value}: %v", err)
		return
	}
	for i, f := range figs {
		field := fmt.Sprintf("figures[%d]", i)
		if f.Label == nil || strings.TrimSpace(*f.Label) == "" {
			v.addf(field+".label", "missing")
		}
		if f.Value == nil || *f.Value < 0 {
			v.addf(field+".value", "must be a number ≥ 0")
		}
	}
}

func (v *validator) sources() {
	if !v.has("sources") {
		v.addf("sources", "missing: every event needs at least one source")
		return
	}
	var srcs []map[string]any
	if err := json.Unmarshal(v.props["sources"], &srcs); err != nil {
		v.addf("sources", "must be an array of {title, publisher, url}: %v", err)
		return
	}
	if len(srcs) == 0 {
		v.addf("sources", "empty: every event needs at least one source")
	}
	for i, s := range srcs {
		field := fmt.Sprintf("sources[%d]", i)
		for _, k := range []string{"title", "publisher", "url"} {
			if str, _ := s[k].(string); strings.TrimSpace(str) == "" {
				v.addf(field+"."+k, "missing")
			}
		}
		if raw, _ := s["url"].(string); raw != "" {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				v.addf(field+".url", "%q is not an absolute http(s) URL", raw)
			}
		}
		if d, ok := s["date"]; ok {
			if str, _ := d.(string); !dateRE.MatchString(str) {
				v.addf(field+".date", "%v is not a date YYYY-MM-DD", d)
			}
		}
	}
}

func (v *validator) geometry(raw json.RawMessage) orb.Geometry {
	if len(raw) == 0 || string(raw) == "null" {
		v.addf("geometry", "missing")
		return nil
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		v.addf("geometry", "not a GeoJSON geometry: %v", err)
		return nil
	}
	switch geom := g.Geometry().(type) {
	case orb.Point:
		v.position("geometry.coordinates", geom)
		return geom
	case orb.LineString:
		if len(geom) < 2 {
			v.addf("geometry.coordinates", "a LineString needs at least 2 positions, got %d", len(geom))
		}
		for i, p := range geom {
			v.position(fmt.Sprintf("geometry.coordinates[%d]", i), p)
		}
		return geom
	default:
		v.addf("geometry.type", "%s is not supported (want Point or LineString)", g.Geometry().GeoJSONType())
		return nil
	}
}

func (v *validator) position(field string, p orb.Point) {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat):
		v.addf(field, "is not a number")
	case math.Abs(lat) > 90 && math.Abs(lon) <= 90:
		v.addf(field, "latitude %g is out of range [-90, 90]: are longitude and latitude swapped? GeoJSON wants [lon, lat]", lat)
	case math.Abs(lat) > 90:
		v.addf(field, "latitude %g is out of range [-90, 90]", lat)
	case math.Abs(lon) > 180:
		v.addf(field, "longitude %g is out of range [-180, 180]", lon)
	}
}
