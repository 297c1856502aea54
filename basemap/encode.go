package basemap

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// writer encodes a GeoJSON FeatureCollection by hand so that coordinates
// are rounded to the zoom's precision and written in their shortest form
// (orb/geojson writes every float64 digit), and rings that rounding
// collapses are dropped.
type writer struct {
	buf   []byte
	scale float64 // 10^decimals
	n     int     // features written
}

// start begins the collection; buf may hold a reused buffer.
func (w *writer) start(decimals int, box orb.Bound) {
	w.scale = math.Pow10(decimals)
	// bbox (RFC 7946 §5) tells the client which area the answer covers.
	w.buf = append(w.buf, `{"type":"FeatureCollection","bbox":[`...)
	for i, v := range [4]float64{box.Min[0], box.Min[1], box.Max[0], box.Max[1]} {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = w.num(w.buf, v)
	}
	w.buf = append(w.buf, `],"features":[`...)
}

// round is monotonic and maps a decimal-exact value onto itself, so
// coordinates inside a snapped bbox stay inside it.
func (w *writer) round(v float64) float64 {
	v = math.Round(v*w.scale) / w.scale
	if v == 0 {
		return 0 // no "-0"
	}
	return v
}

func (w *writer) num(buf []byte, v float64) []byte {
	return strconv.AppendFloat(buf, w.round(v), 'f', -1, 64)
}

func (w *writer) featureStart(kind string, name []byte, geomType string) {
	if w.n > 0 {
		w.buf = append(w.buf, ',')
	}
	w.buf = append(w.buf, `{"type":"Feature","properties":{"kind":"`...)
	w.buf = append(w.buf, kind...)
	w.buf = append(w.buf, `","name":`...)
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `},"geometry":{"type":"`...)
	w.buf = append(w.buf, geomType...)
	w.buf = append(w.buf, `","coordinates":`...)
}

// country writes one MultiPolygon feature; it writes nothing when every
// polygon collapses after rounding.
func (w *writer) country(name []byte, mp orb.MultiPolygon) {
	mark := len(w.buf)
	w.featureStart("country", name, "MultiPolygon")
	w.buf = append(w.buf, '[')
	polys := 0
	for _, p := range mp {
		m := len(w.buf)
		if polys > 0 {
			w.buf = append(w.buf, ',')
		}
		if w.polygon(p) {
			polys++
		} else {
			w.buf = w.buf[:m]
		}
	}
	if polys == 0 {
		w.buf = w.buf[:mark]
		return
	}
	w.buf = append(w.buf, "]}}"...)
	w.n++
}

// polygon writes [[ring],…]; it reports false, leaving junk for the
// caller to cut, when the exterior ring collapses.
func (w *writer) polygon(p orb.Polygon) bool {
	w.buf = append(w.buf, '[')
	for i, r := range p {
		m := len(w.buf)
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		if !w.ring(r) {
			if i == 0 {
				return false
			}
			w.buf = w.buf[:m]
		}
	}
	w.buf = append(w.buf, ']')
	return true
}

// ring writes the rounded ring without repeated points; it rolls back and
// reports false when fewer than 4 positions remain.
func (w *writer) ring(r orb.Ring) bool {
	mark := len(w.buf)
	w.buf = append(w.buf, '[')
	var prev orb.Point
	n := 0
	for _, pt := range r {
		q := orb.Point{w.round(pt[0]), w.round(pt[1])}
		if n > 0 && q == prev {
			continue
		}
		if n > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, '[')
		w.buf = strconv.AppendFloat(w.buf, q[0], 'f', -1, 64)
		w.buf = append(w.buf, ',')
		w.buf = strconv.AppendFloat(w.buf, q[1], 'f', -1, 64)
		w.buf = append(w.buf, ']')
		prev = q
		n++
	}
	if n < 4 {
		w.buf = w.buf[:mark]
		return false
	}
	w.buf = append(w.buf, ']')
	return true
}

// label writes one Point feature.
func (w *writer) label(name []byte, pt orb.Point) {
	w.featureStart("label", name, "Point")
	w.buf = append(w.buf, '[')
	w.buf = w.num(w.buf, pt[0])
	w.buf = append(w.buf, ',')
	w.buf = w.num(w.buf, pt[1])
	w.buf = append(w.buf, "]}}"...)
	w.n++
}

// bytes closes the collection and returns it.
func (w *writer) bytes() []byte {
	w.buf = append(w.buf, "]}"...)
	return w.buf
}
