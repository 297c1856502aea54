package data

import (
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// rtree is a static, packed R-tree (sort-tile-recursive) built once at
// load: a box query reads the few nodes that meet it. Boxes are float32,
// rounded outward, so the tree is small; the caller checks candidates
// exactly. A dataset keeps two: one of its places, one leaf per event,
// which also counts and pages a box by itself (see count and first); and
// one of its tracks, a leaf per few segments, so that a box near a long
// track finds it only where the track passes.
type rtree struct {
	// levels[0] are the leaves; each node of levels[i+1] bounds fanout
	// consecutive boxes of levels[i], so the node at index j of level i
	// holds the leaves from j·fanout^i on.
	levels [][]box
	// least[i][j] is the smallest row under node j of levels[i].
	least  [][]int32
	rows   []int32 // the row of each leaf, which is least[0]
	pieces []int32 // the piece of a track each leaf bounds, or -1 for a whole event
}

// entry is what the tree indexes: a box, the row it belongs to, and which
// piece of the row's track it bounds (-1 for the whole event).
type entry struct {
	bound orb.Bound
	row   int32
	piece int32
}

// placeEntries lists the boxes to index of the places: each one's bounds.
func placeEntries(bounds []orb.Bound, trackOf []int32, tracks int) []entry {
	places := make([]entry, 0, len(bounds)-tracks)
	for i, b := range bounds {
		if trackOf[i] < 0 {
			places = append(places, entry{b, int32(i), -1})
		}
	}
	return places
}

// pathEntries lists the boxes to index of the tracks: each one's pieces.
func pathEntries(trackOf []int32, tracks []*track) []entry {
	paths := make([]entry, 0, len(tracks)*4)
	for i, t := range trackOf {
		if t < 0 {
			continue
		}
		dense := tracks[t].dense
		for k := 0; k < len(dense)-1; k += trackPiece {
			paths = append(paths, entry{dense[k:min(k+trackPiece+1, len(dense))].Bound(), int32(i), int32(k / trackPiece)})
		}
	}
	return paths
}

type box struct{ minX, minY, maxX, maxY float32 }

const fanout = 16

func newRTree(items []entry) rtree {
	n := len(items)
	// Sort-tile-recursive: sort by x, cut into vertical slices, sort each
	// by y; consecutive runs of fanout are then leaves of nearby boxes. Each
	// key is a centre's float32 as an ordered integer above the entry's
	// index: one integer sort, several times faster than one that compares
	// floats, and float32 is all the boxes hold.
	keys := make([]uint64, n)
	ys := make([]uint32, n)
	for i, e := range items {
		keys[i] = ordered32(e.bound.Min[0]+e.bound.Max[0])<<32 | uint64(i)
		ys[i] = uint32(ordered32(e.bound.Min[1] + e.bound.Max[1]))
	}
	sortOnCores(keys, runtime.GOMAXPROCS(0))
	leaves := (n + fanout - 1) / fanout
	perSlice := fanout * max(1, int(math.Ceil(math.Sqrt(float64(leaves)))))
	// The slices are apart: each core sorts its share of them and makes
	// their leaves.
	rows := make([]int32, n)
	level := make([]box, n)
	pieces := make([]int32, n)
	var wg sync.WaitGroup
	slicesPerCore := (n/perSlice)/runtime.GOMAXPROCS(0) + 1
	for from := 0; from < n; from += slicesPerCore * perSlice {
		wg.Go(func() {
			to := min(from+slicesPerCore*perSlice, n)
			for i := from; i < to; i += perSlice {
				slice := keys[i:min(i+perSlice, n)]
				for j, k := range slice {
					slice[j] = uint64(ys[uint32(k)])<<32 | k&math.MaxUint32
				}
				slices.Sort(slice)
			}
			for i := from; i < to; i++ {
				e := &items[uint32(keys[i])]
				level[i], rows[i], pieces[i] = outward(e.bound), e.row, e.piece
			}
		})
	}
	wg.Wait()
	t := rtree{rows: rows, pieces: pieces, levels: [][]box{level}, least: [][]int32{rows}}
	least := rows
	for len(level) > 1 {
		up := make([]box, (len(level)+fanout-1)/fanout)
		upLeast := make([]int32, len(up))
		for i := range up {
			b, l := level[i*fanout], least[i*fanout]
			for c := i*fanout + 1; c < min((i+1)*fanout, len(level)); c++ {
				b, l = b.union(level[c]), min(l, least[c])
			}
			up[i], upLeast[i] = b, l
		}
		t.levels = append(t.levels, up)
		t.least = append(t.least, upLeast)
		level, least = up, upLeast
	}
	return t
}

// ordered32 maps x, rounded to float32, to an integer in the same order.
func ordered32(x float64) uint64 {
	b := math.Float32bits(float32(x))
	if b&(1<<31) != 0 {
		return uint64(^b)
	}
	return uint64(b | 1<<31)
}

// outward rounds b to float32 without making it smaller.
func outward(b orb.Bound) box {
	return box{down32(b.Min[0]), down32(b.Min[1]), up32(b.Max[0]), up32(b.Max[1])}
}

// inward rounds b to float32 without making it larger: a box within it is
// within b.
func inward(b orb.Bound) box {
	return box{up32(b.Min[0]), up32(b.Min[1]), down32(b.Max[0]), down32(b.Max[1])}
}

// down32 is the largest float32 not above x, up32 the smallest not below.
func down32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func (a box) union(b box) box {
	return box{min(a.minX, b.minX), min(a.minY, b.minY), max(a.maxX, b.maxX), max(a.maxY, b.maxY)}
}

func (a box) intersects(b box) bool {
	return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
}

// within reports whether a lies inside b.
func (a box) within(b box) bool {
	return b.minX <= a.minX && a.maxX <= b.maxX && b.minY <= a.minY && a.maxY <= b.maxY
}

// leaves returns how many leaves lie under node j of level i.
func (t *rtree) leaves(i, j int) int {
	span := 1
	for range i {
		span *= fanout
	}
	return min((j+1)*span, len(t.rows)) - j*span
}

// count counts the leaves that meet b exactly, as hit says of a leaf: a
// node within b counts all its leaves unread, so the work grows with b's
// edge, not with what b holds. It is for whole events, whose leaf box is
// the event's; a leaf inside b then meets it.
func (t *rtree) count(b orb.Bound, hit func(leaf int) bool) int {
	if len(t.rows) == 0 {
		return 0
	}
	q, in := outward(b), inward(b)
	n := 0
	var visit func(i, j int)
	visit = func(i, j int) {
		nb := t.levels[i][j]
		switch {
		case !nb.intersects(q):
		case nb.within(in):
			n += t.leaves(i, j)
		case i == 0:
			if hit(j) {
				n++
			}
		default:
			for c := j * fanout; c < min((j+1)*fanout, len(t.levels[i-1])); c++ {
				visit(i-1, c)
			}
		}
	}
	visit(len(t.levels)-1, 0)
	return n
}

// first returns, in order, the k smallest rows of the leaves that meet b
// exactly, as hit says: best first, always opening the node whose least
// row is smallest, so that it reads about k leaves and the nodes above
// them, however many b holds.
func (t *rtree) first(b orb.Bound, k int, hit func(leaf int) bool) []int32 {
	if len(t.rows) == 0 || k <= 0 {
		return nil
	}
	q, in := outward(b), inward(b)
	h := make(nodeHeap, 0, 256) // on the stack, unless the walk needs more
	top := len(t.levels) - 1
	if t.levels[top][0].intersects(q) {
		h = h.push(heapNode{t.least[top][0], int8(top), 0})
	}
	out := make([]int32, 0, min(k, 64))
	for len(h) > 0 && len(out) < k {
		var nd heapNode
		nd, h = h.pop()
		i, j := int(nd.level), int(nd.index)
		if i == 0 {
			// A leaf inside b meets it, as in count, unchecked.
			if t.levels[0][j].within(in) || hit(j) {
				out = append(out, nd.least)
			}
			continue
		}
		for c := j * fanout; c < min((j+1)*fanout, len(t.levels[i-1])); c++ {
			if t.levels[i-1][c].intersects(q) {
				h = h.push(heapNode{t.least[i-1][c], int8(i - 1), int32(c)})
			}
		}
	}
	return out
}

// heapNode is a node of an rtree waiting in first's heap.
type heapNode struct {
	least int32
	level int8
	index int32
}

// nodeHeap is a min-heap of nodes by least row.
type nodeHeap []heapNode

// push and pop return the heap, rather than change it through a pointer,
// so that a heap made on the stack stays there.
func (h nodeHeap) push(n heapNode) nodeHeap {
	s := append(h, n)
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].least <= s[i].least {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
	return s
}

func (h nodeHeap) pop() (heapNode, nodeHeap) {
	s := h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(s) {
			break
		}
		if c+1 < len(s) && s[c+1].least < s[c].least {
			c++
		}
		if s[i].least <= s[c].least {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	return top, s
}

// search returns the leaves whose boxes meet any of boxes, in order for
// each box; it gives up, returning false, once it has found more than
// most.
func (t *rtree) search(boxes []orb.Bound, most int, out []int32) ([]int32, bool) {
	if len(t.rows) == 0 {
		return out, true
	}
	type node struct{ level, index int }
	stack := make([]node, 0, fanout*len(t.levels))
	top := len(t.levels) - 1
	for _, b := range boxes {
		q := outward(b)
		if !t.levels[top][0].intersects(q) {
			continue
		}
		if top == 0 {
			out = append(out, 0)
			continue
		}
		stack = append(stack[:0], node{top, 0})
		for len(stack) > 0 {
			nd := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			from, to := nd.index*fanout, min((nd.index+1)*fanout, len(t.levels[nd.level-1]))
			if nd.level == 1 {
				// The leaves that meet q, checked here rather than pushed.
				for c, lb := range t.levels[0][from:to] {
					if lb.intersects(q) {
						if out = append(out, int32(from+c)); len(out) > most {
							return nil, false
						}
					}
				}
				continue
			}
			// Children that meet q go on the stack last first, so that
			// they come off it, and the leaves out, in order.
			below := t.levels[nd.level-1]
			for c := to - 1; c >= from; c-- {
				if below[c].intersects(q) {
					stack = append(stack, node{nd.level - 1, c})
				}
			}
		}
	}
	return out, true
}

// within returns the rows that meet any of boxes exactly: places in a
// box, tracks that pass through one; sorted if there are several boxes.
// It gives up, returning false, once the trees have found more than most
// candidates.
func (d *Dataset) within(boxes []orb.Bound, most int) ([]int32, bool) {
	places, ok := d.places.search(boxes, most, nil)
	if !ok {
		return nil, false
	}
	rows := make([]int32, 0, len(places))
	for _, leaf := range places {
		if d.placeIn(boxes, int(leaf)) {
			rows = append(rows, d.places.rows[leaf])
		}
	}
	paths, ok := d.tracksIn(boxes, most-len(places))
	if !ok {
		return nil, false
	}
	rows = append(rows, paths...)
	if len(boxes) > 1 {
		slices.Sort(rows)
		rows = slices.Compact(rows)
	}
	return rows, true
}

// placeIn reports whether the place at leaf of the places' tree lies in
// any of boxes.
func (d *Dataset) placeIn(boxes []orb.Bound, leaf int) bool {
	b := d.bounds[d.places.rows[leaf]]
	for _, box := range boxes {
		if box.Intersects(b) {
			return true
		}
	}
	return false
}

// pathTree is the R-tree of the tracks' pieces with each leaf's vertices
// beside it, in leaf order, so that checking the leaves a box finds reads
// memory in one sweep rather than chasing every track. Every leaf has
// trackPiece+1 vertices, a short last piece its last vertex repeated, so
// that where a leaf's lie needs no lookup.
type pathTree struct {
	rtree
	verts []orb.Point
}

// pieceVerts is how many vertices each leaf of a pathTree holds.
const pieceVerts = trackPiece + 1

func newPathTree(items []entry, tracks []*track, trackOf []int32) pathTree {
	t := pathTree{rtree: newRTree(items)}
	t.verts = make([]orb.Point, 0, len(items)*pieceVerts)
	for leaf, row := range t.rows {
		dense := tracks[trackOf[row]].dense
		k := int(t.pieces[leaf]) * trackPiece
		piece := dense[k:min(k+pieceVerts, len(dense))]
		t.verts = append(t.verts, piece...)
		for range pieceVerts - len(piece) {
			t.verts = append(t.verts, piece[len(piece)-1])
		}
	}
	return t
}

// tracksIn returns, each once and in no order, the rows of the tracks that
// pass through any of boxes, or false once the tree has found more than
// most pieces. A track found in one piece is not checked in the others.
func (d *Dataset) tracksIn(boxes []orb.Bound, most int) ([]int32, bool) {
	t := &d.paths
	// A box near a city finds a few hundred pieces: the arrays below keep
	// them and the set off the heap, whose allocations cost more than the
	// search under load.
	var leavesBuf [512]int32
	leaves, ok := t.search(boxes, most, leavesBuf[:0])
	if !ok {
		return nil, false
	}
	if len(boxes) > 1 {
		slices.Sort(leaves) // to read verts in order
	}
	var slotsBuf [1024]int32
	found := newRowSet(len(leaves), slotsBuf[:])
	rows := make([]int32, 0, len(leaves))
	for _, leaf := range leaves {
		row := t.rows[leaf]
		if found.has(row) {
			continue
		}
		seg := t.verts[int(leaf)*pieceVerts : int(leaf+1)*pieceVerts]
		for _, box := range boxes {
			if lineMeets(box, seg) {
				found.add(row)
				rows = append(rows, row)
				break
			}
		}
	}
	return rows, true
}

// rowSet is a set of at most n rows: a hash table with open addressing, as
// small as the few hundred tracks a box finds, so it stays in cache where a
// bit per track or per row would not.
type rowSet struct {
	slots []int32 // row+1, or 0 for none
	shift uint
}

// newRowSet returns a set for n rows, in buf if it is large enough.
func newRowSet(n int, buf []int32) rowSet {
	b := bits.Len(uint(2*n) | 1)
	if 1<<b > len(buf) {
		buf = make([]int32, 1<<b)
	}
	return rowSet{slots: buf[:1<<b], shift: uint(32 - b)}
}

// slot returns where row is, or where it would go.
func (s rowSet) slot(row int32) int {
	mask := len(s.slots) - 1
	i := int(uint32(row)*0x9E3779B1>>s.shift) & mask // Fibonacci hashing
	for s.slots[i] != 0 && s.slots[i] != row+1 {
		i = (i + 1) & mask
	}
	return i
}

func (s rowSet) has(row int32) bool { return s.slots[s.slot(row)] != 0 }

func (s rowSet) add(row int32) { s.slots[s.slot(row)] = row + 1 }

// inBox counts the events in one box and returns the page of them that
// starts offset matches in: the places' tree counts and pages the places
// without visiting them all, and the few tracks are merged in.
func (d *Dataset) inBox(box orb.Bound, offset, limit int) (matched int, page []int) {
	boxes := []orb.Bound{box}
	hit := func(leaf int) bool { return d.placeIn(boxes, leaf) }
	tracks, _ := d.tracksIn(boxes, math.MaxInt)
	matched = d.places.count(box, hit) + len(tracks)
	if offset >= matched {
		return matched, nil
	}
	k := min(offset+limit, matched)
	places := d.places.first(box, k, hit)
	tracks = smallest(tracks, min(k, len(tracks)))
	page = make([]int, 0, min(limit, k-offset))
	for i, j := 0, 0; len(page) < limit && i+j < k; {
		var row int32
		if j == len(tracks) || (i < len(places) && places[i] < tracks[j]) {
			row, i = places[i], i+1
		} else {
			row, j = tracks[j], j+1
		}
		if i+j > offset {
			page = append(page, int(row))
		}
	}
	return matched, page
}
