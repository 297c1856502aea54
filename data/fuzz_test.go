package data_test

import (
	"errors"
	"os"
	"testing"

	"chronomap/data"
)

// FuzzLoad checks that no input makes the loader panic, and that every
// refusal is an *InvalidError whose problems name the file.
func FuzzLoad(f *testing.F) {
	small, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{"id":"a","sources":[{}],"figures":[{}]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := data.Load("fuzz.geojson", b, data.Options{})
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
			if p.File != "fuzz.geojson" || p.Msg == "" {
				t.Fatalf("problem %+v does not say where and what", p)
			}
		}
	})
}
