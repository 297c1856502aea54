package data_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"chronomap/data"
)

func loadSmall(t testing.TB) *data.Dataset {
	t.Helper()
	b, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Load("small.geojson", b, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestLoadDefault(t *testing.T) {
	ds, err := data.Load(data.DefaultFile, data.Default(), data.Options{})
	if err != nil {
		t.Fatalf("embedded dataset does not load:\n%v", err)
	}
	if ds.Len() < 35 {
		t.Errorf("embedded dataset has %d events, want at least 35", ds.Len())
	}
	for ev := range ds.Events(ds.Rows(data.Filter{})) {
		if _, off := ev.Start.Zone(); off == 0 && ev.Start.Location() == time.UTC {
			t.Errorf("%s: start %s is in UTC, want the local offset", ev.ID, ev.Start)
		}
	}
}

func TestLoadSmall(t *testing.T) {
	ds := loadSmall(t)
	var ids []string
	for ev := range ds.Events(ds.Rows(data.Filter{})) {
		ids = append(ids, ev.ID)
	}
	if got, want := strings.Join(ids, " "), "flight strike missiles house-vote"; got != want {
		t.Errorf("time order = %s, want %s", got, want)
	}
	strike, ok := ds.Get("strike")
	if !ok {
		t.Fatal("Get(strike) not found")
	}
	if got, want := strike.Start.UTC().Format(time.RFC3339), "2020-01-02T21:47:00Z"; got != want {
		t.Errorf("strike UTC = %s, want %s (still 2 January in UTC)", got, want)
	}
	if _, off := strike.Start.Zone(); off != 3*3600 {
		t.Errorf("strike offset = %d s, want +03:00 kept", off)
	}
	if got := property(strike, "extra"); got != `{"kept":true}` {
		t.Errorf("unknown field extra = %s, want it kept as written (compacted)", got)
	}
	if !strike.End.Equal(strike.Start) {
		t.Errorf("instant end = %v, want start", strike.End)
	}
	if _, ok := ds.Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
	first, last := ds.Interval()
	if first.UTC().Format(time.RFC3339) != "2020-01-02T20:30:00Z" || last.UTC().Format(time.RFC3339) != "2020-01-09T17:00:00Z" {
		t.Errorf("Interval = %v, %v", first, last)
	}
}

// mutate loads testdata/small.geojson, applies edit to the decoded JSON, and
// returns the loader's error.
func mutate(t *testing.T, edit func(fc map[string]any)) error {
	t.Helper()
	b, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc map[string]any
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	edit(fc)
	b, err = json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = data.Load("bad.geojson", b, data.Options{})
	return err
}

func props(fc map[string]any, i int) map[string]any {
	return fc["features"].([]any)[i].(map[string]any)["properties"].(map[string]any)
}

func geometry(fc map[string]any, i int) map[string]any {
	return fc["features"].([]any)[i].(map[string]any)["geometry"].(map[string]any)
}

func TestLoadRefusesBadFeatures(t *testing.T) {
	tests := map[string]struct {
		edit func(fc map[string]any)
		want []string // one problem per entry, in order
	}{
		"missing id": {func(fc map[string]any) { delete(props(fc, 0), "id") },
			[]string{`bad.geojson: feature 0: id: missing`}},
		"duplicate id": {func(fc map[string]any) { props(fc, 2)["id"] = "strike" },
			[]string{`bad.geojson: feature 2 (id "strike"): id: duplicate: feature 0 has the same id`}},
		"time does not parse": {func(fc map[string]any) { props(fc, 0)["start"] = "3 Jan 2020" },
			[]string{`bad.geojson: feature 0 (id "strike"): start: "3 Jan 2020" is not an RFC 3339 time`}},
		"time without offset": {func(fc map[string]any) { props(fc, 0)["start"] = "2020-01-03T00:47:00" },
			[]string{`bad.geojson: feature 0 (id "strike"): start: "2020-01-03T00:47:00" has no UTC offset`}},
		"end before start": {func(fc map[string]any) { props(fc, 2)["end"] = "2020-01-08T01:00:00+03:00" },
			[]string{`bad.geojson: feature 2 (id "missiles"): end: 2020-01-08T01:00:00+03:00 is before start 2020-01-08T01:34:00+03:00`}},
		"latitude out of range": {func(fc map[string]any) { geometry(fc, 0)["coordinates"] = []any{144.2, 95.0} },
			[]string{`bad.geojson: feature 0 (id "strike"): geometry.coordinates: latitude 95 is out of range [-90, 90]`}},
		"lat/lon swapped": {func(fc map[string]any) { geometry(fc, 3)["coordinates"] = []any{38.8899, -107.0} },
			[]string{`geometry.coordinates: latitude -107 is out of range [-90, 90]: are longitude and latitude swapped?`}},
		"longitude out of range in a track": {func(fc map[string]any) {
			geometry(fc, 1)["coordinates"] = []any{[]any{36.5, 33.4}, []any{244.2, 33.2}}
		}, []string{`feature 1 (id "flight"): geometry.coordinates[1]: longitude 244.2 is out of range [-180, 180]`}},
		"category not a slug": {func(fc map[string]any) { props(fc, 0)["category"] = "US strikes" },
			[]string{`bad.geojson: feature 0 (id "strike"): category: "US strikes" is not a slug`}},
		"category not declared": {func(fc map[string]any) {
			fc["chronomap"] = map[string]any{"categories": []any{map[string]any{"id": "strike"}, map[string]any{"id": "missile-attack"}, map[string]any{"id": "politics"}}}
			props(fc, 0)["category"] = "war"
			props(fc, 1)["category"] = "strike"
		}, []string{`bad.geojson: feature 0 (id "strike"): category: "war" is not among the categories declared in chronomap.categories (strike, missile-attack, politics)`}},
		"bad metadata": {func(fc map[string]any) {
			fc["chronomap"] = map[string]any{"timezone": "Mars/Olympus", "view": map[string]any{"center": []any{44.0}},
				"categories": []any{map[string]any{"id": "strike", "color": "red", "shape": "star"}, map[string]any{"id": "strike"}},
				"story":      []any{map[string]any{"title": "One", "from": "2020-01-03T00:00:00+03:00", "to": "2020-01-02T00:00:00+03:00", "events": []any{"nope"}}},
				"colour":     "#fff"}
			props(fc, 1)["category"] = "strike"
			props(fc, 2)["category"] = "strike"
			props(fc, 3)["category"] = "strike"
		}, []string{
			// in the order written (json.Marshal sorts the names)
			`bad.geojson: chronomap.categories[0].color: "red" is not a colour (#rrggbb)`,
			`bad.geojson: chronomap.categories[0].shape: "star" is not one of circle, square, diamond, triangle`,
			`bad.geojson: chronomap.categories[1].id: duplicate: category 0 has the same id`,
			`bad.geojson: chronomap.colour: unknown field`,
			`bad.geojson: chronomap.story[0].to: 2020-01-02T00:00:00+03:00 is before from 2020-01-03T00:00:00+03:00`,
			`bad.geojson: chronomap.timezone: "Mars/Olympus" is not an IANA time zone`,
			`bad.geojson: chronomap.view.center: must be [longitude, latitude], got [44]`,
			`bad.geojson: chronomap.view.zoom: missing`,
			`bad.geojson: chronomap.story[0].events[0]: no event has the id "nope"`,
		}},
		"no sources": {func(fc map[string]any) { delete(props(fc, 0), "sources") },
			[]string{`bad.geojson: feature 0 (id "strike"): sources: missing: every event needs at least one source`}},
		"empty sources": {func(fc map[string]any) { props(fc, 0)["sources"] = []any{} },
			[]string{`sources: empty`}},
		"source without url": {func(fc map[string]any) {
			props(fc, 0)["sources"] = []any{map[string]any{"title": "t", "publisher": "p", "url": "example.org/x"}}
		}, []string{`sources[0].url: "example.org/x" is not an absolute http(s) URL`}},
		"track without end": {func(fc map[string]any) { delete(props(fc, 1), "end") },
			[]string{`feature 1 (id "flight"): end: missing: a LineString (a movement) needs an end time`}},
		"polygon": {func(fc map[string]any) {
			fc["features"].([]any)[0].(map[string]any)["geometry"] = map[string]any{"type": "Polygon", "coordinates": []any{[]any{[]any{0.0, 0.0}, []any{1.0, 0.0}, []any{1.0, 1.0}, []any{0.0, 0.0}}}}
		}, []string{`geometry.type: Polygon is not supported`}},
		"negative killed": {func(fc map[string]any) { props(fc, 0)["killed"] = -1 },
			[]string{`killed: must be a whole number ≥ 0, got -1`}},
		"bad precision": {func(fc map[string]any) { props(fc, 0)["time_precision"] = "second" },
			[]string{`time_precision: "second" is not one of minute, hour, day`}},
		"two problems in two features": {func(fc map[string]any) {
			delete(props(fc, 0), "title")
			props(fc, 3)["start"] = "2020-13-01T00:00:00Z"
		}, []string{`feature 0 (id "strike"): title: missing`, `feature 3 (id "house-vote"): start: "2020-13-01T00:00:00Z" is not an RFC 3339 time`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := mutate(t, tc.edit)
			var inv *data.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("Load error = %v, want *InvalidError", err)
			}
			if len(inv.Problems) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(inv.Problems), len(tc.want), err)
			}
			for i, want := range tc.want {
				if got := inv.Problems[i].String(); !strings.Contains(got, want) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got, want)
				}
			}
		})
	}
}

