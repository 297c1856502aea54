package data

import (
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// Dataset is a validated chronology, indexed by time and id, read-only after
// Load and so safe for concurrent use.
type Dataset struct {
	Name  string // short name, used in export file names
	Title string
	// Version changes whenever the file's bytes do; responses use it in ETags.
	Version string

	events []*Event // by Start, then ID
	byID   map[string]*Event
	bound  orb.Bound
	first  time.Time // earliest Start
	last   time.Time // latest End
	counts map[string]int
}

func newDataset(name, title, version string, events []*Event) *Dataset {
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.ID < b.ID
	})
	d := &Dataset{Name: name, Title: title, Version: version, events: events,
		byID: make(map[string]*Event, len(events)), counts: map[string]int{}}
	for i, ev := range events {
		d.byID[ev.ID] = ev
		d.counts[ev.Category]++
		if i == 0 {
			d.bound, d.first, d.last = ev.Bound, ev.Start, ev.End
			continue
		}
		d.bound = d.bound.Union(ev.Bound)
		if ev.End.After(d.last) {
			d.last = ev.End
		}
	}
	return d
}

// Len returns the number of events.
func (d *Dataset) Len() int { return len(d.events) }

// Events returns all events in time order. The slice must not be modified.
func (d *Dataset) Events() []*Event { return d.events }

// Get returns the event with the given id.
func (d *Dataset) Get(id string) (*Event, bool) {
	ev, ok := d.byID[id]
	return ev, ok
}

// Bound returns the bounding box of all events.
func (d *Dataset) Bound() orb.Bound { return d.bound }

// Interval returns the earliest start and the latest end.
func (d *Dataset) Interval() (first, last time.Time) { return d.first, d.last }

// CategoryCount returns how many events are in category c.
func (d *Dataset) CategoryCount(c string) int { return d.counts[c] }

// Filter selects events. Its zero value selects everything.
type Filter struct {
	From, To   time.Time       // the events that overlap [From, To]; zero is open
	BBoxes     []orb.Bound     // any of these (two when a box crosses the antimeridian); nil is everywhere
	Categories map[string]bool // nil is every category
	Text       string          // case-insensitive substring of title, summary or place
}

// Query returns the events that match f, in time order.
func (d *Dataset) Query(f Filter) []*Event {
	events := d.events
	if !f.To.IsZero() {
		// Events are sorted by start: those starting after To cannot overlap.
		n := sort.Search(len(events), func(i int) bool { return events[i].Start.After(f.To) })
		events = events[:n]
	}
	text := strings.ToLower(f.Text)
	var out []*Event
	for _, ev := range events {
		if ev.Overlaps(f.From, f.To) && f.matchesPlace(ev) &&
			(f.Categories == nil || f.Categories[ev.Category]) &&
			(text == "" || strings.Contains(ev.text, text)) {
			out = append(out, ev)
		}
	}
	return out
}

func (f *Filter) matchesPlace(ev *Event) bool {
	if f.BBoxes == nil {
		return true
	}
	for _, b := range f.BBoxes {
		if !b.Intersects(ev.Bound) {
			continue
		}
		// A track's bounding box can meet a box the track itself misses.
		ls, ok := ev.Geometry.(orb.LineString)
		if !ok || len(clip.LineString(b, ls)) > 0 {
			return true
		}
	}
	return false
}
