package basemap

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"
)

func TestWriter(t *testing.T) {
	tests := []struct {
		name     string
		decimals int
		mp       orb.MultiPolygon
		labels   []orb.Point
		want     string
	}{{
		name:     "rounded, repeated points dropped, no -0",
		decimals: 2,
		mp: orb.MultiPolygon{{{
			{-0.001, 0}, {1.004, 0}, {1.001, 0.002}, {1, 1}, {0, 1}, {-0.001, 0},
		}}},
		labels: []orb.Point{{0.5049, 0.5}},
		want: `{"type":"FeatureCollection","bbox":[0,0,1,1],"features":[` +
			`{"type":"Feature","properties":{"kind":"country","name":"X"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}},` +
			`{"type":"Feature","properties":{"kind":"label","name":"X"},"geometry":{"type":"Point","coordinates":[0.5,0.5]}}]}`,
	}, {
		name:     "collapsed polygon and hole are dropped",
		decimals: 2,
		mp: orb.MultiPolygon{
			{{{0, 0}, {0.001, 0}, {0.001, 0.001}, {0, 0}}},
			{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {{0.5, 0.2}, {0.501, 0.2}, {0.5, 0.201}, {0.5, 0.2}}},
		},
		want: `{"type":"FeatureCollection","bbox":[0,0,1,1],"features":[` +
			`{"type":"Feature","properties":{"kind":"country","name":"X"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}`,
	}, {
		name:     "nothing left writes no feature",
		decimals: 1,
		mp:       orb.MultiPolygon{{{{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0}}}},
		want:     `{"type":"FeatureCollection","bbox":[0,0,1,1],"features":[]}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w writer
			w.start(tt.decimals, bound(0, 0, 1, 1))
			w.country([]byte(`"X"`), tt.mp)
			for _, pt := range tt.labels {
				w.label([]byte(`"X"`), pt)
			}
			got := w.bytes()
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Error("invalid JSON")
			}
		})
	}
}
