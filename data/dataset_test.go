package data_test

import (
	"strings"
	"testing"
	"time"

	"chronomap/data"
	"chronomap/geo"

	"github.com/paulmach/orb"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestQuery(t *testing.T) {
	ds := loadSmall(t)
	iraq := orb.Bound{Min: orb.Point{38, 29}, Max: orb.Point{49, 38}}
	tests := map[string]struct {
		filter func() data.Filter
		want   string
	}{
		"everything": {func() data.Filter { return data.Filter{} }, "flight strike missiles house-vote"},
		"instant hits an interval event": {func() data.Filter {
			at := mustTime(t, "2020-01-08T02:00:00+03:00")
			return data.Filter{From: at, To: at}
		}, "missiles"},
		"instant at a start": {func() data.Filter {
			at := mustTime(t, "2020-01-02T21:47:00Z")
			return data.Filter{From: at, To: at}
		}, "strike"},
		"open start": {func() data.Filter { return data.Filter{To: mustTime(t, "2020-01-03T00:00:00+03:00")} }, "flight"},
		"open end":   {func() data.Filter { return data.Filter{From: mustTime(t, "2020-01-08T02:45:00+03:00")} }, "missiles house-vote"},
		"bbox":       {func() data.Filter { return data.Filter{BBoxes: []orb.Bound{iraq}} }, "flight strike missiles"},
		"bbox touching only a track": {func() data.Filter {
			return data.Filter{BBoxes: []orb.Bound{{Min: orb.Point{36, 33}, Max: orb.Point{37, 34}}}}
		}, "flight"},
		"bbox inside a track's bounds but off its line": {func() data.Filter {
			return data.Filter{BBoxes: []orb.Bound{{Min: orb.Point{37, 33.8}, Max: orb.Point{38, 34.5}}}}
		}, ""},
		"categories": {func() data.Filter {
			return data.Filter{Categories: map[string]bool{"strike": true, "politics": true}}
		}, "strike house-vote"},
		"text in place, any case": {func() data.Filter { return data.Filter{Text: "AL ASAD"} }, "missiles"},
		"text in summary":         {func() data.Filter { return data.Filter{Text: "midnight"} }, "strike"},
		"all together": {func() data.Filter {
			return data.Filter{From: mustTime(t, "2020-01-01T00:00:00Z"), To: mustTime(t, "2020-01-31T00:00:00Z"),
				BBoxes: []orb.Bound{iraq}, Categories: map[string]bool{"missile-attack": true}, Text: "base"}
		}, "missiles"},
		"nothing": {func() data.Filter { return data.Filter{Text: "zzz"} }, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var ids []string
			f := tc.filter()
			for row := range ds.Rows(f) {
				ids = append(ids, ds.ID(row))
			}
			matched, page := ds.Query(f, 0, 2)
			if matched != len(ids) || len(page) != min(2, len(ids)) {
				t.Errorf("Query counts %d and pages %d, want %d and %d", matched, len(page), len(ids), min(2, len(ids)))
			}
			if got := strings.Join(ids, " "); got != tc.want {
				t.Errorf("Query = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRecordRoundTrip: every event of the embedded dataset, made into a
// Record (as a database row holds it) and back, encodes to the same feature.
func TestRecordRoundTrip(t *testing.T) {
	opts := data.Options{Geometry: geo.Densify, Precision: geo.Precision}
	odd := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[44.1,33.2],[51.3,35.7]]},
		"properties":{"id":"odd","title":"T\u00e9l\u00e9","summary":"s","category":"aviation","place":"p","start":"2020-01-08T01:34:00.000+03:00",
		"end":"2020-01-08T03:34:00Z","time_precision":"minute","location_precision":"exact","killed":5.0,"injured":3,"note":null,
		"figures":[{"label":"x","value":1e2}],"sources":[{"url":"https://e.org","title":"t","publisher":"p"}],"custom":{"b":1,"a":[true]}}}]}`
	for _, file := range []struct {
		name string
		b    []byte
	}{{data.DefaultFile, data.Default()}, {"odd.geojson", []byte(odd)}} {
		roundTrip(t, file.name, file.b, opts)
	}
}

func roundTrip(t *testing.T, name string, b []byte, opts data.Options) {
	ds, err := data.Load(name, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	for row := range ds.Len() {
		r := data.NewRecord(ds.Event(row))
		_, got, err := r.Feature(opts)
		if err != nil {
			t.Fatalf("%s: %v", ds.ID(row), err)
		}
		if want := ds.Feature(row); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", ds.ID(row), got, want)
		}
	}
}
