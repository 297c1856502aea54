package basemap

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func bound(minX, minY, maxX, maxY float64) orb.Bound {
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}
}

func TestSnap(t *testing.T) {
	tests := []struct {
		name   string
		zoom   int
		in     orb.Bound
		want   orb.Bound
		wantOK bool
	}{
		{"z6 Middle East to 5° cells", 6, bound(38, 29, 52, 38), bound(35, 25, 55, 40), true},
		{"z12 Baghdad to 0.05° cells", 12, bound(44.33, 33.27, 44.41, 33.36), bound(44.3, 33.25, 44.45, 33.4), true},
		{"z0 beyond the world is clipped", 0, bound(-400, -90, 400, 90), bound(-180, -MaxLat, 180, MaxLat), true},
		{"antimeridian copy is clipped at 180", 6, bound(170, 10, 190, 20), bound(170, 10, 180, 20), true},
		{"a point gets one cell", 8, bound(44.5, 33.5, 44.5, 33.5), bound(44, 33, 45, 34), true},
		{"edges already on the grid stay", 6, bound(35, 25, 55, 40), bound(35, 25, 55, 40), true},
		{"north of the Mercator limit", 6, bound(0, 86, 10, 89), orb.Bound{}, false},
		{"east of the world", 6, bound(181, 0, 200, 10), orb.Bound{}, false},
		{"inverted", 6, bound(50, 30, 40, 35), orb.Bound{}, false},
		{"NaN", 6, bound(math.NaN(), 0, 10, 10), orb.Bound{}, false},
		{"infinite is the world", 3, bound(math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)), bound(-180, -MaxLat, 180, MaxLat), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := snap(tt.in, tt.zoom)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("snap(%v, %d) = %v, %v; want %v, %v", tt.in, tt.zoom, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestZoomParameters(t *testing.T) {
	tests := []struct {
		zoom, decimals int
		step           float64
		source         string
	}{
		{0, 2, 90, "countries-110m.json"},
		{2, 2, 90, "countries-110m.json"},
		{3, 2, 45, "countries-50m.json"},
		{5, 3, 10, "countries-50m.json"},
		{6, 3, 5, "countries-10m.json"},
		{9, 4, 0.5, "countries-10m.json"},
		{12, 5, 0.05, "countries-10m.json"},
	}
	for _, tt := range tests {
		if d, s, src := decimals(tt.zoom), gridStep(tt.zoom), sourceFor(tt.zoom); d != tt.decimals || s != tt.step || src != tt.source {
			t.Errorf("z%d: decimals %d, step %g, source %s; want %d, %g, %s",
				tt.zoom, d, s, src, tt.decimals, tt.step, tt.source)
		}
	}
	for z := MinZoom; z <= MaxZoom; z++ {
		// Snapped edges must be exact at the zoom's precision.
		if q := gridStep(z) * math.Pow10(decimals(z)); q != math.Round(q) {
			t.Errorf("z%d: step %g is not a multiple of 1e-%d", z, gridStep(z), decimals(z))
		}
	}
}

func TestClampZoom(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{-5, 0}, {0, 0}, {7, 7}, {12, 12}, {19, 12}} {
		if got := clampZoom(tt.in); got != tt.want {
			t.Errorf("clampZoom(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
