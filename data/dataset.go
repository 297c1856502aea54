package data

import (
	"bytes"
	"cmp"
	"iter"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// Dataset is a validated chronology held as columns, one entry per event
// in time order (by start, then id): the row. Read-only after loading, and
// so safe for concurrent use.
type Dataset struct {
	Name  string // short name, used in export file names
	Title string
	// Meta is what the file says about itself, with every category its
	// events use (see Meta.Categories).
	Meta Meta
	// Version changes whenever the file's bytes (or its sidecar's) do;
	// responses use it in ETags.
	Version string

	// The ids and the encoded features are held without a pointer a row, so
	// that the garbage collector's marking of a million events takes a
	// handful of objects, not millions: ids end to end in idText, features
	// in the loader's batch arenas.
	idText   string
	idEnd    []uint32
	arenas   [][]byte
	feat     []featRef
	start    []int64 // milliseconds since 1970 UTC
	end      []int64
	startOff []int16 // the UTC offset written, in minutes
	endOff   []int16
	cat      []uint8 // index in cats
	bounds   []orb.Bound
	trackOf  []int32  // each row's index in tracks, or -1 for a place
	tracks   []*track // the movements
	text     []byte   // lower-cased title, summary and place of each row, '\x00' after each
	textEnd  []int32  // where each row's text ends in text

	cats    []string  // the categories' ids, in Meta.Categories' order
	catRows [][]int32 // rows of each category
	// The events' starts and ends sorted, of all and of each category:
	// they count the events that overlap an interval by two searches.
	starts, ends       sortedTimes // starts is start itself, in order already
	catStarts, catEnds []sortedTimes
	byID               []int32 // rows sorted by id
	times              timeIndex
	catTimes           []timeIndex // of each category's rows
	places             rtree       // the events with no track
	paths              pathTree    // the tracks, piece by piece
	bound              orb.Bound
	sources            int // the most sources one event lists
	lastEnd            int // the row that ends last
	zones              map[int16]*time.Location
}

// track is the geometry of a movement: as written, and as served.
type track struct {
	written, dense orb.LineString
}

// trackPiece is how many segments of a track one leaf of the tracks'
// R-tree bounds: short pieces have tight boxes, so a box near a city finds
// few that miss it. At a million events, 4 rather than 8 halved a 0.1°
// box's time; 2 takes a fifth more off the tracks' check (18 → 13.5 µs)
// but a 1M load takes 0.3-0.5 s and 100 MB more at its peak, for about 2
// µs of a box's 60 under wrk.
const trackPiece = 4

func newTrack(written, dense orb.LineString) *track {
	return &track{written: written, dense: dense}
}

// meets reports whether the track passes through box.
func (t *track) meets(box orb.Bound) bool { return lineMeets(box, t.dense) }

// row is one good event as the loader hands it to newDataset.
type row struct {
	id               string
	start, end       int64
	startOff, endOff int16
	cat              string
	bound            orb.Bound
	feat             featRef // the encoded feature, in its batch's arena
	text             []byte
	sources          int
	track            *track
}

// featRef is where an event's encoded feature lies: arenas[arena][from:to].
type featRef struct{ arena, from, to uint32 }

func newRow(ev *Event, sources, from, to int) row {
	_, so := ev.Start.Zone()
	_, eo := ev.End.Zone()
	r := row{id: ev.ID, start: ev.Start.UnixMilli(), end: ev.End.UnixMilli(), startOff: int16(so / 60), endOff: int16(eo / 60),
		cat: ev.Category, bound: ev.Bound, feat: featRef{from: uint32(from), to: uint32(to)}, sources: sources}
	if ls, ok := ev.Written.(orb.LineString); ok {
		dense, _ := ev.Geometry.(orb.LineString)
		r.track = newTrack(ls, dense)
	}
	return r
}

// newDataset sorts rows into time order and builds the indexes.
// Each row's feature lies in arenas[row.feat.arena]. When two rows share
// an id it stops there, with unique false.
func newDataset(name string, meta Meta, version string, rows []row, arenas [][]byte) (d *Dataset, unique bool) {
	// Put in time order, and in id order, side by side; the rows' ends
	// sorted need no order either.
	var keys []int32
	var byID []int32
	var ends []int64
	var sorts sync.WaitGroup
	sorts.Go(func() { keys = sortedByStart(rows) })
	sorts.Go(func() { byID, unique = sortedByID(len(rows), func(i int) string { return rows[i].id }) })
	sorts.Go(func() {
		ends = make([]int64, len(rows))
		for i := range rows {
			ends[i] = rows[i].end
		}
		slices.Sort(ends)
	})
	sorts.Wait()
	if !unique {
		return nil, false
	}
	n := len(rows)
	d = &Dataset{Name: name, Title: meta.Title, Meta: meta, Version: version,
		idEnd: make([]uint32, n), arenas: arenas, feat: make([]featRef, n), start: make([]int64, n), end: make([]int64, n),
		startOff: make([]int16, n), endOff: make([]int16, n), cat: make([]uint8, n),
		bounds: make([]orb.Bound, n), trackOf: make([]int32, n),
		textEnd: make([]int32, n), ends: newSortedTimes(ends), zones: map[int16]*time.Location{}}
	catIndex := map[string]uint8{}
	for _, c := range meta.Categories {
		catIndex[c.ID] = uint8(len(d.cats))
		d.cats = append(d.cats, c.ID)
	}
	// Where each row's id and text go, and its track; then the columns are
	// filled in one piece per core.
	idSize, size := 0, 0
	rank := make([]int32, n) // each row's place in time order
	for i, k := range keys {
		r := &rows[k]
		rank[k] = int32(i)
		idSize += len(r.id)
		size += len(r.text) + 1
		d.idEnd[i], d.textEnd[i] = uint32(idSize), int32(size)
		d.trackOf[i] = -1
		if r.track != nil {
			d.trackOf[i] = int32(len(d.tracks))
			d.tracks = append(d.tracks, r.track)
		}
	}
	ids := make([]byte, idSize)
	d.text = make([]byte, size)
	// part is what a piece finds beside the columns it fills.
	type part struct {
		bound   orb.Bound
		sources int
		lastEnd int                  // its row that ends last
		offsets [1 << 16 / 64]uint64 // the UTC offsets seen, a bit each
	}
	// No more pieces than rows, so that none is empty.
	parts := make([]part, min(runtime.GOMAXPROCS(0), max(n, 1)))
	var fill sync.WaitGroup
	for p := range parts {
		lo, hi := p*n/len(parts), (p+1)*n/len(parts)
		fill.Go(func() {
			// Found in a variable of its own, not in parts: the pieces lie
			// side by side there, and cores writing one cache line for
			// every row would wait on each other.
			pt := part{lastEnd: lo}
			defer func() { parts[p] = pt }()
			for i := lo; i < hi; i++ {
				r := &rows[keys[i]]
				d.start[i], d.end[i], d.startOff[i], d.endOff[i] = r.start, r.end, r.startOff, r.endOff
				d.cat[i], d.bounds[i], d.feat[i] = catIndex[r.cat], r.bound, r.feat
				pt.offsets[uint16(r.startOff)/64] |= 1 << (uint16(r.startOff) % 64)
				pt.offsets[uint16(r.endOff)/64] |= 1 << (uint16(r.endOff) % 64)
				if i == lo {
					pt.bound = r.bound
				} else {
					pt.bound = pt.bound.Union(r.bound)
				}
				pt.sources = max(pt.sources, r.sources)
				if r.end > d.end[pt.lastEnd] {
					pt.lastEnd = i
				}
			}
		})
		// The ids and text are copied in file order, the order they lie in,
		// each to its place in time order.
		fill.Go(func() {
			for k := lo; k < hi; k++ {
				r, i := &rows[k], rank[k]
				copy(ids[int(d.idEnd[i])-len(r.id):], r.id)
				copy(d.text[int(d.textEnd[i])-len(r.text)-1:], r.text)
			}
		})
	}
	fill.Wait()
	for p, pt := range parts {
		if p == 0 {
			d.bound, d.lastEnd = pt.bound, pt.lastEnd
		} else {
			d.bound = d.bound.Union(pt.bound)
			if d.end[pt.lastEnd] > d.end[d.lastEnd] {
				d.lastEnd = pt.lastEnd
			}
		}
		d.sources = max(d.sources, pt.sources)
		for w, set := range pt.offsets {
			for ; set != 0; set &= set - 1 {
				off := int16(w*64 + bits.TrailingZeros64(set))
				if d.zones[off] == nil {
					d.zones[off] = time.FixedZone("", int(off)*60)
				}
			}
		}
	}
	d.idText = string(ids)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, r := range byID {
			byID[i] = rank[r]
		}
		d.byID = byID
	})
	wg.Go(func() { d.times = newTimeIndex(nil, d.start, d.end) })
	wg.Go(func() { d.places = newRTree(placeEntries(d.bounds, d.trackOf, len(d.tracks))) })
	wg.Go(func() { d.paths = newPathTree(pathEntries(d.trackOf, d.tracks), d.tracks, d.trackOf) })
	wg.Go(func() {
		d.catRows = d.categoryRows()
		d.catStarts = make([]sortedTimes, len(d.catRows))
		d.catEnds = make([]sortedTimes, len(d.catRows))
		d.catTimes = make([]timeIndex, len(d.catRows))
		for c, rows := range d.catRows {
			d.catTimes[c] = newTimeIndex(rows, d.start, d.end)
			starts := make([]int64, len(rows))
			for i, r := range rows {
				starts[i] = d.start[r]
			}
			d.catStarts[c] = newSortedTimes(starts)
			d.catEnds[c] = newSortedTimes(sortedEnds(d.end, rows))
		}
	})
	wg.Go(func() { d.starts = newSortedTimes(d.start) })
	wg.Wait()
	return d, true
}

