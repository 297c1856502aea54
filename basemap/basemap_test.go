package basemap

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// assetsFS returns the web assets as the server embeds them, or npm's
// copy in the same layout when `make vendor` has not run yet.
func assetsFS(tb testing.TB) fs.FS {
	tb.Helper()
	files := []string{"countries-110m.json", "countries-50m.json", "countries-10m.json"}
	static := os.DirFS("../web/static")
	if _, err := fs.Stat(static, path.Join(Dir, files[0])); err == nil {
		return static
	}
	m := fstest.MapFS{}
	for _, name := range files {
		data, err := os.ReadFile("../web/node_modules/world-atlas/" + name)
		if err != nil {
			tb.Fatalf("world-atlas missing (run `make vendor`): %v", err)
		}
		m[path.Join(Dir, name)] = &fstest.MapFile{Data: data}
	}
	return m
}

// shared is one Load for all tests: under -race it takes seconds.
var shared struct {
	once sync.Once
	bm   *Basemap
	err  error
}

func loadBasemap(tb testing.TB) *Basemap {
	tb.Helper()
	fsys := assetsFS(tb)
	shared.once.Do(func() { shared.bm, shared.err = Load(fsys) })
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.bm
}

func TestLoadLabelsInsideCountries(t *testing.T) {
	b := loadBasemap(t)
	for _, z := range []int{0, 3, 6, 12} {
		for _, name := range []string{"Iraq", "Iran", "Syria"} {
			var mp orb.MultiPolygon
			for _, s := range b.levelShapes(z) {
				if s.name == name {
					for _, p := range s.polys {
						mp = append(mp, p.poly)
					}
				}
			}
			var pt *orb.Point
			for _, l := range b.levels[z].labels {
				if string(l.json) == `"`+name+`"` {
					pt = &l.pt
				}
			}
			switch {
			case mp == nil || pt == nil:
				t.Errorf("z%d: %s missing (polygons %d, label %v)", z, name, len(mp), pt)
			case !planar.MultiPolygonContains(mp, *pt):
				t.Errorf("z%d: %s label %v is outside it", z, name, *pt)
			}
		}
	}
}

func TestLoadErrors(t *testing.T) {
	good := assetsFS(t)
	tests := []struct {
		name   string
		file   string
		data   []byte // nil: file removed
		want   string
		wantIs error
	}{
		{"missing file", "countries-50m.json", nil, "basemap: countries-50m.json: ", fs.ErrNotExist},
		{"corrupt file", "countries-10m.json", []byte(`{"type":"Topology","arcs":[[[0,0],[1`), "basemap: countries-10m.json: ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{}
			for _, name := range []string{"countries-110m.json", "countries-50m.json", "countries-10m.json"} {
				data, err := fs.ReadFile(good, path.Join(Dir, name))
				if err != nil {
					t.Fatal(err)
				}
				m[path.Join(Dir, name)] = &fstest.MapFile{Data: data}
			}
			delete(m, path.Join(Dir, tt.file))
			if tt.data != nil {
				m[path.Join(Dir, tt.file)] = &fstest.MapFile{Data: tt.data}
			}
			_, err := Load(m)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Load error %v, want prefix %q (is %v)", err, tt.want, tt.wantIs)
			}
		})
	}
}

