package data

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// rtree is a static, packed R-tree over the events' bounds (sort-tile-
// recursive), built once at load: a box query reads the few nodes that meet
// it. Boxes are float32, rounded outward, so the tree is small; the caller
// checks candidates against the exact bounds.
type rtree struct {
	// levels[0] are the leaves, one box per event; each node of levels[i+1]
	// bounds fanout consecutive boxes of levels[i].
	levels [][]box
	rows   []int32 // the row of each leaf
}

type box struct{ minX, minY, maxX, maxY float32 }

const fanout = 16

func newRTree(bounds []orb.Bound) rtree {
	n := len(bounds)
	// Sort-tile-recursive: sort by x, cut into vertical slices, sort each
	// by y; consecutive runs of fanout are then leaves of nearby boxes. Keys
	// are sorted in place, not through bounds, to keep the sort in cache.
	type key struct {
		x, y float64
		row  int32
	}
	keys := make([]key, n)
	for i, b := range bounds {
		keys[i] = key{b.Min[0] + b.Max[0], b.Min[1] + b.Max[1], int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Compare(a.x, b.x) })
	leaves := (n + fanout - 1) / fanout
	perSlice := fanout * int(math.Ceil(math.Sqrt(float64(leaves))))
	for i := 0; i < n; i += perSlice {
		slices.SortFunc(keys[i:min(i+perSlice, n)], func(a, b key) int { return cmp.Compare(a.y, b.y) })
	}
	rows := make([]int32, n)
	for i, k := range keys {
		rows[i] = k.row
	}
	level := make([]box, n)
	for i, r := range rows {
		level[i] = outward(bounds[r])
	}
	t := rtree{rows: rows, levels: [][]box{level}}
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

// search returns the rows whose boxes meet any of boxes, in no order; it
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
				if out = append(out, t.rows[nd.index]); len(out) > most {
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