// idKey orders ids as their first 16 bytes do, as two integers: a sort
// compares the strings only when those are equal.
type idKey struct {
	hi, lo uint64
}

func newIDKey(id string) idKey {
	var k idKey
	for i := 0; i < 16; i++ {
		var c uint64
		if i < len(id) {
			c = uint64(id[i])
		}
		if i < 8 {
			k.hi = k.hi<<8 | c
		} else {
			k.lo = k.lo<<8 | c
		}
	}
	return k
}

func (a idKey) compare(b idKey) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, b.lo)
}

// sortedByStart returns the indexes of rows in time order: by start, then id.
func sortedByStart(rows []row) []int32 {
	n := len(rows)
	out := make([]int32, n)
	if n == 0 {
		return out
	}
	lo, hi := rows[0].start, rows[0].start
	for i := range rows {
		lo, hi = min(lo, rows[i].start), max(hi, rows[i].start)
	}
	// Each key is a start, less the earliest, above the row's index: one
	// integer sort, on every core. Starts too far apart to fit lose their
	// lowest bits; rows whose keys then tie, as rows that start together
	// do, are put in order after.
	idx := bits.Len(uint(n))
	shift := max(0, bits.Len64(uint64(hi-lo))-(64-idx))
	keys := make([]uint64, n)
	ids := make([]idKey, n)
	for i := range rows {
		keys[i] = uint64(rows[i].start-lo)>>shift<<idx | uint64(i)
		ids[i] = newIDKey(rows[i].id)
	}
	sortOnCores(keys, runtime.GOMAXPROCS(0))
	for i, k := range keys {
		out[i] = int32(k & (1<<idx - 1))
	}
	// Rows whose keys tie start together, unless starts lost bits.
	order := func(a, b int32) int {
		if c := ids[a].compare(ids[b]); c != 0 {
			return c
		}
		return cmp.Compare(rows[a].id, rows[b].id)
	}
	if shift > 0 {
		byID := order
		order = func(a, b int32) int {
			if c := cmp.Compare(rows[a].start, rows[b].start); c != 0 {
				return c
			}
			return byID(a, b)
		}
	}
	for i := 0; i < n; {
		j := i + 1
		for j < n && keys[j]>>idx == keys[i]>>idx {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(out[i:j], order)
		}
		i = j
	}
	return out
}

