package basemap

import (
	"testing"

	"github.com/paulmach/orb"
)

func BenchmarkLoad(b *testing.B) {
	fsys := assetsFS(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

var benchViews = []struct {
	name string
	zoom int
	bbox orb.Bound
}{
	{"z2-world", 2, bound(-180, -90, 180, 90)},
	{"z6-middle-east", 6, bound(38, 29, 52, 38)},
	{"z12-baghdad", 12, bound(44.33, 33.27, 44.41, 33.36)},
}

// BenchmarkLayerCold measures a cache miss: clip, encode and store.
func BenchmarkLayerCold(b *testing.B) {
	bm := loadBasemap(b)
	for _, v := range benchViews {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bm.cache.clear()
				b.SetBytes(int64(len(bm.Layer(v.zoom, v.bbox))))
			}
		})
	}
}

// BenchmarkLayerWarm measures a cache hit: snap and look up.
func BenchmarkLayerWarm(b *testing.B) {
	bm := loadBasemap(b)
	for _, v := range benchViews {
		b.Run(v.name, func(b *testing.B) {
			bm.Layer(v.zoom, v.bbox)
			b.ReportAllocs()
			for b.Loop() {
				bm.Layer(v.zoom, v.bbox)
			}
		})
	}
}
