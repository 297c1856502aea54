package data

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/paulmach/orb"
)

// Record is an event as the columns of a database table hold it (see
// SCHEMA.md, "PostGIS"): its known properties typed, and Extra, a JSON
// object, for the others and for any value a typed column would not give
// back byte for byte (a string written with needless escapes, a time
// written with a fraction of zeros). An event made into a Record and back
// encodes to the same feature.
type Record struct {
	ID, Title, Summary, Category, Place string
	Start                               time.Time // with the UTC offset written
	End                                 time.Time // zero when the file gives none
	TimePrecision, LocationPrecision    string
	Killed, Injured                     *int64
	Note                                *string
	Figures, Sources                    []byte // JSON; Figures nil when absent
	Extra                               []byte // a JSON object; nil when empty
	Written                             orb.Geometry
}

// textFields are the properties a Record keeps as text, and where.
func (r *Record) textFields() map[string]*string {
	return map[string]*string{"id": &r.ID, "title": &r.Title, "summary": &r.Summary, "category": &r.Category,
		"place": &r.Place, "time_precision": &r.TimePrecision, "location_precision": &r.LocationPrecision}
}

// NewRecord returns ev, a valid event, as a Record.
func NewRecord(ev *Event) Record {
	r := Record{Start: ev.Start, Written: ev.Written}
	texts := r.textFields()
	var extra Properties
	for _, p := range ev.Properties {
		v := appendCompact(nil, p.Value)
		// exact reports whether the typed value encodes back to v.
		exact := func(typed []byte) bool { return bytes.Equal(typed, v) }
		switch name := p.Name; name {
		case "start", "end":
			t := ev.Start
			if name == "end" {
				t, r.End = ev.End, ev.End
			}
			if !exact(appendTime(nil, t)) {
				extra = append(extra, Property{Name: name, Value: v})
			}
		case "killed", "injured":
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil || !exact(strconv.AppendInt(nil, n, 10)) {
				extra = append(extra, Property{Name: name, Value: v})
				continue
			}
			if name == "killed" {
				r.Killed = &n
			} else {
				r.Injured = &n
			}
		case "figures":
			r.Figures = v
		case "sources":
			r.Sources = v
		case "note":
			s := unquote(v)
			if kind(v) != '"' || !exact(AppendJSONString(nil, s)) {
				extra = append(extra, Property{Name: name, Value: v})
				continue
			}
			r.Note = &s
		default:
			field := texts[name]
			if field == nil || kind(v) != '"' || !exact(AppendJSONString(nil, unquote(v))) {
				extra = append(extra, Property{Name: name, Value: v})
			}
			if field != nil && kind(v) == '"' {
				*field = unquote(v)
			}
		}
	}
	if len(extra) > 0 {
		r.Extra = appendObject(nil, extra, true)
	}
	return r
}

// appendTime appends t as a JSON string in RFC 3339 with its offset.
func appendTime(dst []byte, t time.Time) []byte {
	return AppendJSONString(dst, t.Format(time.RFC3339Nano))
}

// Feature returns the event r holds, completed by opts (see
// Options.Prepare), and its GeoJSON Feature encoded as a Dataset encodes it.
func (r *Record) Feature(opts Options) (*Event, []byte, error) {
	ev := &Event{ID: r.ID, Title: r.Title, Summary: r.Summary, Category: r.Category, Place: r.Place,
		Start: r.Start, End: r.End, Written: r.Written}
	if ev.End.IsZero() {
		ev.End = ev.Start
	}
	switch r.Written.(type) {
	case orb.Point, orb.LineString:
	default:
		return nil, nil, fmt.Errorf("event %q: geometry is %T; want a Point or a LineString", Clip(r.ID), r.Written)
	}
	if err := opts.Prepare(ev); err != nil {
		return nil, nil, fmt.Errorf("event %q: %w", Clip(r.ID), err)
	}
	str := func(s string) []byte { return AppendJSONString(nil, s) }
	props := Properties{{"id", str(r.ID)}, {"title", str(r.Title)}, {"summary", str(r.Summary)},
		{"category", str(r.Category)}, {"place", str(r.Place)}, {"start", appendTime(nil, r.Start)},
		{"time_precision", str(r.TimePrecision)}, {"location_precision", str(r.LocationPrecision)}, {"sources", r.Sources}}
	if !r.End.IsZero() {
		props = append(props, Property{"end", appendTime(nil, r.End)})
	}
	for name, n := range map[string]*int64{"killed": r.Killed, "injured": r.Injured} {
		if n != nil {
			props = append(props, Property{name, strconv.AppendInt(nil, *n, 10)})
		}
	}
	if r.Note != nil {
		props = append(props, Property{"note", str(*r.Note)})
	}
	if r.Figures != nil {
		props = append(props, Property{"figures", r.Figures})
	}
	if len(r.Extra) > 0 {
		if kind(r.Extra) != '{' || !jsontext.Value(r.Extra).IsValid() {
			return nil, nil, fmt.Errorf("event %q: extra is not a JSON object", Clip(r.ID))
		}
		eachMember(r.Extra, func(name, v []byte) bool {
			props = setProperty(props, string(name), v)
			return true
		})
	}
	sortProperties(props)
	ev.Properties = props
	return ev, appendFeature(nil, ev, opts.Precision, false), nil
}

// setProperty sets name to v in props, replacing a value it has.
func setProperty(props Properties, name string, v []byte) Properties {
	for i := range props {
		if props[i].Name == name {
			props[i].Value = v
			return props
		}
	}
	return append(props, Property{Name: name, Value: v})
}