// sortedByID returns 0 to n-1 in the order of their ids, and whether no
// two ids are the same: neighbours once sorted.
func sortedByID(n int, id func(int) string) (rows []int32, unique bool) {
	type key struct {
		id  idKey
		row int32
	}
	keys := make([]key, n)
	for i := range keys {
		keys[i] = key{newIDKey(id(i)), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := a.id.compare(b.id); c != 0 {
			return c
		}
		return cmp.Compare(id(int(a.row)), id(int(b.row)))
	})
	rows = make([]int32, len(keys))
	for i, k := range keys {
		if i > 0 && k.id == keys[i-1].id && id(int(k.row)) == id(int(keys[i-1].row)) {
			return nil, false
		}
		rows[i] = k.row
	}
	return rows, true
}

// sortedEnds returns the ends of rows, sorted.
func sortedEnds(end []int64, rows []int32) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = end[r]
	}
	slices.Sort(out)
	return out
}

func (d *Dataset) categoryRows() [][]int32 {
	out := make([][]int32, len(d.cats))
	for i, c := range d.cat {
		out[c] = append(out[c], int32(i))
	}
	return out
}

// track is row's movement, or nil for a place.
func (d *Dataset) track(row int) *track {
	if i := d.trackOf[row]; i >= 0 {
		return d.tracks[i]
	}
	return nil
}

