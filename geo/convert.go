package geo

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

// ErrUnsupportedGeometry is returned for geometry an event cannot have.
var ErrUnsupportedGeometry = errors.New("geo: unsupported geometry")

// ToGeom converts an event's orb geometry to go-geom, whose encoders write
// KML and WKT. orb stays the model everywhere else.
func ToGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}), nil
	case orb.LineString:
		flat := make([]float64, 0, 2*len(g))
		for _, p := range g {
			flat = append(flat, p[0], p[1])
		}
		return geom.NewLineStringFlat(geom.XY, flat), nil
	default:
		return nil, fmt.Errorf("%w: %T", ErrUnsupportedGeometry, g)
	}
}
