package basemap

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// label is where a country's name is drawn.
type label struct {
	json []byte // name as a JSON string
	pt   orb.Point
	area float64 // of the polygon holding pt, in square degrees
}

// buildLabels picks a label point per shape, largest country first so a
// client that drops overlapping labels in order keeps the big ones.
func buildLabels(shapes []shape) []label {
	labels := make([]label, 0, len(shapes))
	var xs []float64
	for i := range shapes {
		p, area := largestPolygon(&shapes[i])
		var pt orb.Point
		pt, xs = labelPoint(p, xs)
		labels = append(labels, label{json: shapes[i].json, pt: pt, area: area})
	}
	slices.SortStableFunc(labels, func(a, b label) int { return cmp.Compare(b.area, a.area) })
	return labels
}

// largestPolygon returns the shape's polygon with the largest area: the
// mainland, not an island or exclave.
func largestPolygon(s *shape) (orb.Polygon, float64) {
	var best orb.Polygon
	bestArea := -1.0
	for _, pt := range s.polys {
		if a := planar.Area(pt.poly); a > bestArea {
			best, bestArea = pt.poly, a
		}
	}
	return best, bestArea
}

// labelPoint returns the centroid of p when it lies inside p, else the
// middle of the widest interior run of a set of horizontal scanlines,
// which for crescent or C-shaped countries is well inside. xs is scratch
// space, returned for reuse.
func labelPoint(p orb.Polygon, xs []float64) (orb.Point, []float64) {
	if c, _ := planar.CentroidArea(p); planar.PolygonContains(p, c) {
		return c, xs
	}
	const lines = 32
	b := p[0].Bound()
	best, bestW := p[0][0], -1.0
	for k := range lines {
		y := b.Min[1] + (float64(k)+0.5)/lines*(b.Max[1]-b.Min[1])
		xs = crossings(p, y, xs[:0])
		slices.Sort(xs)
		// Even-odd: interior runs are between crossings 0–1, 2–3, …
		for i := 0; i+1 < len(xs); i += 2 {
			if w := xs[i+1] - xs[i]; w > bestW {
				best, bestW = orb.Point{(xs[i] + xs[i+1]) / 2, y}, w
			}
		}
	}
	return best, xs
}

// crossings appends the x where the rings of p cross the line at y.
// Half-open on y so a vertex on the line counts once.
func crossings(p orb.Polygon, y float64, xs []float64) []float64 {
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	return xs
}
