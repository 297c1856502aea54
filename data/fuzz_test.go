package data_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"chronomap/data"
)

// checkLoad is the property both loaders keep on any input: no panic; a
// dataset it accepts has events; every refusal is an *InvalidError whose
// problems say where and what.
func checkLoad(t *testing.T, load func(string, []byte, data.Options) (*data.Dataset, error), file string, b []byte) {
	ds, err := load(file, b, data.Options{})
	if err == nil {
		if ds.Len() == 0 {
			t.Fatal("loaded a dataset with no events")
		}
		return
	}
	var inv *data.InvalidError
	if !errors.As(err, &inv) || len(inv.Problems) == 0 {
		t.Fatalf("error %v is not an *InvalidError with problems", err)
	}
	for _, p := range inv.Problems {
		if p.File != file || p.Msg == "" {
			t.Fatalf("problem %+v does not say where and what", p)
		}
		if s := p.String(); strings.ContainsAny(s, "\n\r") {
			t.Fatalf("problem %q is more than one line", s)
		}
	}
}

func FuzzLoad(f *testing.F) {
	small, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{"id":"a","sources":[{}],"figures":[{}]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[4926457.3,3505743.9]},"properties":{"start":"2021-03-23 07:40+0200"}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) { checkLoad(t, data.Load, "fuzz.geojson", b) })
}

func FuzzLoadCSV(f *testing.F) {
	f.Add([]byte("id,title,summary,category,place,start,time_precision,location_precision,lon,lat,source_title,source_publisher,source_url\n" +
		"a,T,S,strike,P,2020-01-03T01:00:00+03:00,hour,exact,44.25,33.26,t,p,https://example.org\n"))
	f.Add([]byte("id,wkt\nb,\"LINESTRING (1 2, 3 4)\"\n"))
	f.Add([]byte("id,lon,lat,figures,killed\nc,1,2,[{\"label\":1}],1.5\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, b []byte) { checkLoad(t, data.LoadCSV, "fuzz.csv", b) })
}
