package data_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"chronomap/data"
	"chronomap/synth"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// The indexes must answer exactly what reading every event answers: for
// random windows, boxes, categories, text and pages, Query and Rows are
// checked against a plain scan.
func TestQueryMatchesScan(t *testing.T) {
	ds, all := syntheticEvents(t, 5000, 7)
	rnd := rand.New(rand.NewPCG(1, 2))
	cats := ds.Meta.Categories
	first, last := ds.Interval()
	span := last.Sub(first)
	for i := range 300 {
		var f data.Filter
		if rnd.IntN(3) > 0 {
			f.From = first.Add(time.Duration(rnd.Int64N(int64(span))))
			f.To = f.From.Add(time.Duration(rnd.Int64N(int64(30 * 24 * time.Hour))))
			switch rnd.IntN(4) {
			case 0:
				f.From = time.Time{}
			case 1:
				f.To = time.Time{}
			}
		}
		if rnd.IntN(3) == 0 {
			lon, lat := 34+rnd.Float64()*26, 13+rnd.Float64()*25
			w := rnd.Float64() * 3
			if rnd.IntN(3) == 0 {
				// Wide enough to hold more than an eighth of the events,
				// where a text filter reads the text arena instead.
				lon, lat, w = 34+rnd.Float64()*8, 13+rnd.Float64()*8, 12+rnd.Float64()*14
			}
			f.BBoxes = []orb.Bound{{Min: orb.Point{lon, lat}, Max: orb.Point{lon + w, lat + w}}}
		}
		if rnd.IntN(3) == 0 {
			f.Categories = map[string]bool{cats[rnd.IntN(len(cats))].ID: true, cats[rnd.IntN(len(cats))].ID: true}
		}
		if rnd.IntN(5) == 0 {
			f.Text = []string{"basra", "ROCKET", "near t", "event 12", "zzz"}[rnd.IntN(5)]
		}
		var want []string
		for _, ev := range all {
			if scanMatch(ev, f) {
				want = append(want, ev.ID)
			}
		}
		var got []string
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("case %d %+v: %v", i, f, r)
				}
			}()
			for row := range ds.Rows(f) {
				got = append(got, ds.ID(row))
			}
		}()
		if !slices.Equal(got, want) {
			t.Fatalf("case %d %+v: Rows gives %d events, a scan %d", i, f, len(got), len(want))
		}
		offset, limit := rnd.IntN(len(want)+2), 1+rnd.IntN(50)
		matched, page := ds.Query(f, offset, limit)
		wantPage := want[min(offset, len(want)):min(offset+limit, len(want))]
		var gotPage []string
		for _, row := range page {
			gotPage = append(gotPage, ds.ID(row))
		}
		if matched != len(want) || !slices.Equal(gotPage, wantPage) {
			t.Fatalf("case %d %+v: Query(%d, %d) = %d, %v; want %d, %v", i, f, offset, limit, matched, gotPage, len(want), wantPage)
		}
	}
}

// syntheticEvents loads n generated events and lists them in order.
func syntheticEvents(t *testing.T, n int, seed uint64) (*data.Dataset, []*data.Event) {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.WriteCSV(&buf, synth.Options{N: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	ds, err := data.Read(context.Background(), "synthetic.csv", &buf, loadOptions)
	if err != nil {
		t.Fatal(err)
	}
	var all []*data.Event
	for ev := range ds.Events(ds.Rows(data.Filter{})) {
		all = append(all, ev)
	}
	return ds, all
}

func scanMatch(ev *data.Event, f data.Filter) bool {
	if !ev.Overlaps(f.From, f.To) || (f.Categories != nil && !f.Categories[ev.Category]) {
		return false
	}
	if f.Text != "" && !bytes.Contains(bytes.ToLower([]byte(ev.Title+"\n"+ev.Summary+"\n"+ev.Place)), bytes.ToLower([]byte(f.Text))) {
		return false
	}
	if f.BBoxes == nil {
		return true
	}
	for _, b := range f.BBoxes {
		switch g := ev.Geometry.(type) {
		case orb.Point:
			if b.Contains(g) {
				return true
			}
		case orb.LineString:
			if len(clip.LineString(b, g)) > 0 {
				return true
			}
		}
	}
	return false
}

// A box alone is counted and paged by the places' tree without reading
// every match; it must agree with a scan, also for boxes whose edges run
// exactly through events, as the tree's float32 boxes round them.
func TestBoxQueryMatchesScan(t *testing.T) {
	ds, all := syntheticEvents(t, 20000, 3)
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		var box orb.Bound
		if i%2 == 0 {
			// Edges through two events' coordinates.
			a, b := all[rnd.IntN(len(all))].Geometry.Bound(), all[rnd.IntN(len(all))].Geometry.Bound()
			box = orb.Bound{Min: a.Min, Max: a.Min}.Extend(b.Max)
		} else {
			lon, lat := 44.37+(rnd.Float64()-0.5)*0.6, 33.32+(rnd.Float64()-0.5)*0.6
			w := []float64{0.001, 0.01, 0.1, 1, 5}[rnd.IntN(5)]
			box = orb.Bound{Min: orb.Point{lon - w, lat - w}, Max: orb.Point{lon + w, lat + w}}
		}
		f := data.Filter{BBoxes: []orb.Bound{box}}
		var want []string
		for _, ev := range all {
			if scanMatch(ev, f) {
				want = append(want, ev.ID)
			}
		}
		for _, offset := range []int{0, 1, rnd.IntN(len(want) + 1), max(len(want)-3, 0), len(want) + 1} {
			limit := 1 + rnd.IntN(100)
			matched, page := ds.Query(f, offset, limit)
			var got []string
			for _, row := range page {
				got = append(got, ds.ID(row))
			}
			wantPage := want[min(offset, len(want)):min(offset+limit, len(want))]
			if matched != len(want) || !slices.Equal(got, wantPage) {
				t.Fatalf("case %d box %v: Query(%d, %d) = %d, %v; want %d, %v", i, box, offset, limit, matched, got, len(want), wantPage)
			}
		}
	}
}

// TestEventsStopEarly: Events decodes ahead on a goroutine of its own; a
// caller that stops early must not leave it behind, and the events it got
// are the first ones, in order.
func TestEventsStopEarly(t *testing.T) {
	ds, all := syntheticEvents(t, 3000, 3)
	before := runtime.NumGoroutine()
	for _, stop := range []int{1, 255, 256, 257, 1000} {
		var got []string
		for ev := range ds.Events(ds.Rows(data.Filter{})) {
			got = append(got, ev.ID)
			if len(got) == stop {
				break
			}
		}
		for i, id := range got {
			if id != all[i].ID {
				t.Fatalf("stop at %d: event %d is %s, want %s", stop, i, id, all[i].ID)
			}
		}
	}
	// The decoding goroutines end once they see the callers gone.
	for range 200 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines left running after the callers stopped", runtime.NumGoroutine()-before)
}
