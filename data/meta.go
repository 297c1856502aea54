package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Meta is what a dataset says about itself: in GeoJSON, the
// FeatureCollection's "chronomap" member; for CSV, a sidecar file next to it
// (events.csv and events.meta.json). Every field is optional.
type Meta struct {
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Credits     string `json:"credits,omitempty"`
	License     string `json:"license,omitempty"`
	// TimeZone is the IANA zone the chronology is read in (its clock).
	TimeZone string `json:"timezone,omitempty"`
	View     *View  `json:"view,omitempty"`
	// Categories as declared, in legend order. Once a dataset is loaded it
	// holds every category its events use: declared, or derived from the
	// ids found (see resolveCategories).
	Categories []Category `json:"categories,omitempty"`
	Story      []Chapter  `json:"story,omitempty"`
}

// View is where the map opens: a centre ([lon, lat]) and a zoom level.
type View struct {
	Center [2]float64 `json:"center"`
	Zoom   float64    `json:"zoom"`
}

// Category is one kind of event: its id (the events' category), the label
// shown for it, its colour ("#rrggbb") and its marker's shape.
type Category struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Color string `json:"color"`
	Shape string `json:"shape"`
}

// Chapter is one step of a dataset's story: a caption over the map while
// its time range plays, at its pace, in its view, with its key events
// highlighted.
type Chapter struct {
	Title  string    `json:"title"`
	Text   string    `json:"text"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	View   *View     `json:"view,omitempty"`
	Events []string  `json:"events,omitempty"`
	// Pace is story seconds of playback per hour of the range; 0 is the page's choice.
	Pace float64 `json:"pace,omitempty"`
}

// Shapes a category's markers can take.
var Shapes = []string{"circle", "square", "diamond", "triangle"}

// palette colours categories that declare none: distinct, colour-blind
// friendly where possible, and dark enough to read on the light basemap.
var palette = []string{"#0072b2", "#e66100", "#009e73", "#b2182b", "#7b3294", "#b8860b",
	"#56b4e9", "#e7298a", "#66802a", "#3d3d3d", "#a48cc9", "#8c510a"}

// maxCategories bounds the categories one dataset may use: the legend lists
// each, and rows keep theirs in a byte.
const maxCategories = 256

// maxChapters bounds a story.
const maxChapters = 100

// metaReader checks a metadata object, field by field, with the same kind of
// messages as events get.
type metaReader struct {
	file, prefix string
	limits       Limits
	problems     []Problem
}

func (m *metaReader) addf(field, format string, args ...any) {
	m.problems = append(m.problems, Problem{File: m.file, Field: m.prefix + field, Msg: fmt.Sprintf(format, args...)})
}

// parseMeta reads a metadata object. prefix names it in messages
// ("chronomap." for the GeoJSON member, "" for a sidecar file).
func parseMeta(file, prefix string, raw []byte, limits Limits) (Meta, []Problem) {
	m := &metaReader{file: file, prefix: prefix, limits: limits}
	var meta Meta
	if len(bytes.TrimSpace(raw)) == 0 {
		m.addf("", "the file is empty")
		return meta, m.problems
	}
	fields, ok := m.object("", raw)
	if !ok {
		return meta, m.problems
	}
	for _, f := range fields {
		switch f.name {
		case "title":
			meta.Title = m.text(f.name, f.value)
		case "description":
			meta.Description = m.text(f.name, f.value)
		case "credits":
			meta.Credits = m.text(f.name, f.value)
		case "license":
			meta.License = m.text(f.name, f.value)
		case "timezone":
			if s := m.text(f.name, f.value); s != "" {
				if _, err := time.LoadLocation(s); err != nil || s == "Local" {
					m.addf(f.name, "%q is not an IANA time zone (such as \"Asia/Baghdad\" or \"UTC\")", Clip(s))
				} else {
					meta.TimeZone = s
				}
			}
		case "view":
			meta.View = m.view(f.name, f.value)
		case "categories":
			meta.Categories = m.categories(f.name, f.value)
		case "story":
			meta.Story = m.story(f.name, f.value)
		default:
			m.addf(f.name, "unknown field (want title, description, credits, license, timezone, view, categories or story)")
		}
	}
	return meta, m.problems
}

type member struct {
	name  string
	value json.RawMessage
}

// object reads a JSON object's members in order, each name once.
func (m *metaReader) object(field string, raw []byte) ([]member, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		m.addf(field, "must be an object, got %s", clipJSON(raw))
		return nil, false
	}
	var out []member
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			m.addf(field, "not valid JSON: %s", jsonError(raw, err))
			return nil, false
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			m.addf(field, "not valid JSON: %s", jsonError(raw, err))
			return nil, false
		}
		if seen[name] {
			m.addf(join(field, name), "given twice; give it once")
			continue
		}
		seen[name] = true
		out = append(out, member{name, v})
	}
	// More stops at the end of the input too: a sidecar file cut short, or
	// followed by more, must not pass for the part that was read.
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		m.addf(field, "not valid JSON: the object is not closed%s", positionIn(raw, len(raw)))
		return nil, false
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		more := end + len(raw[end:]) - len(bytes.TrimLeft(raw[end:], " \t\r\n"))
		m.addf(field, "not valid JSON: more follows the object%s", positionIn(raw, more))
		return nil, false
	}
	return out, true
}

func join(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

// text reads a non-empty string within the field limit.
func (m *metaReader) text(field string, raw []byte) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		m.addf(field, "must be a string, got %s", clipJSON(raw))
		return ""
	}
	switch {
	case strings.TrimSpace(s) == "":
		m.addf(field, "is empty")
		return ""
	case len(s) > m.limits.Field:
		m.addf(field, "is %d bytes long; at most %d (--max-field raises the limit)", len(s), m.limits.Field)
		return ""
	}
	return s
}

func (m *metaReader) number(field string, raw []byte, lo, hi float64) (float64, bool) {
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil {
		m.addf(field, "must be a number, got %s", clipJSON(raw))
		return 0, false
	}
	if f < lo || f > hi || math.IsNaN(f) {
		m.addf(field, "%v is out of range [%v, %v]", f, lo, hi)
		return 0, false
	}
	return f, true
}

func (m *metaReader) array(field string, raw []byte) ([]json.RawMessage, bool) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		m.addf(field, "must be an array, got %s", clipJSON(raw))
		return nil, false
	}
	return items, true
}

func (m *metaReader) view(field string, raw []byte) *View {
	fields, ok := m.object(field, raw)
	if !ok {
		return nil
	}
	v := &View{}
	good, center, zoom := true, false, false
	for _, f := range fields {
		name := join(field, f.name)
		switch f.name {
		case "center":
			center = true
			var c []json.RawMessage
			if err := json.Unmarshal(f.value, &c); err != nil || len(c) != 2 {
				m.addf(name, "must be [longitude, latitude], got %s", clipJSON(f.value))
				good = false
				continue
			}
			lon, ok1 := m.number(name+"[0]", c[0], -180, 180)
			lat, ok2 := m.number(name+"[1]", c[1], -90, 90)
			v.Center = [2]float64{lon, lat}
			good = good && ok1 && ok2
		case "zoom":
			zoom = true
			z, ok := m.number(name, f.value, 0, 20)
			v.Zoom, good = z, good && ok
		default:
			m.addf(name, "unknown field (want center and zoom)")
			good = false
		}
	}
	if !center {
		m.addf(join(field, "center"), "missing")
	}
	if !zoom {
		m.addf(join(field, "zoom"), "missing")
	}
	if !good || !center || !zoom {
		return nil
	}
	return v
}

// objects reads an array of at most most objects (things, in messages),
// calling each with its index, its field name and its members.
func (m *metaReader) objects(field string, raw []byte, most int, things string, each func(i int, at string, fields []member)) {
	items, ok := m.array(field, raw)
	if !ok {
		return
	}
	if len(items) > most {
		m.addf(field, "lists %d %s; at most %d", len(items), things, most)
		return
	}
	for i, item := range items {
		at := fmt.Sprintf("%s[%d]", field, i)
		if fields, ok := m.object(at, item); ok {
			each(i, at, fields)
		}
	}
}

func (m *metaReader) categories(field string, raw []byte) []Category {
	var out []Category
	ids := map[string]int{}
	m.objects(field, raw, maxCategories, "categories", func(i int, at string, fields []member) {
		var c Category
		for _, f := range fields {
			name := join(at, f.name)
			switch f.name {
			case "id":
				if c.ID = m.text(name, f.value); c.ID != "" && !isSlug(c.ID) {
					m.addf(name, "%q is not a slug (lower-case letters, digits and single hyphens)", Clip(c.ID))
				}
			case "label":
				c.Label = m.text(name, f.value)
			case "color":
				if c.Color = m.text(name, f.value); c.Color != "" && !isColour(c.Color) {
					m.addf(name, "%q is not a colour (#rrggbb)", Clip(c.Color))
				}
			case "shape":
				if c.Shape = m.text(name, f.value); c.Shape != "" && !slices.Contains(Shapes, c.Shape) {
					m.addf(name, "%q is not one of %s", Clip(c.Shape), strings.Join(Shapes, ", "))
				}
			default:
				m.addf(name, "unknown field (want id, label, color and shape)")
			}
		}
		switch first, dup := ids[c.ID]; {
		case c.ID == "":
			m.addf(join(at, "id"), "missing")
		case dup:
			m.addf(join(at, "id"), "duplicate: category %d has the same id", first)
		default:
			ids[c.ID] = i
		}
		out = append(out, c)
	})
	return out
}

func (m *metaReader) story(field string, raw []byte) []Chapter {
	var out []Chapter
	m.objects(field, raw, maxChapters, "chapters", func(_ int, at string, fields []member) {
		var c Chapter
		for _, f := range fields {
			name := join(at, f.name)
			switch f.name {
			case "title":
				c.Title = m.text(name, f.value)
			case "text":
				c.Text = m.text(name, f.value)
			case "from", "to":
				s := m.text(name, f.value)
				if s == "" {
					continue
				}
				t, err := ParseTime(s)
				if err != nil {
					m.addf(name, "%q is not an RFC 3339 time with its UTC offset", Clip(s))
				}
				if f.name == "from" {
					c.From = t
				} else {
					c.To = t
				}
			case "view":
				c.View = m.view(name, f.value)
			case "events":
				ids, ok := m.array(name, f.value)
				if !ok {
					continue
				}
				for j, id := range ids {
					if s := m.text(fmt.Sprintf("%s[%d]", name, j), id); s != "" {
						c.Events = append(c.Events, s)
					}
				}
			case "pace":
				c.Pace, _ = m.number(name, f.value, 0.001, 3600)
			default:
				m.addf(name, "unknown field (want title, text, from, to, view, events and pace)")
			}
		}
		for _, req := range []struct {
			name    string
			missing bool
		}{{"title", c.Title == ""}, {"from", c.From.IsZero()}, {"to", c.To.IsZero()}} {
			if req.missing && !m.reported(join(at, req.name)) {
				m.addf(join(at, req.name), "missing")
			}
		}
		if !c.From.IsZero() && !c.To.IsZero() && c.To.Before(c.From) {
			m.addf(join(at, "to"), "%s is before from %s", c.To.Format(time.RFC3339), c.From.Format(time.RFC3339))
		}
		out = append(out, c)
	})
	return out
}

// reported tells whether a problem was already found in field.
func (m *metaReader) reported(field string) bool {
	field = m.prefix + field
	return slices.ContainsFunc(m.problems, func(p Problem) bool { return p.Field == field })
}

func isColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range []byte(s[1:]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ResolveCategories completes the declared categories (a label, a colour
// and a shape for each) and adds those used but not declared, in the order
// given (of first use): labelled from the id, coloured from the palette.
func ResolveCategories(declared []Category, used []string) []Category {
	out := make([]Category, 0, len(declared)+len(used))
	ids := map[string]bool{}
	for _, c := range declared {
		out, ids[c.ID] = append(out, c), true
	}
	for _, id := range used {
		if !ids[id] {
			out, ids[id] = append(out, Category{ID: id}), true
		}
	}
	for i := range out {
		c := &out[i]
		if c.Label == "" {
			c.Label = labelOf(c.ID)
		}
		if c.Color == "" {
			c.Color = palette[i%len(palette)]
		}
		if c.Shape == "" {
			c.Shape = "circle"
		}
	}
	return out
}

// labelOf makes a label of a slug: "missile-attack" is "Missile attack".
func labelOf(id string) string {
	s := strings.ReplaceAll(id, "-", " ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