// collection is the decoded Layer output.
type collection struct {
	Type     string    `json:"type"`
	BBox     []float64 `json:"bbox"`
	Features []struct {
		Type       string `json:"type"`
		Properties struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// checkCollection decodes a Layer answer, checks its structure and that
// every position lies in its bbox, and returns "kind:name" per feature.
func checkCollection(t *testing.T, data []byte) (orb.Bound, map[string]bool) {
	t.Helper()
	var fc collection
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if fc.Type != "FeatureCollection" || len(fc.BBox) != 4 {
		t.Fatalf("type %q bbox %v", fc.Type, fc.BBox)
	}
	box := bound(fc.BBox[0], fc.BBox[1], fc.BBox[2], fc.BBox[3])
	seen := map[string]bool{}
	for _, f := range fc.Features {
		seen[f.Properties.Kind+":"+f.Properties.Name] = true
		var positions []orb.Point
		switch k, g := f.Properties.Kind, f.Geometry.Type; {
		case k == "country" && g == "MultiPolygon":
			var mp orb.MultiPolygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
				t.Fatalf("%s: %v", f.Properties.Name, err)
			}
			for _, p := range mp {
				for _, r := range p {
					if len(r) < 4 || !r.Closed() {
						t.Errorf("%s: ring of %d positions, closed %v", f.Properties.Name, len(r), r.Closed())
					}
					positions = append(positions, r...)
				}
			}
		case k == "label" && g == "Point":
			var pt orb.Point
			if err := json.Unmarshal(f.Geometry.Coordinates, &pt); err != nil {
				t.Fatalf("%s: %v", f.Properties.Name, err)
			}
			positions = append(positions, pt)
		default:
			t.Fatalf("%s: kind %q with geometry %q", f.Properties.Name, k, g)
		}
		for _, p := range positions {
			if !box.Contains(p) {
				t.Fatalf("%s %s: %v outside bbox %v", f.Properties.Kind, f.Properties.Name, p, box)
			}
		}
	}
	return box, seen
}

func TestLayer(t *testing.T) {
	b := loadBasemap(t)
	tests := []struct {
		name     string
		zoom     int
		bbox     orb.Bound
		want     []string
		notWant  []string
		maxBytes int
	}{{
		name: "z6 over Iraq", zoom: 6, bbox: bound(38.8, 29.1, 48.6, 37.4),
		want:     []string{"country:Iraq", "country:Iran", "country:Syria", "label:Iraq", "label:Syria"},
		notWant:  []string{"country:Brazil", "label:Brazil", "label:Iran"}, // Iran's label is east of the area
		maxBytes: 300 << 10,
	}, {
		name: "z6 Middle East", zoom: 6, bbox: bound(38, 29, 52, 38),
		want:     []string{"country:Iraq", "country:Iran", "country:Kuwait", "label:Kuwait"},
		maxBytes: 300 << 10,
	}, {
		name: "z2 world", zoom: 2, bbox: bound(-180, -90, 180, 90),
		want:     []string{"country:Brazil", "country:Iraq", "label:Brazil", "country:Antarctica"},
		maxBytes: 150 << 10,
	}, {
		name: "z0 world", zoom: 0, bbox: bound(-180, -90, 180, 90),
		want:     []string{"country:Iran", "label:Iran"},
		maxBytes: 150 << 10,
	}, {
		name: "z12 Baghdad", zoom: 12, bbox: bound(44.33, 33.27, 44.41, 33.36),
		want:     []string{"country:Iraq"},
		notWant:  []string{"country:Iran", "label:Iraq"},
		maxBytes: 50 << 10,
	}, {
		name: "z9 Geneva", zoom: 9, bbox: bound(5.9, 46.1, 6.4, 46.4),
		want: []string{"country:Switzerland", "country:France"},
	}, {
		name: "north of the Mercator limit", zoom: 4, bbox: bound(0, 86, 10, 89),
		notWant: []string{"country:Greenland"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := b.Layer(tt.zoom, tt.bbox)
			if tt.maxBytes > 0 && len(data) > tt.maxBytes {
				t.Errorf("%d bytes, want at most %d", len(data), tt.maxBytes)
			}
			if tt.bbox.Max[1] > MaxLat && tt.bbox.Min[1] > MaxLat {
				if string(data) != `{"type":"FeatureCollection","features":[]}` {
					t.Errorf("got %.100s…, want an empty collection", data)
				}
				return
			}
			box, seen := checkCollection(t, data)
			if !boundContains(box, clipToWorld(tt.bbox)) {
				t.Errorf("bbox %v does not cover the request %v", box, tt.bbox)
			}
			for _, w := range tt.want {
				if !seen[w] {
					t.Errorf("missing %s", w)
				}
			}
			for _, w := range tt.notWant {
				if seen[w] {
					t.Errorf("unexpected %s", w)
				}
			}
			t.Logf("%d bytes, %d features", len(data), len(seen))
		})
	}
}

func clipToWorld(b orb.Bound) orb.Bound {
	w := worldBound()
	return bound(max(b.Min[0], w.Min[0]), max(b.Min[1], w.Min[1]), min(b.Max[0], w.Max[0]), min(b.Max[1], w.Max[1]))
}

func TestLayerIsStable(t *testing.T) {
	b := loadBasemap(t)
	first := b.Layer(6, bound(38.8, 29.1, 48.6, 37.4))
	again := b.Layer(6, bound(38.8, 29.1, 48.6, 37.4))
	panned := b.Layer(6, bound(38.5, 29.4, 48.9, 37.1)) // same grid cells
	if !bytes.Equal(first, again) || !bytes.Equal(first, panned) {
		t.Error("equal requests gave different bytes")
	}
	b.cache.clear()
	if fresh := b.Layer(6, bound(38.8, 29.1, 48.6, 37.4)); !bytes.Equal(first, fresh) {
		t.Error("re-rendering gave different bytes")
	}
}

func TestLayerClampsZoom(t *testing.T) {
	b := loadBasemap(t)
	box := bound(44, 33, 45, 34)
	for _, tt := range []struct{ zoom, want int }{{-3, MinZoom}, {13, MaxZoom}, {99, MaxZoom}} {
		if !bytes.Equal(b.Layer(tt.zoom, box), b.Layer(tt.want, box)) {
			t.Errorf("Layer(%d) differs from Layer(%d)", tt.zoom, tt.want)
		}
	}
}

func TestLayerConcurrent(t *testing.T) {
	b := loadBasemap(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for z := range 8 {
				lon := float64(30 + i + z)
				b.Layer(z+i%3, bound(lon, 25, lon+5, 35))
			}
		})
	}
	wg.Wait()
}
