package data_test

import (
	"errors"
	"strings"
	"testing"

	"chronomap/data"
)

// feature returns a good GeoJSON feature with the members rest beside type,
// geometry and properties, and the properties props before the others.
func feature(rest, props string) string {
	return `{"type":"Feature",` + rest + `"geometry":{"type":"Point","coordinates":[44.2346,33.2625]},"properties":{` + props +
		`"title":"T","summary":"S","category":"strike","place":"P","start":"2020-01-03T00:47:00+03:00",` +
		`"time_precision":"minute","location_precision":"exact","sources":[{"title":"t","publisher":"p","url":"https://example.org"}]}}`
}

func collection(features ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
}

// problemsOf loads b and returns its problems, one a line.
func problemsOf(t *testing.T, file string, b []byte, load func(string, []byte, data.Options) (*data.Dataset, error)) []string {
	t.Helper()
	_, err := load(file, b, data.Options{})
	return problemLines(t, err)
}

// problemLines returns the problems err lists, one a line: none when err
// is nil, and a failure when it is not an *InvalidError.
func problemLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var inv *data.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error %v is not an *InvalidError", err)
	}
	var out []string
	for _, p := range inv.Problems {
		out = append(out, p.String())
	}
	return out
}

// checkProblems compares the problems of b with want, each a line that the
// problem at its place contains.
func checkProblems(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d = %s\nwant it to contain %s", i, got[i], want[i])
		}
	}
}

// A feature may carry its id at feature level, as RFC 7946 §3.2 has it and
// as the API writes features: the loader reads it there when the
// properties have none, and serves the feature as if both held it.
func TestFeatureLevelID(t *testing.T) {
	tests := map[string]struct {
		file []byte
		want []string // problems; none when the file loads
		id   string   // the id of the one event, when it loads
	}{
		"feature-level id only":    {file: collection(feature(`"id":"strike",`, ``)), id: "strike"},
		"properties.id only":       {file: collection(feature(``, `"id":"strike",`)), id: "strike"},
		"both, the same":           {file: collection(feature(`"id":"strike",`, `"id":"strike",`)), id: "strike"},
		"after the properties":     {file: collection(strings.Replace(feature(``, ``), `}}`, `},"id":"strike"}`, 1)), id: "strike"},
		"properties.id null":       {file: collection(feature(`"id":"strike",`, `"id":null,`)), id: "strike"},
		"feature-level id null":    {file: collection(feature(`"id":null,`, `"id":"strike",`)), id: "strike"},
		"escaped feature-level id": {file: collection(feature(`"id":"str\u0069ke",`, ``)), id: "strike"},
		"neither": {file: collection(feature(``, ``)),
			want: []string{`bad.geojson: feature 0: id: missing`}},
		"both, differing": {file: collection(feature(`"id":"strike-1",`, `"id":"strike",`)),
			want: []string{`bad.geojson: feature 0 (id "strike"): id: the feature's id "strike-1" and properties.id "strike" differ; give one, or the same in both`}},
		"a number beside properties.id": {file: collection(feature(`"id":7,`, `"id":"strike",`)),
			want: []string{`bad.geojson: feature 0 (id "strike"): id: the feature's id 7 and properties.id "strike" differ`}},
		"a number alone": {file: collection(feature(`"id":7,`, ``)),
			want: []string{`bad.geojson: feature 0: id: feature id 7 is not a string; an id is a slug`}},
		"not a slug": {file: collection(feature(`"id":"Strike One",`, ``)),
			want: []string{`bad.geojson: feature 0 (id "Strike One"): id: "Strike One" is not a slug`}},
		"duplicates across levels": {file: collection(feature(`"id":"strike",`, ``), feature(``, `"id":"strike",`)),
			want: []string{`bad.geojson: feature 1 (id "strike"): id: duplicate: feature 0 has the same id`}},
		"given twice at feature level": {file: collection(feature(`"id":"strike","id":"strike",`, ``)),
			want: []string{`bad.geojson: feature 0: id: given twice; give it once`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := problemsOf(t, "bad.geojson", tc.file, data.Load)
			checkProblems(t, got, tc.want)
			if tc.want != nil {
				return
			}
			ds, err := data.Load("bad.geojson", tc.file, data.Options{})
			if err != nil {
				t.Fatal(err)
			}
			row, ok := ds.Lookup(tc.id)
			if !ok {
				t.Fatalf("no event %q", tc.id)
			}
			// Served as today: the id at feature level and among the
			// properties, which stay sorted by name.
			feat := string(ds.Feature(row))
			if !strings.HasPrefix(feat, `{"type":"Feature","id":"strike",`) ||
				!strings.Contains(feat, `"properties":{"category":"strike","id":"strike","location_precision":"exact",`) {
				t.Errorf("served feature = %s", feat)
			}
			if ev, _ := ds.Get(tc.id); ev.Properties.Text("id") != tc.id {
				t.Errorf("properties.id = %q, want %q", ev.Properties.Text("id"), tc.id)
			}
		})
	}
}

