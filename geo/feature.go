package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Precision is the rounding factor for output coordinates: 6 decimals, about
// 0.1 m, well inside RFC 7946's advice and the sources' own accuracy. The
// data package rounds the features it encodes by it too.
const Precision = 1e6

// rounded returns a copy of g with its coordinates rounded for output.
func rounded(g orb.Geometry) orb.Geometry { return orb.Round(orb.Clone(g), Precision) }

// BBox returns b as an RFC 7946 bbox [minLon, minLat, maxLon, maxLat],
// rounded outward so that it still contains what it bounds.
func BBox(b orb.Bound) [4]float64 {
	const f = 1e4
	return [4]float64{floor(b.Min.Lon(), f), floor(b.Min.Lat(), f), ceil(b.Max.Lon(), f), ceil(b.Max.Lat(), f)}
}

func floor(x, f float64) float64 { return math.Floor(x*f) / f }
func ceil(x, f float64) float64  { return math.Ceil(x*f) / f }
