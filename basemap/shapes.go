package basemap

import (
	"encoding/json"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

// shape is one country ready to clip and encode at one zoom level.
type shape struct {
	name  string
	json  []byte // name as a JSON string, encoded once
	bound orb.Bound
	polys []part
}

// part is one polygon of a country with its bound, so a request clips
// only the polygons it can see (Russia, Indonesia… have hundreds).
type part struct {
	poly  orb.Polygon
	bound orb.Bound
}

// buildShapes simplifies the topology's arcs with Douglas–Peucker at tol
// (0 keeps them all) and stitches them into oriented polygons. Simplifying
// arcs rather than rings means a border shared by two countries is
// simplified once, so neighbours never gap or overlap.
func buildShapes(t *topology, tol float64) []shape {
	arcs := t.arcs
	if tol > 0 {
		dp := simplify.DouglasPeucker(tol)
		arcs = make([]orb.LineString, len(t.arcs))
		for i, a := range t.arcs {
			// The simplifier works in place; keep the source arcs intact.
			arcs[i] = dp.LineString(a.Clone())
		}
	}
	shapes := make([]shape, 0, len(t.geoms))
	for _, g := range t.geoms {
		s := shape{name: g.name}
		s.json, _ = json.Marshal(g.name) // a string always marshals
		for _, rings := range g.polys {
			p := polygon(arcs, rings)
			if p == nil {
				continue
			}
			for _, p := range splitAntimeridian(p) {
				b := p[0].Bound()
				if len(s.polys) == 0 {
					s.bound = b
				} else {
					s.bound = s.bound.Union(b)
				}
				s.polys = append(s.polys, part{poly: p, bound: b})
			}
		}
		if len(s.polys) > 0 {
			shapes = append(shapes, s)
		}
	}
	return shapes
}

// polygon stitches one polygon, orienting it the RFC 7946 way (exterior
// counterclockwise, holes clockwise). Rings that simplification collapsed
// are dropped; without its exterior the polygon is dropped. Rings crossing
// the antimeridian come out unwrapped, for splitAntimeridian.
func polygon(arcs []orb.LineString, rings [][]int) orb.Polygon {
	var p orb.Polygon
	for k, idx := range rings {
		r := unwrap(stitch(arcs, idx))
		o := orb.Orientation(0)
		if len(r) >= 4 {
			o = r.Orientation()
		}
		if o == 0 {
			if k == 0 {
				return nil
			}
			continue
		}
		if (o == orb.CCW) != (k == 0) { // exterior CCW, holes CW
			r.Reverse()
		}
		p = append(p, r)
	}
	return p
}

// clipShape returns the polygons of s inside box. Polygons wholly inside
// are shared, not copied; straddling ones are cloned first because orb's
// clipper uses its input as scratch space.
func clipShape(s *shape, box orb.Bound, scratch orb.MultiPolygon) orb.MultiPolygon {
	mp := scratch[:0]
	for i := range s.polys {
		pt := &s.polys[i]
		switch {
		case !pt.bound.Intersects(box):
		case boundContains(box, pt.bound):
			mp = append(mp, pt.poly)
		default:
			if c := clipPolygon(box, pt.poly); c != nil {
				mp = append(mp, c)
			}
		}
	}
	return mp
}

// clipPolygon clips a copy of p to box, dropping the slivers left when p
// only touches the box.
func clipPolygon(box orb.Bound, p orb.Polygon) orb.Polygon {
	c := clip.Polygon(box, p.Clone())
	if c == nil || len(c[0]) < 4 || c[0].Orientation() == 0 {
		return nil
	}
	return c
}