// A time written nearly as RFC 3339 is refused with what to change; one
// written otherwise, with the general message as before.
func TestNearRFC3339Times(t *testing.T) {
	tests := map[string]string{
		"2021-03-23 07:40:00+02:00": `"2021-03-23 07:40:00+02:00" is not an RFC 3339 time: use T between date and time, as in 2021-03-23T07:40:00+02:00`,
		"2021-03-24T12:00+02:00":    `"2021-03-24T12:00+02:00" is not an RFC 3339 time: add the seconds, :00, as in 2021-03-24T12:00:00+02:00`,
		"2021-03-24T12:00:00+0900":  `"2021-03-24T12:00:00+0900" is not an RFC 3339 time: write the offset as +09:00, as in 2021-03-24T12:00:00+09:00`,
		"2021-03-24T12:00:00-05":    `"2021-03-24T12:00:00-05" is not an RFC 3339 time: write the offset as -05:00, as in 2021-03-24T12:00:00-05:00`,
		"2021-03-23 07:40+0200":     `"2021-03-23 07:40+0200" is not an RFC 3339 time: use T between date and time; add the seconds, :00; write the offset as +02:00, as in 2021-03-23T07:40:00+02:00`,
		"2021-03-23 07:40:00.5Z":    `"2021-03-23 07:40:00.5Z" is not an RFC 3339 time: use T between date and time, as in 2021-03-23T07:40:00.5Z`,
		"2021-03-23 07:40:00":       `"2021-03-23 07:40:00" has no UTC offset (want RFC 3339 with the local offset, e.g. 2020-01-03T00:47:00+03:00)`,
		"2021-03-23 07:40":          `"2021-03-23 07:40" has no UTC offset`,
		"2021-13-23 07:40:00+02:00": `"2021-13-23 07:40:00+02:00" is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)`,
		"2021-03-23T07:40:00+2:00":  `"2021-03-23T07:40:00+2:00" is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)`,
		"23/03/2021 07:40":          `"23/03/2021 07:40" is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)`,
		"2021-03-23T07:40:00+15:00": `"2021-03-23T07:40:00+15:00" has UTC offset +15:00; offsets run from -12:00 to +14:00`,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got := problemsOf(t, "bad.geojson", collection(feature(``, `"id":"a","end":"`+in+`",`)), data.Load)
			checkProblems(t, got, []string{`bad.geojson: feature 0 (id "a"): end: ` + want})
			if _, err := data.ParseTime(in); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("ParseTime = %v, want %s", err, want)
			}
		})
	}
	// A CSV row gets the same.
	csv := "id,title,summary,category,place,start,time_precision,location_precision,lon,lat,source_title,source_publisher,source_url\n" +
		"a,T,S,strike,P,2021-03-24T12:00:00+0900,hour,exact,44.25,33.26,t,p,https://example.org\n"
	checkProblems(t, problemsOf(t, "bad.csv", []byte(csv), data.LoadCSV),
		[]string{`bad.csv: row 2 (id "a"): start: "2021-03-24T12:00:00+0900" is not an RFC 3339 time: write the offset as +09:00, as in 2021-03-24T12:00:00+09:00`})
}

// A pair that looks swapped is named in the terms of the file it is in.
func TestSwappedHint(t *testing.T) {
	const header = "id,title,summary,category,place,start,time_precision,location_precision,lon,lat,wkt,source_title,source_publisher,source_url\n"
	const row = "a,T,S,strike,P,2020-01-03T01:00:00+03:00,hour,exact,"
	tests := map[string]struct {
		file string
		want string
	}{
		"GeoJSON": {string(collection(strings.Replace(feature(``, `"id":"a",`), `[44.2346,33.2625]`, `[38.8899,-107.0]`, 1))),
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude -107 is out of range [-90, 90]: are longitude and latitude swapped? GeoJSON wants [lon, lat]`},
		"CSV columns": {header + row + "38.8899,-107.0,,t,p,https://example.org\n",
			`bad.csv: row 2 (id "a"): lon, lat: latitude -107 is out of range [-90, 90]: are longitude and latitude swapped? swap the lon and lat columns`},
		"CSV WKT": {header + row + `,,"LINESTRING (1 2, 38.8899 -107.0)",t,p,https://example.org` + "\n",
			`bad.csv: row 2 (id "a"): wkt[1]: latitude -107 is out of range [-90, 90]: are longitude and latitude swapped? WKT wants (lon lat), longitude first`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			load, file := data.Load, "bad.geojson"
			if name != "GeoJSON" {
				load, file = data.LoadCSV, "bad.csv"
			}
			got := problemsOf(t, file, []byte(tc.file), load)
			checkProblems(t, got, []string{tc.want})
			if got[0] != tc.want {
				t.Errorf("got  %s\nwant %s", got[0], tc.want)
			}
		})
	}
}

