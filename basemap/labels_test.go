package basemap

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestLabelPoint(t *testing.T) {
	tests := []struct {
		name string
		poly orb.Polygon
		want orb.Point // zero: any point inside
	}{{
		name: "square uses its centroid",
		poly: orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}},
		want: orb.Point{1, 1},
	}, {
		// A "C" open to the east: the centroid falls in the gap.
		name: "C shape falls back inside",
		poly: orb.Polygon{{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 9}, {10, 9}, {10, 10}, {0, 10}, {0, 0}}},
	}, {
		name: "ring with a hole around the centroid",
		poly: orb.Polygon{
			{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
			{{2, 2}, {2, 8}, {8, 8}, {8, 2}, {2, 2}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := labelPoint(tt.poly, nil)
			if !planar.PolygonContains(tt.poly, got) {
				t.Errorf("label %v is outside the polygon", got)
			}
			if tt.want != (orb.Point{}) && got != tt.want {
				t.Errorf("label %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuildLabelsLargestFirst(t *testing.T) {
	small := shape{json: []byte(`"S"`), polys: []part{{poly: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}}}
	big := shape{json: []byte(`"B"`), polys: []part{
		{poly: orb.Polygon{{{20, 20}, {21, 20}, {21, 21}, {20, 21}, {20, 20}}}}, // island
		{poly: orb.Polygon{{{0, 10}, {5, 10}, {5, 15}, {0, 15}, {0, 10}}}},      // mainland
	}}
	got := buildLabels([]shape{small, big})
	if string(got[0].json) != `"B"` || got[0].pt != (orb.Point{2.5, 12.5}) || string(got[1].json) != `"S"` {
		t.Errorf("got %s at %v, %s at %v; want B on its mainland first", got[0].json, got[0].pt, got[1].json, got[1].pt)
	}
}
