package basemap

import (
	"github.com/paulmach/orb"
)

// Natural Earth rings that cross the antimeridian (Russia's Chukotka,
// Fiji) jump from +180° to −180° and back; drawn as is they streak across
// the whole map. They are unwrapped into one continuous ring and then cut
// at ±180° into an eastern and a western polygon.

// unwrap returns r made continuous by shifting the points after each
// ±180° jump by ∓360°, or r itself when it has no jump. A ring around a
// pole (Antarctica) does not close once unwrapped; it goes to closeAtPole.
func unwrap(r orb.Ring) orb.Ring {
	var out orb.Ring
	off := 0.0
	for i := 1; i < len(r); i++ {
		switch dx := r[i][0] - r[i-1][0]; {
		case dx > 180:
			off -= 360
		case dx < -180:
			off += 360
		}
		if off != 0 && out == nil {
			out = make(orb.Ring, len(r))
			copy(out, r[:i])
		}
		if out != nil {
			out[i] = orb.Point{r[i][0] + off, r[i][1]}
		}
	}
	switch {
	case out == nil:
		return r
	case off != 0:
		return closeAtPole(r)
	}
	return out
}

// closeAtPole turns a ring around a pole, whose single jump from ±180° to
// ∓180° stands for the way round the pole, into a planar ring that goes
// down to the pole and along it; otherwise the jump would cut the ring
// short and leave the land beyond it as sea.
func closeAtPole(r orb.Ring) orb.Ring {
	j := -1
	for i := 1; i < len(r); i++ {
		if dx := r[i][0] - r[i-1][0]; dx > 180 || dx < -180 {
			if j >= 0 {
				return r // more than one way round: leave it be
			}
			j = i
		}
	}
	pole := 90.0
	if r[j][1] < 0 {
		pole = -90
	}
	out := make(orb.Ring, 0, len(r)+2)
	out = append(out, r[:j]...)
	out = append(out, orb.Point{r[j-1][0], pole}, orb.Point{r[j][0], pole})
	return append(out, r[j:]...)
}

// splitAntimeridian cuts an unwrapped polygon that reaches past ±180° into
// its part inside [-180,180] and its part shifted back by 360°.
func splitAntimeridian(p orb.Polygon) []orb.Polygon {
	b := p[0].Bound()
	var shift float64
	switch {
	case b.Max[0] > 180:
		shift = -360
	case b.Min[0] < -180:
		shift = 360
	default:
		return []orb.Polygon{p}
	}
	for _, h := range p[1:] {
		// A hole unwrapped on its own may sit one world away.
		switch hb := h.Bound(); {
		case hb.Max[0] < b.Min[0]:
			translate(h, 360)
		case hb.Min[0] > b.Max[0]:
			translate(h, -360)
		}
	}
	shifted := p.Clone()
	for _, r := range shifted {
		translate(r, shift)
	}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	var out []orb.Polygon
	for _, q := range []orb.Polygon{p, shifted} {
		if c := clipPolygon(world, q); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// translate moves r east by dx degrees, in place.
func translate(r orb.Ring, dx float64) {
	for i := range r {
		r[i][0] += dx
	}
}
