package server_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"chronomap/data"
	"chronomap/geo"
	"chronomap/server"
	"chronomap/synth"
)

// TestRandomQueries asks a collection of 3,000 generated events, enough
// for every index the store has (space, time, category, text) to be
// chosen, random combinations of every items parameter: each answer is a
// 200 or a 400 naming a parameter, never a 500. A wide box with text once
// answered 500 here.
func TestRandomQueries(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.WriteGeoJSON(&buf, synth.Options{N: 3000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	ds, err := data.Load("random.geojson", buf.Bytes(), data.Options{Geometry: geo.Densify})
	if err != nil {
		t.Fatal(err)
	}
	e, err := server.New(server.Config{
		Collections: []server.Collection{{ID: "random", Store: data.NewMemStore(ds)}},
		Assets:      fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var cats []string
	for _, c := range ds.Meta.Categories {
		cats = append(cats, c.ID)
	}
	first, last := ds.Interval()
	rnd := rand.New(rand.NewPCG(3, 4))
	pick := func(options ...string) string { return options[rnd.IntN(len(options))] }
	for range 1500 {
		v := url.Values{}
		if rnd.IntN(2) == 0 {
			lon, lat := 30+rnd.Float64()*34, 10+rnd.Float64()*30
			w := []float64{0.01, 0.1, 1, 5, 20, 40}[rnd.IntN(6)]
			v.Set("bbox", fmt.Sprintf("%.3f,%.3f,%.3f,%.3f", lon, lat, lon+w, lat+w))
		}
		if rnd.IntN(2) == 0 {
			from := first.Add(time.Duration(rnd.Int64N(int64(last.Sub(first))+int64(48*time.Hour))) - 24*time.Hour)
			to := from.Add([]time.Duration{time.Hour, 24 * time.Hour, 30 * 24 * time.Hour, 200 * 24 * time.Hour}[rnd.IntN(4)])
			const iso = "2006-01-02T15:04:05Z"
			v.Set("datetime", pick(from.UTC().Format(iso)+"/"+to.UTC().Format(iso), from.UTC().Format("2006-01-02"),
				"../"+to.UTC().Format(iso), from.UTC().Format(iso)+"/.."))
		}
		if rnd.IntN(3) == 0 {
			chosen := make([]string, 1+rnd.IntN(3))
			for i := range chosen {
				chosen[i] = cats[rnd.IntN(len(cats))]
			}
			v.Set("category", strings.Join(chosen, ","))
		}
		if rnd.IntN(3) == 0 {
			v.Set("q", pick("basra", "near t", "rocket", "event 1", "zzz", "a", "drone near"))
		}
		if rnd.IntN(3) == 0 {
			v.Set("limit", pick("1", "10", "100", "1000", "10000"))
		}
		if rnd.IntN(3) == 0 {
			v.Set("offset", pick("0", "5", "100", "2999", "5000"))
		}
		if rnd.IntN(8) == 0 {
			v.Set("f", pick("csv", "json", "kml", "gpx"))
		}
		target := "/api/collections/random/items?" + v.Encode()
		r := get(t, e, target)
		switch r.Code {
		case http.StatusOK:
		case http.StatusBadRequest:
			if body := r.json(t); !strings.HasPrefix(fmt.Sprint(body["description"]), "parameter") {
				t.Errorf("%s: 400 that names no parameter: %s", target, r.Body)
			}
		default:
			t.Fatalf("%s: %d %s", target, r.Code, r.Body)
		}
	}
}
