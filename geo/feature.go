package geo

import (
	"encoding/json"
	"fmt"
	"math"

	"chronomap/data"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Precision is the rounding factor for output coordinates: 6 decimals, about
// 0.1 m, well inside RFC 7946's advice and the sources' own accuracy.
const Precision = 1e6

// feature is the wire form of an event: RFC 7946 with the id both as the
// feature id (for OGC clients) and among the properties (as in the file).
type feature struct {
	Type       string                     `json:"type"`
	ID         string                     `json:"id"`
	Geometry   *geojson.Geometry          `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// EncodeFeature returns ev as a GeoJSON Feature, its coordinates rounded.
func EncodeFeature(ev *data.Event) ([]byte, error) {
	g := rounded(ev.Geometry)
	b, err := json.Marshal(feature{Type: "Feature", ID: ev.ID, Geometry: geojson.NewGeometry(g), Properties: ev.Properties})
	if err != nil {
		return nil, fmt.Errorf("geo: encode feature %q: %w", ev.ID, err)
	}
	return b, nil
}

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
