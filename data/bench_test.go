package data_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"chronomap/data"
	"chronomap/geo"
	"chronomap/synth"

	"github.com/paulmach/orb"
)

// benchSizes are the dataset sizes the benchmarks run at; -bench with a
// pattern such as 'Load/1000000' picks one.
var benchSizes = []int{10000, 100000, 1000000}

var loadOptions = data.Options{Geometry: geo.Densify, Precision: geo.Precision}

// synthetic returns n generated events in the format named by ext.
func synthetic(b *testing.B, n int, ext string) []byte {
	b.Helper()
	var buf bytes.Buffer
	write := synth.WriteGeoJSON
	if ext == ".csv" {
		write = synth.WriteCSV
	}
	if err := write(&buf, synth.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkRead(b *testing.B) {
	for _, ext := range []string{".geojson", ".csv"} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/%d", ext[1:], n), func(b *testing.B) {
				raw := synthetic(b, n, ext)
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if _, err := data.Read(context.Background(), "bench"+ext, bytes.NewReader(raw), loadOptions); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkQuery times each kind of query the API answers, with the
// default page of 100, on synthetic datasets.
func BenchmarkQuery(b *testing.B) {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			b.Fatal(err)
		}
		return t
	}
	kinds := []struct {
		name   string
		filter data.Filter
		offset int
	}{
		{"hour", data.Filter{From: at("2020-02-10T12:00:00Z"), To: at("2020-02-10T13:00:00Z")}, 0},
		{"bbox", data.Filter{BBoxes: []orb.Bound{{Min: orb.Point{44.3, 33.3}, Max: orb.Point{44.4, 33.4}}}}, 0},
		{"category-day", data.Filter{From: at("2020-02-10T00:00:00Z"), To: at("2020-02-11T00:00:00Z"),
			Categories: map[string]bool{"protest": true}}, 0},
		{"deep-offset", data.Filter{}, -100},
		{"deep-offset-day", data.Filter{From: at("2020-02-10T00:00:00Z"), To: at("2020-02-11T00:00:00Z")}, -100},
		{"text", data.Filter{Text: "convoy near basra"}, 0},
	}
	for _, n := range benchSizes {
		ds, err := data.Read(context.Background(), "bench.csv", bytes.NewReader(synthetic(b, n, ".csv")), loadOptions)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range kinds {
			b.Run(fmt.Sprintf("%s/%d", k.name, n), func(b *testing.B) {
				offset := k.offset
				if offset < 0 {
					matched, _ := ds.Query(k.filter, 0, 0)
					offset = max(0, matched+offset)
				}
				b.ReportAllocs()
				for b.Loop() {
					ds.Query(k.filter, offset, 100)
				}
			})
		}
	}
}
