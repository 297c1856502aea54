package data

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// rtree is a static, packed R-tree (sort-tile-recursive) built once at
// load: a box query reads the few nodes that meet it. An event is one
// entry, or a track one entry per few segments, so that a box near a long
// track finds it only where the track passes. Boxes are float32, rounded
// outward, so the tree is small; the caller checks candidates exactly.
type rtree struct {
	// levels[0] are the leaves, one box per event; each node of levels[i+1]
	// bounds fanout consecutive boxes of levels[i].
	levels [][]box
	rows   []int32 // the row of each leaf
	pieces []int16 // the piece of a track each leaf bounds, or -1 for a whole event
}

// entry is what the tree indexes: a box, the row it belongs to, and which
// piece of the row's track it bounds (-1 for the whole event).
type entry struct {
	bound orb.Bound
	row   int32
	piece int16
}

// entries lists the boxes to index: each event's bounds, but a track's
// pieces in its place.
func entries(bounds []orb.Bound, trackOf []int32, tracks []*track) []entry {
	out := make([]entry, 0, len(bounds)+len(tracks)*4)
	for i, b := range bounds {
		if trackOf[i] < 0 {
			out = append(out, entry{b, int32(i), -1})
			continue
		}
		for k, b := range tracks[trackOf[i]].pieces {
			out = append(out, entry{b, int32(i), int16(k)})
		}
	}
	return out
}

type box struct{ minX, minY, maxX, maxY float32 }

const fanout = 16

func newRTree(items []entry) rtree {
	n := len(items)
	// Sort-tile-recursive: sort by x, cut into vertical slices, sort each
	// by y; consecutive runs of fanout are then leaves of nearby boxes. Keys
	// are sorted in place, not through bounds, to keep the sort in cache.
	type key struct {
		x, y float64
		row  int32
	}
	keys := make([]key, n)
	for i, e := range items {
		keys[i] = key{e.bound.Min[0] + e.bound.Max[0], e.bound.Min[1] + e.bound.Max[1], int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Compare(a.x, b.x) })
	leaves := (n + fanout - 1) / fanout
	perSlice := fanout * int(math.Ceil(math.Sqrt(float64(leaves))))
	for i := 0; i < n; i += perSlice {
		slices.SortFunc(keys[i:min(i+perSlice, n)], func(a, b key) int { return cmp.Compare(a.y, b.y) })
	}
	rows := make([]int32, n)
	for i, k := range keys {
		rows[i] = k.row // the entry, until it is replaced by its row below
	}
	level := make([]box, n)
	pieces := make([]int16, n)
	for i, r := range rows {
		level[i] = outward(items[r].bound)
		rows[i], pieces[i] = items[r].row, items[r].piece
	}
	t := rtree{rows: rows, pieces: pieces, levels: [][]box{level}}
	for len(level) > 1 {
		up := make([]box, (len(level)+fanout-1)/fanout)
		for i := range up {
			b := level[i*fanout]
			for _, c := range level[i*fanout+1 : min((i+1)*fanout, len(level))] {
				b = b.union(c)
			}
			up[i] = b
		}
		t.levels = append(t.levels, up)
		level = up
	}
	return t
}

// outward rounds b to float32 without making it smaller.
func outward(b orb.Bound) box {
	down := func(x float64) float32 {
		f := float32(x)
		if float64(f) > x {
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
		return f
	}
	up := func(x float64) float32 {
		f := float32(x)
		if float64(f) < x {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
		return f
	}
	return box{down(b.Min[0]), down(b.Min[1]), up(b.Max[0]), up(b.Max[1])}
}

func (a box) union(b box) box {
	return box{min(a.minX, b.minX), min(a.minY, b.minY), max(a.maxX, b.maxX), max(a.maxY, b.maxY)}
}

func (a box) intersects(b box) bool {
	return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
}

// search returns the leaves whose boxes meet any of boxes, in no order; it
// gives up, returning false, once it has found more than most.
func (t *rtree) search(boxes []orb.Bound, most int) ([]int32, bool) {
	if len(t.rows) == 0 {
		return nil, true
	}
	var out []int32
	type node struct{ level, index int }
	for _, b := range boxes {
		q := outward(b)
		stack := []node{{len(t.levels) - 1, 0}}
		for len(stack) > 0 {
			nd := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !t.levels[nd.level][nd.index].intersects(q) {
				continue
			}
			if nd.level == 0 {
				if out = append(out, int32(nd.index)); len(out) > most {
					return nil, false
				}
				continue
			}
			below := len(t.levels[nd.level-1])
			for c := nd.index * fanout; c < min((nd.index+1)*fanout, below); c++ {
				stack = append(stack, node{nd.level - 1, c})
			}
		}
	}
	return out, true
}

// within returns, sorted, the rows that meet any of boxes exactly: points
// in a box, tracks that pass through one. It gives up, returning false,
// once the tree has found more than most candidates.
func (d *Dataset) within(boxes []orb.Bound, most int) ([]int32, bool) {
	leaves, ok := d.space.search(boxes, most)
	if !ok {
		return nil, false
	}
	rows := make([]int32, 0, len(leaves))
	// A track meets a box in several pieces: each of its rows once. Only
	// tracks repeat, but for a box split at the antimeridian.
	var tracks map[int32]bool
	for _, leaf := range leaves {
		row, piece := d.space.rows[leaf], d.space.pieces[leaf]
		for _, box := range boxes {
			hit := false
			if piece < 0 {
				hit = box.Intersects(d.bounds[row])
			} else {
				t := d.track(int(row))
				seg := t.dense[int(piece)*trackPiece : min((int(piece)+1)*trackPiece+1, len(t.dense))]
				hit = t.pieces[piece].Intersects(box) && lineMeets(box, seg)
			}
			if !hit {
				continue
			}
			if piece >= 0 {
				if tracks == nil {
					tracks = map[int32]bool{}
				}
				if tracks[row] {
					break
				}
				tracks[row] = true
			}
			rows = append(rows, row)
			break
		}
	}
	if len(boxes) > 1 {
		slices.Sort(rows)
		rows = slices.Compact(rows)
	}
	return rows, true
}