// Len returns the number of events.
func (d *Dataset) Len() int { return len(d.idEnd) }

// Lookup returns the row of the event with the given id.
func (d *Dataset) Lookup(id string) (int, bool) {
	i, found := slices.BinarySearchFunc(d.byID, id, func(row int32, id string) int { return cmp.Compare(d.ID(int(row)), id) })
	if !found {
		return 0, false
	}
	return int(d.byID[i]), true
}

// Get returns the event with the given id.
func (d *Dataset) Get(id string) (*Event, bool) {
	row, ok := d.Lookup(id)
	if !ok {
		return nil, false
	}
	return d.Event(row), true
}

// ID returns the id of the event in row.
func (d *Dataset) ID(row int) string {
	from := uint32(0)
	if row > 0 {
		from = d.idEnd[row-1]
	}
	return d.idText[from:d.idEnd[row]]
}

// Feature returns the event in row encoded as a GeoJSON Feature. The bytes
// must not be modified.
func (d *Dataset) Feature(row int) []byte {
	f := d.feat[row]
	return d.arenas[f.arena][f.from:f.to:f.to]
}

// Start and End return the event's times, with the UTC offset written.
func (d *Dataset) Start(row int) time.Time { return d.time(d.start[row], d.startOff[row]) }

// End returns when the event in row ends: its start for an instant.
func (d *Dataset) End(row int) time.Time { return d.time(d.end[row], d.endOff[row]) }

func (d *Dataset) time(ms int64, off int16) time.Time {
	return time.UnixMilli(ms).In(d.zones[off])
}

// Category returns the category of the event in row.
func (d *Dataset) Category(row int) string { return d.cats[d.cat[row]] }

// Geometry returns the event's geometry as served: a point, or a track
// densified into great-circle arcs.
func (d *Dataset) Geometry(row int) orb.Geometry {
	if t := d.track(row); t != nil {
		return t.dense
	}
	return d.bounds[row].Min
}

// Written returns the event's geometry as written in the file.
func (d *Dataset) Written(row int) orb.Geometry {
	if t := d.track(row); t != nil {
		return t.written
	}
	return d.bounds[row].Min
}

// Event returns the event in row in full, decoded from its stored feature.
func (d *Dataset) Event(row int) *Event {
	ev := &Event{ID: d.ID(row), Category: d.Category(row), Start: d.Start(row), End: d.End(row),
		Written: d.Written(row), Geometry: d.Geometry(row), Bound: d.bounds[row]}
	eachMember(d.Feature(row), func(name, v []byte) bool {
		if string(name) != "properties" {
			return true
		}
		eachMember(v, func(name, value []byte) bool {
			ev.Properties = append(ev.Properties, Property{Name: string(name), Value: value})
			return true
		})
		return false
	})
	ev.Title, ev.Summary, ev.Place = ev.Properties.Text("title"), ev.Properties.Text("summary"), ev.Properties.Text("place")
	return ev
}