func TestLoadRefusesBadFiles(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"not JSON":           {`{"type":`, "bad.geojson: not valid JSON"},
		"empty":              {``, "bad.geojson: the file is empty"},
		"blank":              {" \r\n\t", "bad.geojson: the file is empty"},
		"not a collection":   {`{"type":"Feature"}`, `bad.geojson: type is "Feature", want "FeatureCollection"`},
		"no features":        {`{"type":"FeatureCollection","features":[]}`, "bad.geojson: no features"},
		"feature not object": {`{"type":"FeatureCollection","features":[42]}`, "bad.geojson: feature 0: not a GeoJSON feature"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.Load("bad.geojson", []byte(tc.in), data.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load error = %v, want %q", err, tc.want)
			}
		})
	}
}

// A read that fails is an error of the reading, not a problem of the file:
// the server tells an upload cut short by its size limit from a bad file
// this way.
func TestReadReportsFailedReads(t *testing.T) {
	errCut := errors.New("cut")
	tests := map[string]string{
		"in a GeoJSON string":    `{"type":"FeatureCollection","name":"abc`,
		"between GeoJSON tokens": `{"type":"FeatureCollection",`,
		"in a CSV row":           "id,title\nev-1,Tit",
	}
	for name, head := range tests {
		t.Run(name, func(t *testing.T) {
			file := "cut.geojson"
			if !strings.HasPrefix(head, "{") {
				file = "cut.csv"
			}
			r := io.MultiReader(strings.NewReader(head), iotest.ErrReader(errCut))
			_, err := data.Read(context.Background(), file, r, data.Options{})
			var inv *data.InvalidError
			if !errors.Is(err, errCut) || errors.As(err, &inv) {
				t.Errorf("Read error = %v, want the read's error, not a problem of the file", err)
			}
		})
	}
}

