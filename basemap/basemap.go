// Package basemap draws the map's background from Natural Earth data.
//
// It reads the world-atlas TopoJSON files (Natural Earth countries at
// 1:110m, 1:50m and 1:10m) once, precomputes per zoom level simplified
// country polygons and label points, and answers viewport requests with
// small GeoJSON FeatureCollections that Leaflet draws without tiles: land
// is the union of the country polygons, sea is the map background, and
// borders are the polygons' outlines.
package basemap

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sync"

	"github.com/paulmach/orb"
)

// Dir is the directory of fsys that Load reads the world-atlas files from.
const Dir = "vendor/world-atlas"

// Basemap serves basemap layers; it is safe for concurrent use.
type Basemap struct {
	levels [MaxZoom + 1]level
	cache  *cache
	bufs   sync.Pool // *[]byte encode buffers, reused across cache misses
}

// level is everything needed to answer requests at one zoom.
type level struct {
	decimals int
	labels   []label // shared by the zooms drawn from the same file
	once     sync.Once
	simplify func() []shape // makes shapes; nil once done
	shapes   []shape
}

// Load reads countries-{110m,50m,10m}.json from Dir in fsys (the web
// assets, where the build copies npm's world-atlas). The shapes simplified
// for a zoom level are made by the level's first request (up to 0.1 s for
// the levels drawn from the 10m file, once), so that Load (about 0.15 s on
// two cores) does not compete with the data's loading, nor the page's
// first requests with the levels it does not show.
func Load(fsys fs.FS) (*Basemap, error) {
	var srcs []*source
	for z := MinZoom; z <= MaxZoom; z++ {
		if len(srcs) == 0 || srcs[len(srcs)-1].name != sourceFor(z) {
			srcs = append(srcs, &source{name: sourceFor(z)})
		}
	}
	errs := make([]error, len(srcs))
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Go(func() {
			data, err := fs.ReadFile(fsys, path.Join(Dir, src.name))
			if err == nil {
				src.topo, err = decodeTopology(data, "countries")
			}
			if err != nil {
				errs[i] = fmt.Errorf("basemap: %s: %w", src.name, err)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	b := &Basemap{cache: newCache(cacheEntries, cacheBytes)}
	for _, src := range srcs {
		wg.Go(func() {
			src.raw = buildShapes(src.topo, 0)
			src.labels = buildLabels(src.raw)
		})
	}
	wg.Wait()
	for z := MinZoom; z <= MaxZoom; z++ {
		src := sourceOf(srcs, z)
		b.levels[z].decimals = decimals(z)
		if !src.shareRaw(z) {
			b.levels[z].simplify = func() []shape { return buildShapes(src.topo, pixelDeg(z)) }
		}
	}
	for z := MinZoom; z <= MaxZoom; z++ {
		src := sourceOf(srcs, z)
		b.levels[z].labels = src.labels
		if src.shareRaw(z) {
			b.levels[z].shapes = src.raw
		}
	}
	return b, nil
}

// levelShapes returns zoom z's shapes, made on first use.
func (b *Basemap) levelShapes(z int) []shape {
	lv := &b.levels[z]
	lv.once.Do(func() {
		if lv.simplify != nil {
			lv.shapes, lv.simplify = lv.simplify(), nil
		}
	})
	return lv.shapes
}

// source is one world-atlas file while Load works on it.
type source struct {
	name   string
	topo   *topology
	raw    []shape // unsimplified
	labels []label
}

// shareRaw reports whether zoom z draws the unsimplified shapes: when a
// pixel is under half the file's quantization step, Douglas–Peucker drops
// only near-collinear points (10% at z11, 5% at z12 of the 10m file), so
// one shared copy saves ~16 MB and a quarter of Load's time.
func (s *source) shareRaw(z int) bool {
	return pixelDeg(z) < s.topo.quantum/2
}

func sourceOf(srcs []*source, z int) *source {
	for _, s := range srcs {
		if s.name == sourceFor(z) {
			return s
		}
	}
	panic("basemap: no source " + sourceFor(z)) // Load lists every zoom's
}

// Layer returns a GeoJSON FeatureCollection (RFC 7946) for a Leaflet zoom
// level and viewport bbox (lon/lat degrees). zoom is clamped to
// [MinZoom, MaxZoom]. bbox is snapped outward to a grid of about one tile
// at that zoom and clipped to [-180,180]×[-MaxLat,MaxLat]; the snapped
// area is the collection's "bbox" member and every coordinate lies in it.
//
// Features are one MultiPolygon per country, {"kind":"country","name":…},
// clipped to the area and simplified to about a pixel, then one Point per
// country whose label point is in the area, {"kind":"label","name":…},
// largest country first. A bbox outside the world (or with NaNs) gives an
// empty collection.
//
// Answers are cached per zoom and snapped bbox, so equal requests return
// identical bytes; callers must not modify them.
func (b *Basemap) Layer(zoom int, bbox orb.Bound) []byte {
	z := clampZoom(zoom)
	box, ok := snap(bbox, z)
	if !ok {
		return []byte(`{"type":"FeatureCollection","features":[]}`)
	}
	k := cacheKey{zoom: z, box: box}
	if v, ok := b.cache.get(k); ok {
		return v
	}
	return b.cache.put(k, b.render(z, box))
}

// render encodes the layer for an already snapped box.
func (b *Basemap) render(z int, box orb.Bound) []byte {
	lv := &b.levels[z]
	shapes := b.levelShapes(z)
	bufp, _ := b.bufs.Get().(*[]byte)
	if bufp == nil {
		bufp = new([]byte)
	}
	w := &writer{buf: (*bufp)[:0]}
	w.start(lv.decimals, box)
	var scratch orb.MultiPolygon
	for i := range shapes {
		s := &shapes[i]
		if !s.bound.Intersects(box) {
			continue
		}
		scratch = clipShape(s, box, scratch)
		if len(scratch) > 0 {
			w.country(s.json, scratch)
		}
	}
	for _, l := range lv.labels {
		if box.Contains(l.pt) {
			w.label(l.json, l.pt)
		}
	}
	out := bytes.Clone(w.bytes()) // exact size: the cache holds it
	*bufp = w.buf
	b.bufs.Put(bufp)
	return out
}
