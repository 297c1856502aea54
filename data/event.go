// Package data loads, validates, indexes and queries a chronology of events.
package data

import (
	"encoding/json"
	"time"

	"github.com/paulmach/orb"
)

// Categories is the fixed vocabulary of event categories, in display order.
var Categories = []string{
	"strike", "missile-attack", "attack", "aviation", "protest", "funeral",
	"politics", "diplomacy", "sanctions", "military", "legal",
}

// Event is one validated feature of a dataset.
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
	// great-circle arcs); Bound is computed from it once.
	Written  orb.Geometry
	Geometry orb.Geometry
	Bound    orb.Bound
	// Properties are the feature's properties as written in the file, so that
	// fields this package does not know are served unchanged.
	Properties map[string]json.RawMessage

	text string // lower-cased title, summary and place, for text search
}

// Overlaps reports whether the event's [Start, End] meets [from, to]; a zero
// from or to is an open end.
func (e *Event) Overlaps(from, to time.Time) bool {
	if !to.IsZero() && e.Start.After(to) {
		return false
	}
	return from.IsZero() || !e.End.Before(from)
}

// IsValidCategory reports whether c is in the vocabulary.
func IsValidCategory(c string) bool {
	for _, v := range Categories {
		if v == c {
			return true
		}
	}
	return false
}
