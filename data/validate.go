package data

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// isSlug reports whether s is lower-case letters and digits in runs joined
// by single hyphens, as ids and categories are.
func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

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
	compact         bool       // the values are JSON as served already (CSV's, written here)
	twice           []string   // members of the feature given twice
	hint            *projectionHint
}

// seen reports whether the feature member was read before, and notes it if so.
func (f *rawFeature) seen(member string) bool {
	var before bool
	switch member {
	case "type":
		before = f.typ != ""
	case "id":
		before = f.id != nil
	case "geometry":
		before = f.geometry != nil
	case "properties":
		before = f.props != nil
	}
	if before {
		f.twice = append(f.twice, member)
	}
	return before
}

// checked is a feature that has been checked: its event when it has no
// problems, and otherwise its problems.
type checked struct {
	ev Event
	// title, summary and place are what the text index holds, lower-cased.
	title, summary, place []byte
	sources               int // how many sources it lists
	problems              []Problem
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
	zones      map[int]*time.Location // by offset: a million times in three zones make three zones
	cats       map[string]string      // categories seen, interned
	hint       *projectionHint
	fileHint   string // a problem of the file as a whole, found in this feature
}

func (v *validator) zone(offset int) *time.Location {
	z := v.zones[offset]
	if z == nil {
		z = time.FixedZone("", offset)
		v.zones[offset] = z
	}
	return z
}

// addf adds a problem of field. A problem is one line: what would break it
// (which a value quoted with clipJSON or %q, and a name with fieldName,
// never holds) is escaped here too, whatever passed it on.
func (v *validator) addf(field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.ContainsAny(msg, "\n\r") {
		msg = lineBreaks.Replace(msg)
	}
	v.problems = append(v.problems, Problem{File: v.file, Unit: v.unit, Index: v.index, ID: v.id, Field: fieldName(field), Msg: msg})
}

var lineBreaks = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// check validates f. Its event is complete but for Geometry and Bound,
// which the caller derives from Written.
func (v *validator) check(f *rawFeature) checked {
	*v = validator{file: v.file, unit: v.unit, limits: v.limits, zones: v.zones, cats: v.cats, index: f.index, props: f.props, hint: f.hint}
	var c checked
	if f.notValid != "" {
		v.addf("", "%s", f.notValid)
		c.problems = v.problems
		return c
	}
	if f.typ != "Feature" {
		v.addf("type", "is %q, want \"Feature\"", Clip(f.typ))
	}
	for _, m := range f.twice {
		v.addf(m, "given twice; give it once")
	}
	if f.props == nil {
		v.addf("properties", "missing")
		c.problems = v.problems
		return c
	}
	ev := &c.ev
	ev.ID = v.identity(f.id)
	ev.Properties = v.props
	c.idAt = len(v.problems)
	for i := 1; i < len(f.props); i++ {
		if f.props[i].Name == f.props[i-1].Name {
			v.addf("properties."+fieldName(f.props[i].Name), "given twice; give it once")
		}
	}
	c.title = v.textBytes("title", true)
	c.summary = v.textBytes("summary", true)
	c.place = v.textBytes("place", true)
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
	v.textBytes("note", false)
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
	if v.fileHint != "" {
		// Before the feature's own problems, as the file's come first.
		v.problems = slices.Insert(v.problems, 0, Problem{File: v.file, Msg: v.fileHint})
		c.idAt++
	}
	c.problems = v.problems
	return c
}

// lowerASCII maps each ASCII byte to its lower case.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

// appendLower appends the pieces lower-cased, as strings.ToLower would,
// each followed by sep.
func appendLower(dst []byte, sep byte, pieces ...[]byte) []byte {
	for _, p := range pieces {
		n := len(dst)
		dst = slices.Grow(dst, len(p)+1)[:n+len(p)]
		for i, c := range p {
			if c >= utf8.RuneSelf {
				dst = append(dst[:n], strings.ToLower(string(p))...)
				break
			}
			dst[n+i] = lowerASCII[c]
		}
		dst = append(dst, sep)
	}
	return dst
}

func (v *validator) has(field string) bool {
	raw, ok := v.props.Get(field)
	return ok && kind(raw) != 'n'
}

// field returns the raw value of a property that is present and not null.
func (v *validator) field(name string) ([]byte, bool) {
	raw, ok := v.props.Get(name)
	return raw, ok && kind(raw) != 'n'
}