// Input the loader used to change silently is refused with a message that
// says where and why (issue 9).
func TestLoadRefusesInsteadOfGuessing(t *testing.T) {
	small, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	geo := func(edit func(fc map[string]any)) []byte {
		var fc map[string]any
		if err := json.Unmarshal(small, &fc); err != nil {
			t.Fatal(err)
		}
		edit(fc)
		b, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	csvRow := func(lon, lat, wkt, start string) []byte {
		return []byte(csvHeader + "a,T,S,strike,P," + start + ",minute,exact," + lon + "," + lat + "," + wkt + ",T,P,https://example.org\n")
	}
	tests := map[string]struct {
		file string
		in   []byte
		want string
	}{
		"empty coordinates": {"bad.geojson", geo(func(fc map[string]any) { geometry(fc, 0)["coordinates"] = []any{} }),
			`feature 0 (id "strike"): geometry.coordinates: must be a position [lon, lat] of 2 numbers`},
		"one coordinate": {"bad.geojson", geo(func(fc map[string]any) { geometry(fc, 0)["coordinates"] = []any{44.2} }),
			`geometry.coordinates: must be a position [lon, lat] of 2 numbers (or 3 with a height), got [44.2]`},
		"a second JSON value": {"bad.geojson", append(append([]byte{}, small...), []byte(` {"type":"FeatureCollection"}`)...),
			`bad.geojson: not valid JSON: more follows the FeatureCollection`},
		"a byte-order mark is read": {"bom.geojson", append([]byte("\ufeff"), small...), ""},
		"invalid UTF-8": {"bad.geojson", bytes.Replace(small, []byte("Drone strike"), []byte("Drone \xff strike"), 1),
			`bad.geojson: not valid JSON`},
		"a property given twice": {"bad.geojson", bytes.Replace(small, []byte(`"id": "strike",`), []byte(`"id": "strike", "title": "again",`), 1),
			`feature 0 (id "strike"): properties.title: given twice`},
		"year 0000": {"bad.geojson", geo(func(fc map[string]any) { props(fc, 0)["start"] = "0000-01-03T00:47:00+03:00" }),
			`start: "0000-01-03T00:47:00+03:00" is in year 0000`},
		"offset +24:00": {"bad.geojson", geo(func(fc map[string]any) { props(fc, 0)["start"] = "2020-01-03T00:47:00+24:00" }),
			`start: "2020-01-03T00:47:00+24:00"`},
		"hex coordinate in CSV":        {"bad.csv", csvRow("0x1p4", "33", "", "2020-01-03T00:47:00+03:00"), `lon, lat: "0x1p4", "33" are not two finite numbers`},
		"underscored coordinate":       {"bad.csv", csvRow("5_1", "33", "", "2020-01-03T00:47:00+03:00"), `lon, lat: "5_1", "33" are not two finite numbers`},
		"POINT EMPTY":                  {"bad.csv", csvRow("", "", "POINT EMPTY", "2020-01-03T00:47:00+03:00"), `wkt: "POINT EMPTY" has no position`},
		"invalid UTF-8 in a CSV cell":  {"bad.csv", bytes.Replace(csvRow("44", "33", "", "2020-01-03T00:47:00+03:00"), []byte(",T,S,"), []byte(",T\xff,S,"), 1), `title: is not valid UTF-8 text`},
		"CR-only line ends":            {"bad.csv", bytes.ReplaceAll(csvRow("44", "33", "", "2020-01-03T00:47:00+03:00"), []byte("\n"), []byte("\r")), `lines end with a carriage return alone`},
		"a track of a thousand worlds": {"bad.geojson", geo(func(fc map[string]any) { geometry(fc, 1)["coordinates"] = zigzag(2000) }), `geometry: the track is`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.Read(context.Background(), tc.file, bytes.NewReader(tc.in), loadOptions)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Read = %v, want it read", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Read error = %v, want %q", err, tc.want)
			}
		})
	}
}

