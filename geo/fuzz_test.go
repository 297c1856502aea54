package geo_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"math"

	"testing"

	"chronomap/data"
	"chronomap/geo"

	"github.com/paulmach/orb"
)

// FuzzDensify: any track is either refused or densified within the vertex
// limit, its ends kept, no leg longer than MaxStep.
func FuzzDensify(f *testing.F) {
	f.Add(36.5, 33.4, 44.2, 33.3, 3)
	f.Add(0.0, 0.0, 179.0, 0.0, 4500)
	f.Add(-180.0, -90.0, 180.0, 90.0, 2)
	f.Fuzz(func(t *testing.T, x1, y1, x2, y2 float64, n int) {
		if n < 2 || n > 10000 || math.Abs(y1) > 90 || math.Abs(y2) > 90 || math.Abs(x1) > 180 || math.Abs(x2) > 180 {
			return
		}
		ls := orb.LineString{}
		for i := range n {
			if i%2 == 0 {
				ls = append(ls, orb.Point{x1, y1})
			} else {
				ls = append(ls, orb.Point{x2, y2})
			}
		}
		g, err := geo.Densify(ls)
		if err != nil {
			return
		}
		out := g.(orb.LineString)
		if len(out) > geo.MaxVertices || out[0] != ls[0] || out[len(out)-1] != ls[len(ls)-1] {
			t.Fatalf("%d vertices, ends %v…%v", len(out), out[0], out[len(out)-1])
		}
		for i := 1; i < len(out); i++ {
			if geo.Length(out[i-1:i+1]) > geo.MaxStep*1.001 {
				t.Fatalf("leg %d longer than MaxStep", i)
			}
		}
	})
}

// FuzzExports: whatever text a valid dataset holds, every export format is
// well-formed (XML parses, CSV reads with the header's width, GeoJSON is JSON).
func FuzzExports(f *testing.F) {
	f.Add("Drone strike", "A strike <b>at</b> night & more", "Baghdad ]]> </description>")
	f.Add("=cmd|' /C calc'!A0", "\x00\x1f\u2028", "\"quoted\", comma")
	f.Fuzz(func(t *testing.T, title, summary, place string) {
		fc := map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{
			"type": "Feature", "geometry": map[string]any{"type": "LineString", "coordinates": [][]float64{{36.5, 33.4}, {44.2, 33.3}}},
			"properties": map[string]any{"id": "e", "title": title, "summary": summary, "place": place, "category": "aviation",
				"start": "2020-01-02T22:30:00+02:00", "end": "2020-01-03T00:32:00+03:00", "time_precision": "hour",
				"location_precision": "exact", "sources": []any{map[string]any{"title": title, "publisher": place, "url": "https://example.org/a"}}},
		}}}
		b, err := json.Marshal(fc)
		if err != nil {
			return
		}
		ds, err := data.Load("fuzz.geojson", b, data.Options{Geometry: geo.Densify, Precision: geo.Precision})
		if err != nil {
			return // the loader refused the text (empty, too long, not UTF-8)
		}
		events := ds.Events(ds.Rows(data.Filter{}))
		for name, write := range map[string]func(io.Writer) error{
			"kml": func(w io.Writer) error { return geo.WriteKML(w, ds.Meta, events) },
			"gpx": func(w io.Writer) error { return geo.WriteGPX(w, ds.Meta, events) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			dec := xml.NewDecoder(&buf)
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s does not parse: %v\n%s", name, err, buf.String())
				}
			}
		}
		var buf bytes.Buffer
		if err := geo.WriteCSV(&buf, events, ds.MaxSources()); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) {
			t.Fatalf("CSV: %v, %d rows", err, len(rows))
		}
		if !json.Valid(ds.Feature(0)) {
			t.Fatalf("feature is not JSON: %s", ds.Feature(0))
		}
	})
}
