package data

import (
	"context"
	"errors"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// Store is a chronology the server answers from: a Dataset in memory
// (MemStore) or a table in a database. Its events may change while it is
// served, so a caller reads Version for each request and keys what it
// keeps on it. Every event is in one time order, by start and then id;
// pages, iterations and positions follow it.
type Store interface {
	// Version names the events' present state: it changes whenever they do.
	Version(ctx context.Context) (string, error)
	// Info describes the collection as it is now.
	Info(ctx context.Context) (Info, error)
	// Query counts the events that match f and returns the encoded features
	// of the page of at most limit of them that starts offset matches in.
	// The bytes must not be modified.
	Query(ctx context.Context, f Filter, offset, limit int) (matched int, page [][]byte, err error)
	// Feature returns the encoded feature of the event id, or ErrNotFound.
	Feature(ctx context.Context, id string) ([]byte, error)
	// Features and Events yield the matches of f from offset, at most limit
	// of them (All for every one), as encoded features or decoded events.
	// An error ends the sequence.
	Features(ctx context.Context, f Filter, offset, limit int) iter.Seq2[[]byte, error]
	Events(ctx context.Context, f Filter, offset, limit int) iter.Seq2[*Event, error]
	// Marks yields what the map draws of every event.
	Marks(ctx context.Context) iter.Seq2[Mark, error]
	// Search returns the positions, among all events, of those whose title,
	// summary or place holds text (the rule of Filter.Text).
	Search(ctx context.Context, text string) ([]int, error)
}

// All is the limit that asks Features and Events for every match.
const All = math.MaxInt

// Info describes a collection.
type Info struct {
	Name       string // short name, used in export file names
	Title      string
	Events     int
	First      time.Time // the earliest start
	Last       time.Time // the latest end
	Bound      orb.Bound // of the events' geometry as served
	MaxSources int       // the most sources one event lists
	// Meta is what the collection says about itself, with every category
	// its events use (see Meta.Categories).
	Meta Meta
}

// Mark is what the map needs of an event to draw and filter it.
type Mark struct {
	ID         string
	Start, End time.Time // with the UTC offset written
	Category   string
	Geometry   orb.Geometry // as served: a point, or a densified track
}

// ErrNotFound is an event that is not in the store.
var ErrNotFound = errors.New("data: no such event")

// UnavailableError is a store that cannot answer now: its database is down
// or slow, or its table does not match the schema. Reason says which, in
// words fit for a client; Err holds the detail for the log.
type UnavailableError struct {
	Reason string
	Err    error
}

func (e *UnavailableError) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Err.Error()
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// MemStore serves a Dataset, which never changes, as a Store.
type MemStore struct {
	ds *Dataset
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns ds as a Store.
func NewMemStore(ds *Dataset) *MemStore { return &MemStore{ds: ds} }

// Dataset returns the dataset served.
func (m *MemStore) Dataset() *Dataset { return m.ds }

// Version is the dataset's, which names its file's bytes.
func (m *MemStore) Version(context.Context) (string, error) { return m.ds.Version, nil }

// Info describes the dataset.
func (m *MemStore) Info(context.Context) (Info, error) {
	d := m.ds
	first, last := d.Interval()
	return Info{Name: d.Name, Title: d.Title, Events: d.Len(), First: first, Last: last, Bound: d.Bound(), MaxSources: d.MaxSources(), Meta: d.Meta}, nil
}

// Query runs Dataset.Query and hands out the page's features.
func (m *MemStore) Query(_ context.Context, f Filter, offset, limit int) (int, [][]byte, error) {
	matched, rows := m.ds.Query(f, offset, limit)
	page := make([][]byte, len(rows))
	for i, r := range rows {
		page[i] = m.ds.Feature(r)
	}
	return matched, page, nil
}

// Feature returns the feature of the event id.
func (m *MemStore) Feature(_ context.Context, id string) ([]byte, error) {
	row, ok := m.ds.Lookup(id)
	if !ok {
		return nil, ErrNotFound
	}
	return m.ds.Feature(row), nil
}

// rows yields the rows of the matches of f from offset, at most limit: a
// page from Query, which finds its start without reading what is before.
func (m *MemStore) rows(f Filter, offset, limit int) iter.Seq[int] {
	if offset == 0 && limit == All {
		return m.ds.Rows(f)
	}
	_, page := m.ds.Query(f, offset, limit)
	return slices.Values(page)
}

// Features yields the features of the matches of f.
func (m *MemStore) Features(_ context.Context, f Filter, offset, limit int) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for r := range m.rows(f, offset, limit) {
			if !yield(m.ds.Feature(r), nil) {
				return
			}
		}
	}
}

// Events yields the matches of f, decoded.
func (m *MemStore) Events(_ context.Context, f Filter, offset, limit int) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		for ev := range m.ds.Events(m.rows(f, offset, limit)) {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// Marks yields every event's mark, in time order.
func (m *MemStore) Marks(context.Context) iter.Seq2[Mark, error] {
	d := m.ds
	return func(yield func(Mark, error) bool) {
		for i := range d.Len() {
			mk := Mark{ID: d.ID(i), Start: d.Start(i), End: d.End(i), Category: d.Category(i), Geometry: d.Geometry(i)}
			if !yield(mk, nil) {
				return
			}
		}
	}
}

// Search returns the rows whose text holds text; rows are positions.
func (m *MemStore) Search(_ context.Context, text string) ([]int, error) {
	var rows []int
	for r := range m.ds.Rows(Filter{Text: text}) {
		rows = append(rows, r)
	}
	return rows, nil
}
