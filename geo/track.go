// Package geo builds the map's geometry: great-circle tracks, GeoJSON
// features and bounds, with github.com/paulmach/orb.
package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean radius of the Earth in metres, as orb/geo uses.
const EarthRadius = 6371008.8

// MaxStep is the longest segment, in metres, that Densify leaves in a track:
// short enough that a drawn leg bends like the great circle it stands for.
const MaxStep = 10000.0

// MaxVertices is the most vertices a densified track may have: 100,000
// steps of MaxStep is 25 times round the Earth, more than any movement, and
// 1.6 MB of coordinates, so a hostile file cannot make a track huge.
const MaxVertices = 100000

// Densify returns g with every leg of a LineString replaced by points on the
// great circle between its ends, no more than MaxStep apart. Other geometry
// is returned unchanged. A track that would need more than MaxVertices
// vertices is refused.
func Densify(g orb.Geometry) (orb.Geometry, error) { return densify(g, MaxVertices) }

// DensifyWithin is Densify with most vertices a track may have instead of
// MaxVertices.
func DensifyWithin(most int) func(orb.Geometry) (orb.Geometry, error) {
	return func(g orb.Geometry) (orb.Geometry, error) { return densify(g, most) }
}

func densify(g orb.Geometry, most int) (orb.Geometry, error) {
	ls, ok := g.(orb.LineString)
	if !ok || len(ls) < 2 {
		return g, nil
	}
	ls = splitAntipodes(ls)
	steps := make([]int, len(ls))
	total := 1
	for i := 1; i < len(ls); i++ {
		steps[i] = max(1, int(math.Ceil(centralAngle(ls[i-1], ls[i])*EarthRadius/MaxStep)))
		if total += steps[i]; total > most {
			return nil, fmt.Errorf("the track is %.0f km long or more: drawn in steps of %.0f km it would need more than %d vertices",
				Length(ls[:i+1])/1000, MaxStep/1000, most)
		}
	}
	out := make(orb.LineString, 0, total)
	out = append(out, ls[0])
	for i := 1; i < len(ls); i++ {
		l := newLeg(ls[i-1], ls[i])
		for k := 1; k < steps[i]; k++ {
			out = append(out, l.at(float64(k)/float64(steps[i])))
		}
		out = append(out, ls[i])
	}
	return out, nil
}

// splitAntipodes returns ls with a midpoint in every leg between antipodes,
// which no single great circle joins: the leg goes by a point 90° from both.
func splitAntipodes(ls orb.LineString) orb.LineString {
	var out orb.LineString
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		antipodes := centralAngle(a, b) >= math.Pi-1e-9
		if antipodes && out == nil {
			out = append(orb.LineString{}, ls[:i]...)
		}
		if out == nil {
			continue
		}
		if antipodes {
			mid := orb.Point{a.Lon(), 0}
			if math.Abs(a.Lat()) < 90-1e-9 {
				mid = orb.Point{math.Remainder(a.Lon()+90, 360), 0}
			}
			out = append(out, mid)
		}
		out = append(out, b)
	}
	if out == nil {
		return ls
	}
	return out
}

// Length returns the great-circle length of ls in metres.
func Length(ls orb.LineString) float64 {
	var sum float64
	for i := 1; i < len(ls); i++ {
		sum += centralAngle(ls[i-1], ls[i]) * EarthRadius
	}
	return sum
}

// centralAngle is the angle in radians between two points seen from the
// Earth's centre (the haversine formula, stable for short distances).
func centralAngle(a, b orb.Point) float64 {
	lat1, lat2 := rad(a.Lat()), rad(b.Lat())
	dLat, dLon := lat2-lat1, rad(b.Lon()-a.Lon())
	h := sq(math.Sin(dLat/2)) + math.Cos(lat1)*math.Cos(lat2)*sq(math.Sin(dLon/2))
	return 2 * math.Asin(math.Min(1, math.Sqrt(h)))
}

// leg is a great-circle arc from a to b, with what every point on it
// shares worked out once: the ends as unit vectors, the angle between them.
type leg struct {
	a                      orb.Point
	angle, sin             float64
	ax, ay, az, bx, by, bz float64
}

func newLeg(a, b orb.Point) leg {
	l := leg{a: a, angle: centralAngle(a, b)}
	l.sin = math.Sin(l.angle)
	l.ax, l.ay, l.az = unit(a)
	l.bx, l.by, l.bz = unit(b)
	return l
}

// at returns the point a fraction f of the way along the leg (spherical
// linear interpolation of unit vectors).
func (l *leg) at(f float64) orb.Point {
	if l.angle == 0 {
		return l.a
	}
	wa, wb := math.Sin((1-f)*l.angle)/l.sin, math.Sin(f*l.angle)/l.sin
	x, y, z := wa*l.ax+wb*l.bx, wa*l.ay+wb*l.by, wa*l.az+wb*l.bz
	return orb.Point{deg(math.Atan2(y, x)), deg(math.Atan2(z, math.Hypot(x, y)))}
}

func unit(p orb.Point) (x, y, z float64) {
	lat, lon := rad(p.Lat()), rad(p.Lon())
	return math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)
}

func rad(d float64) float64 { return d * math.Pi / 180 }
func deg(r float64) float64 { return r * 180 / math.Pi }
func sq(x float64) float64  { return x * x }