// Every problem is one line, however the file writes the value it quotes.
func TestProblemsAreOneLine(t *testing.T) {
	point := func(coords string) string {
		return strings.Replace(feature(``, `"id":"a",`), `[44.2346,33.2625]`, coords, 1)
	}
	tests := map[string]struct {
		file string
		want string
	}{
		"quoted numbers": {string(collection(point("[\n  \"4.687\",\n  \"51.832\"\n]"))),
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: must be a position [lon, lat] of 2 numbers (or 3 with a height), got ["4.687","51.832"]: write the numbers without quotes`},
		"an object for a string": {string(collection(feature(``, "\"id\":\"a\",\"note\": {\n \"text\": \"a b\",\n \"by\": \"c\"\n},"))),
			`bad.geojson: feature 0 (id "a"): note: must be a string, got {"text":"a b","by":"c"}`},
		"a long array": {string(collection(feature(``, "\"id\":\"a\",\"killed\": [\n"+strings.Repeat("  1234567890,\n", 20)+"  0],"))),
			`bad.geojson: feature 0 (id "a"): killed: must be a whole number ≥ 0, got [1234567890,1234567890,1234567890,1234567890,1234567890,1234567890,1234567890,12…`},
		"a feature that is not an object": {string(collection("[\n 1,\n 2\n]")),
			`bad.geojson: feature 0: not a GeoJSON feature: got [1,2]`},
		"a name with a line break": {string(collection(feature(``, `"id":"a","a\nb":1,"a\nb":2,`))),
			`bad.geojson: feature 0 (id "a"): properties."a\nb": given twice; give it once`},
		"a geometry type with a line break": {string(collection(strings.Replace(feature(``, `"id":"a",`), `"Point"`, `"Po\nint"`, 1))),
			`bad.geojson: feature 0 (id "a"): geometry.type: "Po\nint" is not supported (want Point or LineString)`},
		"metadata": {strings.Replace(string(collection(feature(``, `"id":"a",`))), `{"type":"FeatureCollection",`, "{\"type\":\"FeatureCollection\",\"chronomap\":{\"title\": [\n 1\n]},", 1),
			`bad.geojson: chronomap.title: must be a string, got [1]`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := problemsOf(t, "bad.geojson", []byte(tc.file), data.Load)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// A CSV column whose name breaks the line is quoted in its problems.
func TestCSVProblemsAreOneLine(t *testing.T) {
	csv := "id,title,summary,category,place,start,time_precision,location_precision,lon,lat,source_title,source_publisher,source_url,\"no\nte\"\n" +
		"a,T,S,strike,P,2020-01-03T01:00:00+03:00,hour,exact,44.25,33.26,t,p,https://example.org,\xff\n"
	got := problemsOf(t, "bad.csv", []byte(csv), data.LoadCSV)
	for _, p := range got {
		if strings.ContainsAny(p, "\n\r") {
			t.Errorf("problem %q is more than one line", p)
		}
	}
	checkProblems(t, got, []string{`bad.csv: the file is not UTF-8 text`, `bad.csv: row 2 (id "a"): "no\nte": is not valid UTF-8 text`})
}

// A value over a limit names the flag that raises it.
func TestLimitsNameTheirFlags(t *testing.T) {
	long := strings.Repeat("x", 70000)
	line := `"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6],[7,8]]},`
	tests := map[string]struct {
		file   []byte
		limits data.Limits
		want   string
	}{
		"a summary": {collection(strings.Replace(feature(``, `"id":"a",`), `"summary":"S"`, `"summary":"`+long+`"`, 1)), data.Limits{},
			`bad.geojson: feature 0 (id "a"): summary: is 70000 bytes long; at most 65536 (--max-field raises the limit)`},
		"a field of the file's own": {collection(feature(``, `"id":"a","remarks":"`+long+`",`)), data.Limits{},
			`bad.geojson: feature 0 (id "a"): remarks: is 70002 bytes long; at most 65536 (--max-field raises the limit)`},
		"a track": {collection(strings.Replace(feature(``, `"id":"a","end":"2020-01-03T02:00:00+03:00",`), `"geometry":{"type":"Point","coordinates":[44.2346,33.2625]},`, line, 1)), data.Limits{WayPoints: 3},
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: has more than 3 positions (--max-waypoints raises the limit)`},
		"the metadata": {[]byte(strings.Replace(string(collection(feature(``, `"id":"a",`))), `{"type":"FeatureCollection",`, `{"type":"FeatureCollection","chronomap":{"title":"`+long+`"},`, 1)), data.Limits{},
			`bad.geojson: chronomap.title: is 70000 bytes long; at most 65536 (--max-field raises the limit)`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			load := func(file string, b []byte, _ data.Options) (*data.Dataset, error) {
				return data.Load(file, b, data.Options{Limits: tc.limits})
			}
			got := problemsOf(t, "bad.geojson", tc.file, load)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}