// identity returns the event's id: properties.id, or, when the properties
// have none, the feature-level id (RFC 7946 §3.2, as the API writes it),
// which is then added to the properties so that the feature is served as
// if the file had given both. When both are given they must agree.
// Uniqueness is checked across the file later.
func (v *validator) identity(featureID []byte) string {
	hasFeatureID := len(featureID) > 0 && kind(featureID) != 'n'
	if hasFeatureID && !v.has("id") {
		if kind(featureID) != '"' {
			v.addf("id", "feature id %s is not a string; an id is a slug (lower-case letters, digits and single hyphens)", clipJSON(featureID))
			return ""
		}
		v.props = withProperty(v.props, "id", AppendJSONString(nil, unquote(featureID)))
	}
	id := v.text("id", true)
	if id == "" {
		return ""
	}
	v.id = id
	if !isSlug(id) {
		v.addf("id", "%q is not a slug (lower-case letters, digits and single hyphens)", Clip(id))
	}
	if hasFeatureID && (kind(featureID) != '"' || unquote(featureID) != id) {
		v.addf("id", "the feature's id %s and properties.id %q differ; give one, or the same in both", clipJSON(featureID), Clip(id))
	}
	return id
}

// withProperty returns props with the property name set to value, added in
// its place by name when it is not there, in a new slice: props may share
// its array with other features'.
func withProperty(props Properties, name string, value []byte) Properties {
	i := 0
	for i < len(props) && props[i].Name < name {
		i++
	}
	out := make(Properties, 0, len(props)+1)
	out = append(out, props[:i]...)
	out = append(out, Property{Name: name, Value: value})
	if i < len(props) && props[i].Name == name {
		i++ // a null, replaced
	}
	return append(out, props[i:]...)
}

func (v *validator) text(field string, required bool) string {
	return string(v.textBytes(field, required))
}

// textBytes checks a text property and returns its text, which may share
// the feature's bytes.
func (v *validator) textBytes(field string, required bool) []byte {
	raw, ok := v.field(field)
	if !ok {
		if required {
			v.addf(field, "missing")
		}
		return nil
	}
	if kind(raw) != '"' {
		v.addf(field, "must be a string, got %s", clipJSON(raw))
		return nil
	}
	s := text(raw)
	switch {
	case len(bytes.TrimSpace(s)) == 0:
		v.addf(field, "is empty")
	case len(s) > v.limits.Field:
		v.addf(field, "is %d bytes long; at most %d (--max-field raises the limit)", len(s), v.limits.Field)
	}
	return s
}

// fieldName returns a name read from the file for a message: clipped, and
// quoted when it holds a character that would break the message's line.
func fieldName(name string) string {
	name = Clip(name)
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) >= 0 {
		return strconv.Quote(name)
	}
	return name
}

// otherFields checks the size of the fields the schema does not name, which
// are served as they are.
func (v *validator) otherFields() {
	for _, p := range v.props {
		if len(p.Value) > v.limits.Field && !schemaFields[p.Name] {
			v.addf(fieldName(p.Name), "is %d bytes long; at most %d (--max-field raises the limit)", len(p.Value), v.limits.Field)
		}
	}
}

// schemaFields are the properties data/SCHEMA.md defines, checked one by one.
var schemaFields = map[string]bool{"id": true, "title": true, "summary": true, "category": true, "place": true,
	"start": true, "end": true, "time_precision": true, "location_precision": true, "killed": true,
	"injured": true, "figures": true, "note": true, "sources": true}

func (v *validator) oneOf(field string, allowed ...string) {
	s := v.textBytes(field, true)
	if len(s) == 0 {
		return
	}
	for _, a := range allowed {
		if string(s) == a {
			return
		}
	}
	v.addf(field, "%q is not one of %s", Clip(string(s)), strings.Join(allowed, ", "))
}

// category returns the event's category, a slug, interned: a million
// events share a few categories.
func (v *validator) category() string {
	c := v.textBytes("category", true)
	if len(c) == 0 {
		return ""
	}
	if name, ok := v.cats[string(c)]; ok {
		return name
	}
	if !isSlug(string(c)) {
		v.addf("category", "%q is not a slug (lower-case letters, digits and single hyphens)", Clip(string(c)))
		return ""
	}
	name := string(c)
	v.cats[name] = name
	return name
}

func (v *validator) time(field string, required bool) time.Time {
	s := v.textBytes(field, required)
	if len(s) == 0 {
		return time.Time{}
	}
	if t, ok := parsePlainTime(s, v.zone); ok {
		return t
	}
	t, err := parseTime(string(s), v.zone)
	if err != nil {
		v.addf(field, "%v", err)
	}
	return t
}

// ParseTime parses an RFC 3339 time that must carry its UTC offset.
func ParseTime(s string) (time.Time, error) {
	return parseTime(s, func(off int) *time.Location { return time.FixedZone("", off) })
}

func parseTime(s string, zone func(offset int) *time.Location) (time.Time, error) {
	if t, ok := parsePlainTime(s, zone); ok {
		return t, nil
	}
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
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if _, e := time.Parse(layout, s); e == nil {
			return time.Time{}, fmt.Errorf("%q has no UTC offset (want RFC 3339 with the local offset, e.g. 2020-01-03T00:47:00+03:00)", Clip(s))
		}
	}
	if changes, fixed := nearRFC3339(s); changes != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time: %s, as in %s", Clip(s), strings.Join(changes, "; "), Clip(fixed))
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)", Clip(s))
}

