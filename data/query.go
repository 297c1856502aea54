package data

import (
	"bytes"
	"iter"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Filter selects events. Its zero value selects everything.
type Filter struct {
	From, To   time.Time       // the events that overlap [From, To]; zero is open
	BBoxes     []orb.Bound     // any of these (two when a box crosses the antimeridian); nil is everywhere
	Categories map[string]bool // nil is every category
	Text       string          // case-insensitive substring of title, summary or place
}

// IsZero reports whether f selects every event.
func (f Filter) IsZero() bool {
	return f.From.IsZero() && f.To.IsZero() && f.BBoxes == nil && f.Categories == nil && f.Text == ""
}

// Query counts the events that match f and returns the rows of the page of
// at most limit of them that starts offset matches in, in time order. The
// matches are counted where they lie, never collected; only the page's
// rows are put in order.
func (d *Dataset) Query(f Filter, offset, limit int) (matched int, page []int) {
	q := d.compile(f)
	if q.all() {
		start := min(offset, d.Len())
		for row := start; row < start+min(limit, d.Len()-start); row++ {
			page = append(page, row)
		}
		return d.Len(), page
	}
	if q.oneBox() && offset+limit <= boxPageMost {
		return d.inBox(q.boxes[0], offset, limit)
	}
	c := d.candidates(q)
	if q.placed {
		return q.firstOfSpace(c.runs[0], offset, limit)
	}
	if c.runs == nil {
		// The text arena and the full scan yield rows in order already.
		for row := range c.each {
			if q.match(row) {
				if matched >= offset && len(page) < limit {
					page = append(page, row)
				}
				matched++
			}
		}
		return matched, page
	}
	if q.boxes == nil && q.text == nil {
		matched = d.countOverlaps(q)
	} else {
		for _, run := range c.runs {
			for _, row := range run {
				if q.match(int(row)) {
					matched++
				}
			}
		}
	}
	if offset >= matched {
		return matched, nil
	}
	skipped := 0
	mergeRuns(c.runs, q.match, func(row int) bool {
		if skipped < offset {
			skipped++
			return true
		}
		page = append(page, row)
		return len(page) < limit
	})
	return matched, page
}

// Rows yields the rows of every event that matches f, in time order.
func (d *Dataset) Rows(f Filter) iter.Seq[int] {
	q := d.compile(f)
	return func(yield func(int) bool) {
		if q.all() {
			for row := range d.Len() {
				if !yield(row) {
					return
				}
			}
			return
		}
		c := d.candidates(q)
		if q.placed {
			slices.Sort(c.runs[0])
		}
		if c.runs != nil {
			mergeRuns(c.runs, q.match, yield)
			return
		}
		for row := range c.each {
			if q.match(row) && !yield(row) {
				return
			}
		}
	}
}

// firstOfSpace pages through the candidates the spatial index found, in
// no order: it keeps the matches, counts them, and puts in order only the
// first offset+limit of them, not all.
func (q *query) firstOfSpace(rows []int32, offset, limit int) (matched int, page []int) {
	kept := rows[:0]
	for _, r := range rows {
		if q.match(int(r)) {
			kept = append(kept, r)
		}
	}
	matched = len(kept)
	if offset >= matched {
		return matched, nil
	}
	k := min(offset+limit, matched)
	first := smallest(kept, k)
	page = make([]int, 0, k-offset)
	for _, r := range first[offset:] {
		page = append(page, int(r))
	}
	return matched, page
}

// smallest returns the k smallest of rows, in order, reordering rows: a
// heap of k for a few of many, a sort otherwise.
func smallest(rows []int32, k int) []int32 {
	if k*16 >= len(rows) {
		slices.Sort(rows)
		return rows[:k]
	}
	// A max-heap of the k smallest so far, in rows[:k].
	h := rows[:k]
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= k {
				return
			}
			if c+1 < k && h[c+1] > h[c] {
				c++
			}
			if h[i] >= h[c] {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, r := range rows[k:] {
		if r < h[0] {
			h[0] = r
			down(0)
		}
	}
	slices.Sort(h)
	return h
}

// countOverlaps counts the events of q's categories (or all) that overlap
// q's interval without reading them: every event that ends before from
// also starts before to, so the count is those that start by to less those
// that end before from, two binary searches each.
func (d *Dataset) countOverlaps(q *query) int {
	count := func(starts, ends *sortedTimes) int {
		started, ended := len(starts.v), 0
		if q.hasTo {
			started = starts.search(q.to + 1)
		}
		if q.hasFrom {
			ended = ends.search(q.from)
		}
		return max(0, started-ended)
	}
	if q.cats == nil {
		return count(&d.starts, &d.ends)
	}
	total := 0
	for c, on := range q.cats {
		if on {
			total += count(&d.catStarts[c], &d.catEnds[c])
		}
	}
	return total
}

// query is a Filter compiled against a dataset.
type query struct {
	d              *Dataset
	from, to       int64 // milliseconds, inclusive
	hasFrom, hasTo bool
	boxes          []orb.Bound
	cats           []bool // by category index; nil is every category
	text           []byte
	noMatch        bool // a filter nothing can meet
	placed         bool // the candidates are known to meet boxes
	catCount       int  // rows in the chosen categories
}

func (d *Dataset) compile(f Filter) *query {
	q := &query{d: d, boxes: f.BBoxes}
	if !f.From.IsZero() {
		q.from, q.hasFrom = ceilMilli(f.From), true
	}
	if !f.To.IsZero() {
		q.to, q.hasTo = floorMilli(f.To), true
	}
	if f.Categories != nil {
		q.cats = make([]bool, len(d.cats))
		for i, c := range d.cats {
			q.cats[i] = f.Categories[c]
			if q.cats[i] {
				q.catCount += len(d.catRows[i])
			}
		}
	}
	if f.Text != "" {
		q.text = []byte(strings.ToLower(f.Text))
		// Rows' texts are kept apart by a NUL; a NUL in q could only match across two.
		q.noMatch = bytes.IndexByte(q.text, 0) >= 0
	}
	return q
}

func (q *query) all() bool {
	return !q.hasFrom && !q.hasTo && q.boxes == nil && q.cats == nil && q.text == nil
}

// Interval returns the filter's interval as queries compare it, to the
// millisecond: From rounded up and To down; zero for an open end.
func (f Filter) Interval() (from, to time.Time) {
	if !f.From.IsZero() {
		from = time.UnixMilli(ceilMilli(f.From))
	}
	if !f.To.IsZero() {
		to = time.UnixMilli(floorMilli(f.To))
	}
	return from, to
}

func floorMilli(t time.Time) int64 { return t.Unix()*1000 + int64(t.Nanosecond())/1e6 }

func ceilMilli(t time.Time) int64 {
	ms := floorMilli(t)
	if t.Nanosecond()%1e6 != 0 {
		ms++
	}
	return ms
}

// match reports whether row meets every part of the query.
func (q *query) match(row int) bool {
	d := q.d
	switch {
	case q.noMatch,
		q.hasTo && d.start[row] > q.to,
		q.hasFrom && d.end[row] < q.from,
		q.cats != nil && !q.cats[d.cat[row]],
		q.boxes != nil && !q.placed && !q.inBoxes(row),
		q.text != nil && !d.textMatches(row, q.text):
		return false
	}
	return true
}

// boxPageMost is the deepest a page of a box-only query goes by the
// places' tree, which reads about offset+limit leaves; deeper pages
// collect every match in the box.
const boxPageMost = 4096

// oneBox reports whether q asks for one box and nothing else.
func (q *query) oneBox() bool {
	return len(q.boxes) == 1 && !q.noMatch && !q.hasFrom && !q.hasTo && q.cats == nil && q.text == nil
}

func (q *query) inBoxes(row int) bool {
	b := q.d.bounds[row]
	for _, box := range q.boxes {
		if !box.Intersects(b) {
			continue
		}
		// A track's bounding box can meet a box the track itself misses.
		t := q.d.track(row)
		if t == nil || t.meets(box) {
			return true
		}
	}
	return false
}

// smallEnough is a candidate count below which a query reads its
// candidates one by one rather than ask a second index.
const smallEnough = 256

// candidateSet is a superset of the rows that match a query, drawn from one
// index: sorted runs (by time class, by category, or from space), or, when
// runs is nil, rows yielded in order. An index that finds nothing gives
// runs empty, not nil.
type candidateSet struct {
	runs [][]int32
	each iter.Seq[int]
}

// candidates draws q's candidates from the most selective index: time,
// category, space or text.
func (d *Dataset) candidates(q *query) candidateSet {
	var best candidateSet
	bestCount := d.Len()
	best.each = func(yield func(int) bool) {
		for row := range d.Len() {
			if !yield(row) {
				return
			}
		}
	}
	if q.hasFrom || q.hasTo {
		runs := d.times.runs(q)
		// A few categories and a time: each category's own time index
		// leaves out the other categories' rows, which would otherwise be
		// read and turned away one by one. With many categories, their
		// many runs would cost each row more in the merge than it saves.
		if q.cats != nil && q.catCount <= d.Len()/2 {
			runs = runs[:0]
			for i, on := range q.cats {
				if on {
					runs = append(runs, d.catTimes[i].runs(q)...)
				}
			}
		}
		if n := size(runs); n < bestCount {
			best, bestCount = candidateSet{runs: runs}, n
		}
	}
	if q.cats != nil && q.catCount < bestCount {
		runs := make([][]int32, 0, len(q.cats))
		for i, on := range q.cats {
			if on {
				runs = append(runs, d.catRows[i])
			}
		}
		best, bestCount = candidateSet{runs: runs}, q.catCount
	}
	placed := false
	if q.boxes != nil && bestCount > smallEnough {
		if rows, ok := d.within(q.boxes, bestCount); ok {
			best, bestCount, placed = candidateSet{runs: [][]int32{rows}}, len(rows), true
		}
	}
	// Scanning the text arena reads every row's text at memory speed;
	// checking candidates one by one wins when there are few of them.
	if q.text != nil && bestCount > d.Len()/8 {
		best, placed = candidateSet{each: func(yield func(int) bool) { d.textSearch(q.text, yield) }}, false
	}
	// Only candidates from space are known to meet the boxes: a box that
	// holds many events, with text, reads the text arena instead.
	q.placed = placed
	return best
}

func size(runs [][]int32) int {
	n := 0
	for _, r := range runs {
		n += len(r)
	}
	return n
}

// mergeRuns yields the rows of sorted runs that keep says to keep, in
// order. Each run is first read on to its next kept row, so that rows left
// out cost one check each, not a comparison with every run's head.
func mergeRuns(runs [][]int32, keep func(int) bool, yield func(int) bool) {
	runs = slices.Clone(runs)
	// next moves run i on to its next kept row, dropping it once it is
	// empty; it reports whether run i is still there.
	next := func(i int) bool {
		r := runs[i]
		for len(r) > 0 && !keep(int(r[0])) {
			r = r[1:]
		}
		if len(r) == 0 {
			runs = slices.Delete(runs, i, i+1)
			return false
		}
		runs[i] = r
		return true
	}
	for i := len(runs) - 1; i >= 0; i-- {
		next(i)
	}
	for len(runs) > 0 {
		low := 0
		for i := 1; i < len(runs); i++ {
			if runs[i][0] < runs[low][0] {
				low = i
			}
		}
		if !yield(int(runs[low][0])) {
			return
		}
		runs[low] = runs[low][1:]
		next(low)
	}
}

// textSearch yields the rows whose text holds q, in order.
func (d *Dataset) textSearch(q []byte, yield func(int) bool) {
	for at := 0; at < len(d.text); {
		i := bytes.Index(d.text[at:], q)
		if i < 0 {
			return
		}
		hit := int32(at + i)
		row := sort.Search(len(d.textEnd), func(r int) bool { return d.textEnd[r] > hit })
		if !yield(row) {
			return
		}
		at = int(d.textEnd[row])
	}
}

// timeIndex answers "which events overlap [from, to]" without reading the
// events that cannot. Events are grouped by how long they last, in classes
// that double: within a class, rows are in start order and the longest
// lasts at most twice the shortest, so the rows that start in
// [from - longest, to] are the candidates and few of them end before from,
// whether the class holds instants or campaigns of months.
type timeIndex struct {
	classes []timeClass
}

type timeClass struct {
	longest int64       // milliseconds
	rows    []int32     // in start order
	starts  sortedTimes // the rows' starts, side by side: searched without a lookup each step
}

// newTimeIndex indexes rows, which are in start order, or every row when
// rows is nil.
func newTimeIndex(rows []int32, start, end []int64) timeIndex {
	n := len(start)
	if rows != nil {
		n = len(rows)
	}
	row := func(i int) int32 {
		if rows != nil {
			return rows[i]
		}
		return int32(i)
	}
	class := func(r int32) int { return bits.Len64(uint64(end[r] - start[r])) }
	// Counted first, so that each class is made its size: grown by append
	// it would hold up to twice its rows, for as long as the data is served.
	var count [65]int
	classes := 0
	for i := range n {
		c := class(row(i))
		count[c]++
		classes = max(classes, c+1)
	}
	t := timeIndex{classes: make([]timeClass, classes)}
	starts := make([][]int64, classes)
	for c := range t.classes {
		t.classes[c].rows = make([]int32, 0, count[c])
		starts[c] = make([]int64, 0, count[c])
	}
	for i := range n {
		r := row(i)
		c := class(r)
		t.classes[c].rows = append(t.classes[c].rows, r)
		starts[c] = append(starts[c], start[r])
		t.classes[c].longest = max(t.classes[c].longest, end[r]-start[r])
	}
	for c := range t.classes {
		t.classes[c].starts = newSortedTimes(starts[c])
	}
	return t
}

// runs returns, per class, the rows that may overlap q's interval.
func (t *timeIndex) runs(q *query) [][]int32 {
	out := make([][]int32, 0, len(t.classes)) // none is no runs, not nil
	for _, c := range t.classes {
		rows := c.rows
		if q.hasTo {
			rows = rows[:c.starts.search(q.to+1)]
		}
		if q.hasFrom {
			rows = rows[min(len(rows), c.starts.search(q.from-c.longest)):]
		}
		if len(rows) > 0 {
			out = append(out, rows)
		}
	}
	return out
}

// lineMeets reports whether any segment of ls meets box, without the
// allocations of clipping it.
func lineMeets(box orb.Bound, ls orb.LineString) bool {
	var prev byte
	for i := range ls {
		code := outcode(box, ls[i])
		if code == 0 {
			return true
		}
		// Both ends beyond the same edge: the segment cannot cross the box,
		// and most pieces near a box are turned away here, without a division.
		if i > 0 && prev&code == 0 && segmentMeets(box, ls[i-1], ls[i]) {
			return true
		}
		prev = code
	}
	return false
}

// outcode says which of box's edges p lies beyond (Cohen–Sutherland): 0
// inside, else a bit each for west, east, south and north.
func outcode(box orb.Bound, p orb.Point) byte {
	var c byte
	if p[0] < box.Min[0] {
		c |= 1
	} else if p[0] > box.Max[0] {
		c |= 2
	}
	if p[1] < box.Min[1] {
		c |= 4
	} else if p[1] > box.Max[1] {
		c |= 8
	}
	return c
}

// segmentMeets reports whether the segment a–b crosses box (Liang–Barsky).
func segmentMeets(box orb.Bound, a, b orb.Point) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b[0]-a[0], b[1]-a[1]
	for _, e := range [4][2]float64{{-dx, a[0] - box.Min[0]}, {dx, box.Max[0] - a[0]}, {-dy, a[1] - box.Min[1]}, {dy, box.Max[1] - a[1]}} {
		p, q := e[0], e[1]
		switch {
		case p == 0:
			if q < 0 {
				return false
			}
		case p < 0:
			t0 = max(t0, q/p)
		default:
			t1 = min(t1, q/p)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}