// Events decodes the events of rows ahead of the caller, a batch at a time
// on a goroutine of its own, so that decoding and whatever the caller does
// with the events (an export encodes them) run on two cores at once.
// Rows must be safe to range over on another goroutine.
func (d *Dataset) Events(rows iter.Seq[int]) iter.Seq[*Event] {
	return func(yield func(*Event) bool) {
		batches := make(chan []*Event, 2)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(batches)
			var batch []*Event
			send := func() bool {
				select {
				case batches <- batch:
					batch = nil
					return true
				case <-done:
					return false
				}
			}
			for r := range rows {
				batch = append(batch, d.Event(r))
				if len(batch) == eventBatch && !send() {
					return
				}
			}
			if len(batch) > 0 {
				send()
			}
		}()
		for batch := range batches {
			for _, ev := range batch {
				if !yield(ev) {
					return
				}
			}
		}
	}
}

// eventBatch is how many events Events decodes before handing them over:
// enough that handing over costs little per event, few enough that an
// export's first bytes leave at once.
const eventBatch = 256

// rowText returns the lower-cased text of row that q searches.
func (d *Dataset) rowText(row int) []byte {
	from := int32(0)
	if row > 0 {
		from = d.textEnd[row-1]
	}
	return d.text[from : d.textEnd[row]-1]
}

// MaxSources returns the most sources one event lists.
func (d *Dataset) MaxSources() int { return d.sources }

// Bound returns the bounding box of all events.
func (d *Dataset) Bound() orb.Bound { return d.bound }

// Interval returns the earliest start and the latest end.
func (d *Dataset) Interval() (first, last time.Time) { return d.Start(0), d.End(d.lastEnd) }

// appendFeature appends ev as a GeoJSON Feature: the id both as the
// feature's id (for OGC clients) and among the properties (as in the
// file), the properties sorted by name and compacted (compact says they
// are already), coordinates rounded by precision. It writes what
// encoding/json writes, byte for byte.
func appendFeature(dst []byte, ev *Event, precision float64, compact bool) []byte {
	dst = append(dst, `{"type":"Feature","id":`...)
	dst = AppendJSONString(dst, ev.ID)
	dst = append(dst, `,"geometry":`...)
	switch g := ev.Geometry.(type) {
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst = appendPosition(dst, g, precision)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendPosition(dst, p, precision)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `},"properties":`...)
	return append(appendObject(dst, ev.Properties, compact), '}')
}

func appendPosition(dst []byte, p orb.Point, precision float64) []byte {
	dst = append(dst, '[')
	dst = appendCoord(dst, p[0], precision)
	dst = append(dst, ',')
	dst = appendCoord(dst, p[1], precision)
	return append(dst, ']')
}

// appendCoord appends x rounded by precision, as appendFloat(round(x,
// precision)) does. When precision is 10^d, d ≤ 6, the rounded number is the
// float nearest k/10^d, and no shorter decimal is that near, so k's digits
// are what the shortest formatting prints: written here without it.
func appendCoord(dst []byte, x, precision float64) []byte {
	d := decimals(precision)
	k := math.Round(x * precision)
	if d < 0 || !(math.Abs(k) < 1e15) {
		return appendFloat(dst, round(x, precision))
	}
	if math.Signbit(k) {
		dst = append(dst, '-')
	}
	n := uint64(math.Abs(k))
	unit := pow10[d]
	dst = strconv.AppendUint(dst, n/unit, 10)
	frac := n % unit
	if frac == 0 {
		return dst
	}
	for frac%10 == 0 {
		frac /= 10
		d--
	}
	dst = append(dst, '.')
	for unit = pow10[d] / 10; unit > frac; unit /= 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendUint(dst, frac, 10)
}

var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6}

// decimals returns d when precision is 10^d for d up to 6, and -1 otherwise.
func decimals(precision float64) int {
	for d := len(pow10) - 1; d >= 0; d-- {
		if precision == float64(pow10[d]) {
			return d
		}
	}
	return -1
}

func round(x, precision float64) float64 {
	if precision == 0 {
		return x
	}
	return math.Round(x*precision) / precision
}

// appendFloat writes a number as encoding/json does.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		b := strconv.AppendFloat(nil, f, 'e', -1, 64)
		// encoding/json writes e-07 as e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b = append(b[:n-2], b[n-1])
		}
		return append(dst, b...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// textMatches reports whether the text of row holds q, lower-cased.
func (d *Dataset) textMatches(row int, q []byte) bool { return bytes.Contains(d.rowText(row), q) }