// zigzag is a LineString between (0,0) and (179,0), n legs of 19,900 km.
func zigzag(n int) []any {
	var out []any
	for i := range n {
		out = append(out, []any{float64(179 * (i % 2)), 0.0})
	}
	return out
}

// A file with thousands of bad features lists the first of them and
// counts the rest, rather than print millions of lines.
func TestLoadCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"Feature","geometry":null,"properties":{}}`)
	}
	b.WriteString("]}")
	_, err := data.Load("many.geojson", []byte(b.String()), data.Options{Limits: data.Limits{Problems: 100}})
	var inv *data.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("Load error = %v", err)
	}
	if len(inv.Problems) != 100 || inv.More == 0 || !strings.Contains(err.Error(), fmt.Sprintf("… and %d more", inv.More)) {
		t.Errorf("%d problems listed, %d more, message ends %q", len(inv.Problems), inv.More, err.Error()[len(err.Error())-40:])
	}
}

func TestOpenReadsTheSidecar(t *testing.T) {
	ctx := context.Background()
	fromCSV, err := data.Open(ctx, "../examples/csv/beirut-port.csv", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromGeoJSON, err := data.Open(ctx, "../examples/beirut-port.geojson", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromCSV.Meta, fromGeoJSON.Meta) {
		t.Errorf("metadata from the sidecar = %+v,\nfrom the GeoJSON member = %+v", fromCSV.Meta, fromGeoJSON.Meta)
	}
	if fromCSV.Title != "The 2020 Beirut port explosion" || fromCSV.Meta.TimeZone != "Asia/Beirut" || len(fromCSV.Meta.Categories) != 5 {
		t.Errorf("metadata = %+v", fromCSV.Meta)
	}

	dir := t.TempDir()
	csv, _ := os.ReadFile("../examples/csv/beirut-port.csv")
	os.WriteFile(filepath.Join(dir, "b.csv"), csv, 0o644)
	os.WriteFile(filepath.Join(dir, "b.meta.json"), []byte(`{"categories": [{"id": "explosion", "colour": "#000000"}]}`), 0o644)
	_, err = data.Open(ctx, filepath.Join(dir, "b.csv"), data.Options{})
	var inv *data.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error = %v, want *InvalidError", err)
	}
	want := filepath.Join(dir, "b.meta.json") + `: categories[0].colour: unknown field (want id, label, color and shape)`
	if len(inv.Problems) < 2 || inv.Problems[0].String() != want {
		t.Fatalf("problems = %v, want first %q", inv.Problems, want)
	}
	if got := inv.Problems[1].String(); !strings.HasPrefix(got, filepath.Join(dir, "b.csv")+`: row `) || !strings.Contains(got, `is not among the categories declared in `+filepath.Join(dir, "b.meta.json")+` (explosion)`) {
		t.Errorf("problem 1 = %q", got)
	}
}

// A sidecar is one JSON object, read whole: one cut short or followed by
// more is refused, not read as far as it goes.
func TestSidecarIsOneObject(t *testing.T) {
	csv, err := os.ReadFile("../examples/csv/beirut-port.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct{ meta, want string }{
		"good":           {`{"title": "Beirut"}`, ""},
		"cut short":      {"{\n", `b.meta.json: not valid JSON`},
		"cut in a field": {`{"title": "Beirut"`, `b.meta.json: not valid JSON`},
		"two objects":    {`{} {}`, `b.meta.json: not valid JSON: more follows the object`},
		"empty":          {"", `b.meta.json: the file is empty`},
		"blank":          {" \n", `b.meta.json: the file is empty`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.Read(context.Background(), "b.csv", bytes.NewReader(csv), data.Options{Meta: []byte(tc.meta), MetaFile: "b.meta.json"})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Read error = %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Read error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestNotTextFiles(t *testing.T) {
	tests := map[string]struct {
		name string
		head string
		want string
	}{
		"xlsx":           {"events.xlsx", "PK\x03\x04\x14\x00\x06\x00", `events.xlsx: is a zip file (an .xlsx or .ods spreadsheet, perhaps), not CSV or GeoJSON text: save the sheet as "CSV UTF-8"`},
		"xlsx named csv": {"events.csv", "PK\x03\x04\x14\x00\x06\x00", `events.csv: is a zip file (an .xlsx or .ods spreadsheet, perhaps)`},
		"xls":            {"events.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", `events.xls: is an old Office file (an .xls spreadsheet, perhaps)`},
		"gzip":           {"events.geojson", "\x1f\x8b\x08\x00", `events.geojson: is gzip-compressed: decompress it first (gunzip)`},
		"geopackage":     {"events.gpkg", "SQLite format 3\x00\x10\x00", `events.gpkg: is an SQLite database (a GeoPackage, perhaps): convert it with ogr2ogr`},
		"shapefile":      {"events.shp", "\x00\x00\x27\x0a\x00\x00", `events.shp: is a shapefile (.shp): convert it with ogr2ogr`},
		"pdf":            {"events.pdf", "%PDF-1.7\n", `events.pdf: is a PDF, not CSV or GeoJSON text`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.Read(context.Background(), tc.name, strings.NewReader(tc.head+strings.Repeat("\x00", 64)), data.Options{})
			var inv *data.InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) != 1 || !strings.HasPrefix(inv.Problems[0].String(), tc.want) {
				t.Fatalf("error = %v, want one problem starting %q", err, tc.want)
			}
		})
	}
}
