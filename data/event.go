// Package data loads, validates, indexes and queries a chronology of events.
package data

import (
	"time"

	"github.com/paulmach/orb"
)

// Event is one event in full. A Dataset keeps its events as columns and
// builds an Event only when one is asked for (Dataset.Event), so an Event is
// a copy: changing it changes nothing in the dataset.
type Event struct {
	ID       string
	Title    string
	Summary  string
	Category string
	Place    string
	// Start and End keep the local UTC offset given in the file. End equals
	// Start for an instant.
	Start time.Time
	End   time.Time
	// Written is the geometry as in the file: a Point, or a LineString of
	// way-points. Geometry is what is served and drawn (tracks densified into
	// great-circle arcs); Bound is Geometry's.
	Written  orb.Geometry
	Geometry orb.Geometry
	Bound    orb.Bound
	// Properties are the feature's properties as written in the file, so that
	// fields this package does not know are served unchanged.
	Properties Properties
}

// Property is one property of a feature: its name and its value as compact JSON.
type Property struct {
	Name  string
	Value []byte
}

// Properties are a feature's properties, sorted by name.
type Properties []Property

// Get returns the JSON value of the property name, if there is one.
func (p Properties) Get(name string) ([]byte, bool) {
	// A feature has a dozen properties: a scan beats a binary search.
	for i := range p {
		if p[i].Name == name {
			return p[i].Value, true
		}
	}
	return nil, false
}

// Text returns the property name as text: a JSON string unquoted, a
// number or anything else as its JSON, and "" when it is missing or null.
func (p Properties) Text(name string) string {
	raw, ok := p.Get(name)
	switch {
	case !ok || kind(raw) == 'n':
		return ""
	case kind(raw) == '"':
		return unquote(raw)
	default:
		return string(raw)
	}
}

// Overlaps reports whether the event's [Start, End] meets [from, to]; a zero
// from or to is an open end.
func (e *Event) Overlaps(from, to time.Time) bool {
	if !to.IsZero() && e.Start.After(to) {
		return false
	}
	return from.IsZero() || !e.End.Before(from)
}
