package basemap

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestDecodeTopology(t *testing.T) {
	// The square A(10,20) B(11,20) C(11,22) D(10,22), counterclockwise.
	squareWant := orb.MultiPolygon{{{{10, 20}, {11, 20}, {11, 22}, {10, 22}, {10, 20}}}}
	tests := []struct {
		name string
		doc  string
		want map[string]orb.MultiPolygon
	}{{
		// Arc 0 is A→B→C; arc 1 is A→D→C, used reversed (~1 = -2) as C→D→A.
		// Quantized: x = q*0.5+10, y = q*2+20, positions delta-encoded.
		name: "quantized with reversed arc",
		doc: `{"type":"Topology","transform":{"scale":[0.5,2],"translate":[10,20]},
			"arcs":[[[0,0],[2,0],[0,1]],[[0,0],[0,1],[2,0]]],
			"objects":{"countries":{"type":"GeometryCollection","geometries":[
				{"type":"Polygon","arcs":[[0,-2]],"properties":{"name":"Square"}}]}}}`,
		want: map[string]orb.MultiPolygon{"Square": squareWant},
	}, {
		name: "absolute arcs, clockwise exterior turned counterclockwise",
		doc: `{"type":"Topology","arcs":[[[10,20],[10,22],[11,22],[11,20],[10,20]]],
			"objects":{"countries":{"type":"GeometryCollection","geometries":[
				{"type":"Polygon","arcs":[[0]],"properties":{"name":"Square"}}]}}}`,
		want: map[string]orb.MultiPolygon{"Square": squareWant},
	}, {
		name: "multipolygon with a hole, other types skipped",
		doc: `{"type":"Topology","arcs":[
				[[0,0],[4,0],[4,4],[0,4],[0,0]],
				[[1,1],[2,1],[2,2],[1,2],[1,1]],
				[[10,10],[11,10],[11,11],[10,10]]],
			"objects":{"countries":{"type":"GeometryCollection","geometries":[
				{"type":"MultiPolygon","arcs":[[[0],[1]],[[2]]],"properties":{"name":"Holed"}},
				{"type":"LineString","arcs":[0],"properties":{"name":"Line"}},
				{"type":null,"properties":{"name":"Nothing"}}]}}}`,
		want: map[string]orb.MultiPolygon{"Holed": {
			{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}},
			{{{10, 10}, {11, 10}, {11, 11}, {10, 10}}},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topo, err := decodeTopology([]byte(tt.doc), "countries")
			if err != nil {
				t.Fatal(err)
			}
			shapes := buildShapes(topo, 0)
			if len(shapes) != len(tt.want) {
				t.Fatalf("got %d shapes, want %d", len(shapes), len(tt.want))
			}
			for _, s := range shapes {
				var got orb.MultiPolygon
				for _, p := range s.polys {
					got = append(got, p.poly)
				}
				if want, ok := tt.want[s.name]; !ok || !got.Equal(want) {
					t.Errorf("%s = %v, want %v", s.name, got, want)
				}
			}
		})
	}
}

func TestDecodeTopologyErrors(t *testing.T) {
	const objs = `"objects":{"countries":{"type":"GeometryCollection","geometries":[` +
		`{"type":"Polygon","arcs":[[0]],"properties":{"name":"X"}}]}}`
	tests := []struct {
		name, doc, want string
	}{
		{"not json", `{"type":`, "unexpected end"},
		{"not a topology", `{"type":"FeatureCollection"}`, "want Topology"},
		{"no such object", `{"type":"Topology","arcs":[],"objects":{}}`, `no object "countries"`},
		{"arc index out of range", `{"type":"Topology","arcs":[],` + objs + `}`, "out of range"},
		{"short position", `{"type":"Topology","arcs":[[[1],[2]]],` + objs + `}`, "position with 1 values"},
		{"short arc", `{"type":"Topology","arcs":[[[1,2]]],` + objs + `}`, "arc 0 has 1 positions"},
		{"bad number", `{"type":"Topology","arcs":[[[1,2],[1,"a"]]],` + objs + `}`, "number at byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeTopology([]byte(tt.doc), "countries")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseArcsNumbers(t *testing.T) {
	arcs, err := parseArcs([]byte(` [ [ [-1.5e1, 2.25] , [3, -4E-1] ] ] `), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := orb.LineString{{-15, 2.25}, {3, -0.4}}
	if len(arcs) != 1 || !arcs[0].Equal(want) {
		t.Errorf("got %v, want [%v]", arcs, want)
	}
}
