package geo_test

import (
	"math"
	"testing"

	"chronomap/geo"

	"github.com/paulmach/orb"
)

func TestDensifyLength(t *testing.T) {
	tests := map[string]struct {
		a, b orb.Point
		km   float64 // reference distance
	}{
		// Reference distances are geodesics on the WGS 84 ellipsoid (Vincenty).
		"equator to pole": {orb.Point{0, 0}, orb.Point{0, 90}, 10001.966},
		"quarter equator": {orb.Point{0, 0}, orb.Point{90, 0}, 10018.754},
		// Damascus (DAM) to Baghdad (BGW) airports.
		"Damascus–Baghdad": {orb.Point{36.5156, 33.4114}, orb.Point{44.2346, 33.2625}, 718.64},
		// New York (JFK) to London (LHR).
		"New York–London": {orb.Point{-73.7781, 40.6413}, orb.Point{-0.4543, 51.4700}, 5554.91},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ls := densify(t, orb.LineString{tc.a, tc.b})
			if ls[0] != tc.a || ls[len(ls)-1] != tc.b {
				t.Fatalf("ends moved: %v … %v", ls[0], ls[len(ls)-1])
			}
			km := geo.Length(ls) / 1000
			if rel := math.Abs(km-tc.km) / tc.km; rel > 0.005 {
				t.Errorf("length = %.1f km, want %.1f km within 0.5%% (off by %.2f%%)", km, tc.km, rel*100)
			}
			for i := 1; i < len(ls); i++ {
				if step := geo.Length(ls[i-1 : i+1]); step > geo.MaxStep*1.0001 {
					t.Fatalf("segment %d is %.0f m, longer than MaxStep", i, step)
				}
			}
		})
	}
}

// A great circle from New York to London bows north of both ends: the
// densified track must too, unlike a straight line in lon/lat.
func TestDensifyFollowsGreatCircle(t *testing.T) {
	ls := densify(t, orb.LineString{{-73.7781, 40.6413}, {-0.4543, 51.4700}})
	var north float64
	for _, p := range ls {
		north = math.Max(north, p.Lat())
	}
	if north < 52 {
		t.Errorf("northernmost point %.2f°N, want the arc above 52°N", north)
	}
}

func TestDensifyLeavesOthersAlone(t *testing.T) {
	p := orb.Point{44.2, 33.3}
	if got, err := geo.Densify(p); got != p || err != nil {
		t.Errorf("Densify(point) = %v, %v", got, err)
	}
	short := orb.LineString{{44, 33}, {44.01, 33}}
	if got := densify(t, short); len(got) != 2 {
		t.Errorf("a 1 km leg got %d points, want 2", len(got))
	}
}

// A file of a few kilobytes must not make a track of millions of vertices
// (issue 9): a zigzag between (0,0) and (179,0) is refused at once.
func TestDensifyRefusesHugeTracks(t *testing.T) {
	zigzag := orb.LineString{}
	for i := 0; i < 4500; i++ {
		zigzag = append(zigzag, orb.Point{float64(179 * (i % 2)), 0})
	}
	if g, err := geo.Densify(zigzag); err == nil {
		t.Fatalf("zigzag densified to %d vertices, want it refused", len(g.(orb.LineString)))
	}
}

// Antipodes are joined by no single great circle: the track goes by a point
// 90° from both and keeps what follows.
func TestDensifyAntipodes(t *testing.T) {
	ls := densify(t, orb.LineString{{0, -90}, {0, 90}, {10, 80}})
	if end := ls[len(ls)-1]; end != (orb.Point{10, 80}) {
		t.Errorf("ends at %v, want [10 80]", end)
	}
	for i := 1; i < len(ls); i++ {
		if step := geo.Length(ls[i-1 : i+1]); step > geo.MaxStep*1.0001 || math.IsNaN(step) {
			t.Fatalf("segment %d is %.0f m", i, step)
		}
	}
}

func densify(t *testing.T, ls orb.LineString) orb.LineString {
	t.Helper()
	g, err := geo.Densify(ls)
	if err != nil {
		t.Fatal(err)
	}
	return g.(orb.LineString)
}

func BenchmarkDensify(b *testing.B) {
	ls := orb.LineString{{36.5156, 33.4114}, {40, 34}, {44.2346, 33.2625}}
	b.ReportAllocs()
	for b.Loop() {
		geo.Densify(ls)
	}
}
