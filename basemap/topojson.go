package basemap

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// topology holds the decoded arcs and the polygonal geometries of one
// TopoJSON object, still as arc references so that each zoom level can
// simplify the shared arcs once and keep neighbouring borders identical.
type topology struct {
	arcs    []orb.LineString
	geoms   []topoGeometry
	quantum float64 // smallest quantization step in degrees; 0 if none
}

// topoGeometry is one named geometry: polygons → rings → arc indexes
// (negative index ~i means arc i reversed).
type topoGeometry struct {
	name  string
	polys [][][]int
}

// transform is TopoJSON's quantization transform.
type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type rawTopology struct {
	Type      string                     `json:"type"`
	Transform *transform                 `json:"transform"`
	Arcs      json.RawMessage            `json:"arcs"`
	Objects   map[string]json.RawMessage `json:"objects"`
}

type rawGeometry struct {
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

type rawCollection struct {
	Type       string        `json:"type"`
	Geometries []rawGeometry `json:"geometries"`
}

// decodeTopology decodes the Polygon and MultiPolygon members of the named
// GeometryCollection object; other geometry types are skipped because the
// basemap only fills areas.
func decodeTopology(data []byte, object string) (*topology, error) {
	var raw rawTopology
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Type != "Topology" {
		return nil, fmt.Errorf("type %q, want Topology", raw.Type)
	}
	obj, ok := raw.Objects[object]
	if !ok {
		return nil, fmt.Errorf("no object %q", object)
	}
	var coll rawCollection
	if err := json.Unmarshal(obj, &coll); err != nil {
		return nil, fmt.Errorf("object %q: %w", object, err)
	}
	arcs, err := parseArcs(raw.Arcs, raw.Transform)
	if err != nil {
		return nil, fmt.Errorf("arcs: %w", err)
	}
	t := &topology{arcs: arcs}
	if tr := raw.Transform; tr != nil {
		t.quantum = min(math.Abs(tr.Scale[0]), math.Abs(tr.Scale[1]))
	}
	for i, g := range coll.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			err = json.Unmarshal(g.Arcs, &p)
			polys = [][][]int{p}
		case "MultiPolygon":
			err = json.Unmarshal(g.Arcs, &polys)
		default:
			continue
		}
		if err == nil {
			err = checkArcIndexes(polys, len(arcs))
		}
		if err != nil {
			return nil, fmt.Errorf("geometry %d (%q): %w", i, g.Properties.Name, err)
		}
		t.geoms = append(t.geoms, topoGeometry{name: g.Properties.Name, polys: polys})
	}
	return t, nil
}

// checkArcIndexes validates indexes up front so that stitching, which runs
// once per zoom level, cannot fail.
func checkArcIndexes(polys [][][]int, n int) error {
	for _, p := range polys {
		for _, r := range p {
			if len(r) == 0 {
				return errors.New("empty ring")
			}
			for _, i := range r {
				if i < 0 {
					i = ^i
				}
				if i >= n {
					return fmt.Errorf("arc index %d out of range (%d arcs)", i, n)
				}
			}
		}
	}
	return nil
}

// stitch builds a ring from arcs; each arc after the first starts where the
// previous one ended, so its first point is dropped.
func stitch(arcs []orb.LineString, idx []int) orb.Ring {
	n := 1
	for _, i := range idx {
		if i < 0 {
			i = ^i
		}
		n += len(arcs[i])
	}
	r := make(orb.Ring, 0, n)
	for k, i := range idx {
		skip := 0
		if k > 0 {
			skip = 1
		}
		if i >= 0 {
			r = append(r, arcs[i][min(skip, len(arcs[i])):]...)
			continue
		}
		a := arcs[^i]
		for j := len(a) - 1 - skip; j >= 0; j-- {
			r = append(r, a[j])
		}
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	return r
}