// parsePlainTime reads the common form 2006-01-02T15:04:05±07:00 (or Z)
// quickly, in the zone zone returns for the offset; it reports false for
// anything else, which time.Parse then reads or explains.
func parsePlainTime[T string | []byte](s T, zone func(offset int) *time.Location) (time.Time, bool) {
	if len(s) != 20 && len(s) != 25 {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for ; n > 0; i, n = i+1, n-1 {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 ||
		d > time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	off := 0
	switch {
	case len(s) == 20 && s[19] == 'Z':
	case len(s) == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':':
		oh, om := num(20, 2), num(23, 2)
		if oh < 0 || om < 0 || om > 59 {
			return time.Time{}, false
		}
		if off = oh*3600 + om*60; s[19] == '-' {
			off = -off
		}
		if off < -12*3600 || off > 14*3600 {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	loc := time.UTC
	if len(s) == 25 {
		loc = zone(off)
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc), true
}

func (v *validator) count(field string) {
	raw, ok := v.field(field)
	if !ok {
		return
	}
	n, ok := number(raw)
	if !ok || n < 0 || n != math.Trunc(n) {
		v.addf(field, "must be a whole number ≥ 0, got %s", clipJSON(raw))
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
	raw, ok := v.field("figures")
	if !ok {
		return
	}
	if kind(raw) != '[' {
		v.addf("figures", "must be an array of {label, value}, got %s", clipJSON(raw))
		return
	}
	eachElement(raw, func(i int, fig []byte) bool {
		field := fmt.Sprintf("figures[%d]", i)
		if kind(fig) != '{' {
			v.addf(field, "must be an object {label, value}, got %s", clipJSON(fig))
			return true
		}
		var label, value []byte
		eachMember(fig, func(name, val []byte) bool {
			switch string(name) {
			case "label":
				label = val
			case "value":
				value = val
			}
			return true
		})
		if kind(label) != '"' || len(bytes.TrimSpace(text(label))) == 0 {
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
	raw, ok := v.field("sources")
	if !ok {
		v.addf("sources", "missing: every event needs at least one source")
		return 0
	}
	if kind(raw) != '[' {
		v.addf("sources", "must be an array of {title, publisher, url}, got %s", clipJSON(raw))
		return 0
	}
	n := 0
	// Each source is read as its end is found: one pass over its bytes.
	walkArray(raw, 0, func(i int, b []byte, at int) (int, bool) {
		n++
		field := func() string { return fmt.Sprintf("sources[%d]", i) }
		if b[at] != '{' {
			end := valueEnd(b, at)
			v.addf(field(), "must be an object {title, publisher, url}, got %s", clipJSON(b[at:end]))
			return end, true
		}
		var fields [3][]byte
		var date []byte
		end := walkObject(b, at, func(name, b []byte, at int) (int, bool) {
			end := valueEnd(b, at)
			val := b[at:end]
			for k, want := range [...]string{"title", "publisher", "url"} {
				if string(name) == want && kind(val) == '"' {
					fields[k] = text(val)
				}
			}
			if string(name) == "date" {
				date = val
			}
			return end, true
		})
		for k, name := range [...]string{"title", "publisher", "url"} {
			if len(bytes.TrimSpace(fields[k])) == 0 {
				v.addf(field()+"."+name, "missing")
			}
		}
		if len(fields[2]) > 0 && !isWebURL(fields[2]) {
			v.addf(field()+".url", "%q is not an absolute http(s) URL", Clip(string(fields[2])))
		}
		if date != nil && (kind(date) != '"' || !isDate(text(date))) {
			v.addf(field()+".date", "%s is not a date YYYY-MM-DD", clipJSON(date))
		}
		return end, true
	})
	if n == 0 {
		v.addf("sources", "empty: every event needs at least one source")
	}
	return n
}

// isWebURL reports whether u is an absolute http(s) URL.
func isWebURL(u []byte) bool {
	if plainWebURL(u) {
		return true
	}
	p, err := url.Parse(string(u))
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// plainWebURL recognises, without parsing, the common http(s) URL that
// url.Parse accepts: a host of letters, digits, dots and hyphens, and a rest
// of characters that need no escape. Anything else goes to url.Parse.
func plainWebURL(u []byte) bool {
	rest, ok := bytes.CutPrefix(u, []byte("https://"))
	if !ok {
		if rest, ok = bytes.CutPrefix(u, []byte("http://")); !ok {
			return false
		}
	}
	host := 0
	for host < len(rest) && rest[host] != '/' && rest[host] != '?' && rest[host] != '#' {
		c := rest[host]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
		host++
	}
	if host == 0 {
		return false
	}
	for _, c := range rest[host:] {
		if c <= ' ' || c >= 0x7f || c == '%' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' {
			return false
		}
	}
	return true
}

// isDate reports whether s is YYYY-MM-DD.
func isDate(s []byte) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// geometry reads and checks a GeoJSON Point or LineString.
func (v *validator) geometry(raw []byte) orb.Geometry {
	if len(raw) == 0 || kind(raw) == 'n' {
		v.addf("geometry", "missing")
		return nil
	}
	if kind(raw) != '{' {
		v.addf("geometry", "not a GeoJSON geometry: got %s", clipJSON(raw))
		return nil
	}
	var typ, coords []byte
	eachMember(raw, func(name, val []byte) bool {
		switch string(name) {
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
		p, ok := v.position(field, -1, coords)
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
				v.addf(field, "has more than %d positions (--max-waypoints raises the limit)", v.limits.WayPoints)
				good = false
				return false
			}
			p, ok := v.position(field, i, pos)
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
		v.addf("geometry.type", "%s is not supported (want Point or LineString)", fieldName(t))
		return nil
	}
}

// position reads [lon, lat] (a third number, a height, is allowed and
// dropped): the i-th of field's positions, or field itself when i < 0.
func (v *validator) position(field string, i int, raw []byte) (orb.Point, bool) {
	if i >= 0 {
		field = fmt.Sprintf("%s[%d]", field, i)
	}
	var p orb.Point
	n := 0
	ok := kind(raw) == '['
	eachElement(raw, func(k int, val []byte) bool {
		x, isNum := number(val)
		if !isNum || k > 2 {
			ok = false
			return false
		}
		if k < 2 {
			p[k] = x
		}
		n++
		return true
	})
	if !ok || n < 2 {
		quoted := ""
		eachElement(raw, func(_ int, val []byte) bool {
			if _, err := strconv.ParseFloat(unquote(val), 64); kind(val) == '"' && err == nil {
				quoted = ": write the numbers without quotes"
				return false
			}
			return true
		})
		v.addf(field, "must be a position [lon, lat] of 2 numbers (or 3 with a height), got %s%s", clipJSON(raw), quoted)
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
			v.addf(field, "has more than %d positions (--max-waypoints raises the limit)", v.limits.WayPoints)
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
	if v.hint != nil && !v.hint.given && (math.Abs(lat) > 90 || math.Abs(lon) > 180) {
		v.projected(p)
	}
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0):
		v.addf(field, "is not a number")
	case math.Abs(lat) > 90 && math.Abs(lon) <= 90:
		v.addf(field, "latitude %g is out of range [-90, 90]: are longitude and latitude swapped? %s", lat, v.lonLatOrder(field))
	case math.Abs(lat) > 90:
		v.addf(field, "latitude %g is out of range [-90, 90]", lat)
	case math.Abs(lon) > 180:
		v.addf(field, "longitude %g is out of range [-180, 180]", lon)
	default:
		return true
	}
	return false
}

// lonLatOrder says which order the field holding a position wants, for a
// pair that looks swapped.
func (v *validator) lonLatOrder(field string) string {
	switch {
	case v.unit != "row":
		return "GeoJSON wants [lon, lat]"
	case strings.HasPrefix(field, colWKT):
		return "WKT wants (lon lat), longitude first"
	}
	return "swap the lon and lat columns"
}

// reproject is how to turn a file into WGS 84 longitude and latitude.
const (
	reproject    = "GeoJSON coordinates are WGS 84 longitude and latitude (RFC 7946): reproject the file, e.g. with ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
	reprojectCSV = "lon and lat are WGS 84 longitude and latitude in degrees: reproject them, e.g. with ogr2ogr -s_srs (the file's system) -t_srs EPSG:4326"
)

// projected notes, once, that the file's coordinates look projected, given
// p, a position out of range: when the file's crs names another system, or
// when both numbers are beyond any degrees (metres, say).
func (v *validator) projected(p orb.Point) {
	switch {
	case v.hint.crs != "":
		v.fileHint = fmt.Sprintf("crs names %s, but %s", fieldName(v.hint.crs), reproject)
	case math.Abs(p[0]) > 180 && math.Abs(p[1]) > 90 && v.unit == "row":
		v.fileHint = fmt.Sprintf("coordinates such as %g, %g look projected (not degrees), but %s", p[0], p[1], reprojectCSV)
	case math.Abs(p[0]) > 180 && math.Abs(p[1]) > 90:
		v.fileHint = fmt.Sprintf("coordinates such as [%g, %g] look projected (not degrees), but %s", p[0], p[1], reproject)
	default:
		return
	}
	v.hint.given = true
}
