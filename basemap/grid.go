package basemap

import (
	"math"

	"github.com/paulmach/orb"
)

// Zoom range served. Layer clamps other zooms into it: below 0 there is
// nothing smaller to show, and at 12 a pixel (0.0003°) is already finer
// than the 10m data's quantization (~0.002°), so deeper zooms get z12.
const (
	MinZoom = 0
	MaxZoom = 12
)

// MaxLat is the Web Mercator latitude limit (rounded to 0.01° so that it
// survives coordinate rounding at every zoom); Layer clips to ±MaxLat.
const MaxLat = 85.05

// worldBound is everything Layer can return.
func worldBound() orb.Bound {
	return orb.Bound{Min: orb.Point{-180, -MaxLat}, Max: orb.Point{180, MaxLat}}
}

// clampZoom maps any zoom into [MinZoom, MaxZoom].
func clampZoom(z int) int {
	return max(MinZoom, min(MaxZoom, z))
}

// pixelDeg is the width of one 256-px-tile pixel in degrees at zoom z: the
// Douglas–Peucker tolerance, since detail below a pixel cannot be seen.
func pixelDeg(z int) float64 {
	return 360 / (256 * math.Ldexp(1, z))
}

// decimals is how many decimal places coordinates keep at zoom z: enough
// for an eighth of a pixel, and at least 2 (1e-2 at z≤4, 1e-5 at z≥11).
func decimals(z int) int {
	d := int(math.Ceil(-math.Log10(pixelDeg(z) / 8)))
	return max(2, d)
}

// gridStep is the cell size in degrees that requested bboxes are snapped
// outward to: the largest round number not above one tile width, so that
// small pans map to the same cached response. Every step is a multiple of
// 10^-decimals(z), which keeps snapped edges exact after rounding.
func gridStep(z int) float64 {
	tile := 360 / math.Ldexp(1, z)
	for _, s := range []float64{90, 45, 20, 10, 5, 2, 1, 0.5, 0.25, 0.1, 0.05} {
		if s <= tile {
			return s
		}
	}
	return 0.05
}

// sourceFor names the Natural Earth scale drawn at zoom z: coarser data
// at low zoom keeps both payloads and load-time simplification cheap.
func sourceFor(z int) string {
	switch {
	case z <= 2:
		return "countries-110m.json"
	case z <= 5:
		return "countries-50m.json"
	default:
		return "countries-10m.json"
	}
}

// snap grows b outward to the zoom's grid and clips it to the world. It
// reports false when nothing of b lies in the world, b is inverted
// (Min > Max) or has NaNs.
func snap(b orb.Bound, z int) (orb.Bound, bool) {
	if b.IsEmpty() {
		return orb.Bound{}, false
	}
	step := gridStep(z)
	p := math.Pow10(decimals(z))
	w := worldBound()
	var out orb.Bound
	for i := range 2 {
		if !(b.Min[i] <= w.Max[i] && b.Max[i] >= w.Min[i]) { // also NaN
			return orb.Bound{}, false
		}
		lo, hi := math.Floor(b.Min[i]/step), math.Ceil(b.Max[i]/step)
		if hi <= lo { // a point or a line: give it one cell
			hi = lo + 1
		}
		// Round so each edge is the float nearest its decimal value, which
		// coordinate rounding maps onto itself.
		out.Min[i] = math.Max(math.Round(lo*step*p)/p, w.Min[i])
		out.Max[i] = math.Min(math.Round(hi*step*p)/p, w.Max[i])
		if !(out.Min[i] < out.Max[i]) { // b was a line on the world's edge
			return orb.Bound{}, false
		}
	}
	return out, true
}

// boundContains reports whether inner lies entirely within outer.
func boundContains(outer, inner orb.Bound) bool {
	return inner.Min[0] >= outer.Min[0] && inner.Min[1] >= outer.Min[1] &&
		inner.Max[0] <= outer.Max[0] && inner.Max[1] <= outer.Max[1]
}
