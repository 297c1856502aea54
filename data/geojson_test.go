package data_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"chronomap/data"
)

// readProblems reads b from r as file and returns its problems, one a line.
func readProblems(t *testing.T, file string, r io.Reader) []string {
	t.Helper()
	_, err := data.Read(context.Background(), file, r, data.Options{})
	return problemLines(t, err)
}

// A syntax error is placed at a line and column an editor can go to, with
// the byte offset as before.
func TestSyntaxErrorPosition(t *testing.T) {
	tests := map[string]struct{ file, want string }{
		"a comma for a feature": {"{\"type\": \"FeatureCollection\",\n\"features\": [\n  {\"type\": \"Feature\"},\n  ,\n]}",
			`bad.geojson: not valid JSON: invalid character ',' at start of value within "/features/1", at line 4, column 3 (byte offset 69)`},
		"on one line": {`{"type":"FeatureCollection","features":[{"type":"Feature"},,]}`,
			`bad.geojson: not valid JSON: invalid character ',' at start of value within "/features/1", at line 1, column 60 (byte offset 59)`},
		"among the collection's members": {"{\"type\": \"FeatureCollection\",,\n\"features\": []}",
			`bad.geojson: not valid JSON: invalid character ',' at start of value, at line 1, column 30 (byte offset 29)`},
		"columns count characters": {"{\"type\":\"FeatureCollection\",\n\"features\":[\n {\"type\":\"Feature\",\n \"properties\":{\"title\":\"é\" x}}]}",
			`bad.geojson: not valid JSON: invalid character 'x' after object value (expecting ',' or '}') within "/features/0/properties", at line 4, column 28 (byte offset 90)`},
		"CRLF lines": {"{\"type\":\"FeatureCollection\",\r\n\"features\":[\r\n  x]}",
			`bad.geojson: not valid JSON: invalid character 'x' at start of value within "/features/0", at line 3, column 3 (byte offset 46)`},
		"after a byte-order mark": {"\ufeff{\"type\":\"FeatureCollection\",\"features\":[x]}",
			`bad.geojson: not valid JSON: invalid character 'x' at start of value within "/features/0", at line 1, column 41 (byte offset 40)`},
		"cut short": {"{\"type\":\"FeatureCollection\",\n\"features\":[\n {\"type\":\"Feature\",\n",
			`bad.geojson: not valid JSON: the file ends in the middle of a value, at line 4, column 1 (byte offset 62)`},
		"more after the collection": {"{\"type\":\"FeatureCollection\",\n\"features\":[]}\n\n  {}",
			`bad.geojson: not valid JSON: more follows the FeatureCollection, at line 4, column 3 (byte offset 47); a file holds one collection`},
		"junk after the collection": {"{\"type\":\"FeatureCollection\",\n\"features\":[]}\n x",
			`bad.geojson: not valid JSON: invalid character 'x' at start of value, at line 3, column 2 (byte offset 45)`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, r := range readers([]byte(tc.file)) {
				got := readProblems(t, "bad.geojson", r)
				if len(got) != 1 || got[0] != tc.want {
					t.Errorf("%T: got\n%s\nwant\n%s", r, strings.Join(got, "\n"), tc.want)
				}
			}
		})
	}
}

// readers gives b whole, a byte at a time, and in halves, so that the
// decoder's reads end anywhere.
func readers(b []byte) []io.Reader {
	return []io.Reader{bytes.NewReader(b), iotest.OneByteReader(bytes.NewReader(b)), iotest.HalfReader(bytes.NewReader(b))}
}

var position = regexp.MustCompile(`at line (\d+)(?:, column (\d+))? \(byte offset (\d+)\)`)

// Wherever a file breaks, and however its bytes arrive, the line and
// column named are those of the byte offset named.
func TestSyntaxErrorPositionAnywhere(t *testing.T) {
	small, err := os.ReadFile("testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	long := bytes.Repeat([]byte("é"), 3000) // longer than the decoder's buffer
	wide := bytes.Replace(small, []byte(`"Counts differ."`), append(append([]byte(`"`), long...), '"'), 1)
	flat := bytes.Join(bytes.Fields(small), []byte(" "))
	checked, columnless := 0, 0
	for _, base := range map[string][]byte{"small": small, "wide": wide, "flat": flat} {
		for at := 0; at < len(base); at += 1 + at/50 {
			bad := append(append(append([]byte{}, base[:at]...), "]]"...), base[at:]...)
			for _, r := range readers(bad) {
				got := readProblems(t, "bad.geojson", r)
				if len(got) == 0 {
					continue
				}
				m := position.FindStringSubmatch(got[0])
				if m == nil {
					if strings.Contains(got[0], "not valid JSON") && !strings.Contains(got[0], "byte offset") {
						t.Errorf("%T, ]] at %d: no position in %s", r, at, got[0])
					}
					continue
				}
				off, _ := strconv.Atoi(m[3])
				line := bytes.Count(bad[:off], []byte("\n")) + 1
				start := bytes.LastIndexByte(bad[:off], '\n') + 1
				want := fmt.Sprintf("at line %d, column %d ", line, utf8.RuneCount(bad[start:off])+1)
				if m[2] == "" {
					// The column is at hand except when the decoder's reads
					// end between the error and the offset it names.
					want = fmt.Sprintf("at line %d ", line)
					if _, whole := r.(*bytes.Reader); whole {
						t.Errorf("]] at %d: no column in %s", at, got[0])
					}
					columnless++
				}
				if !strings.HasPrefix(m[0], want) {
					t.Errorf("%T, ]] at %d: %s, want %s", r, at, got[0], want)
				}
				checked++
			}
		}
	}
	if checked < 100 || columnless > checked/50 {
		t.Errorf("%d positions checked, %d without a column", checked, columnless)
	}
}

// A sidecar metadata file that is not valid JSON is placed as the dataset is.
func TestSidecarSyntaxErrorPosition(t *testing.T) {
	tests := map[string]string{
		"{\n  \"title\": ":               `b.meta.json: not valid JSON: the file ends in the middle of a value, at line 2, column 12 (byte offset 13)`,
		"{\n  \"title\": \"Beirut\"\n":   `b.meta.json: not valid JSON: the object is not closed, at line 3, column 1 (byte offset 22)`,
		"{\"title\": \"a\"}\n\n  {}":     `b.meta.json: not valid JSON: more follows the object, at line 3, column 3 (byte offset 18)`,
		"{\n  \"title\": \"a\",\n  x\n}": `b.meta.json: not valid JSON: invalid character 'x' at start of string (expecting '"'), at line 3, column 3 (byte offset 20)`,
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "b.geojson")
	if err := os.WriteFile(file, collection(feature(`"id":"a",`, ``)), 0o644); err != nil {
		t.Fatal(err)
	}
	for meta, want := range tests {
		if err := os.WriteFile(filepath.Join(dir, "b.meta.json"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := data.Open(context.Background(), file, data.Options{})
		if err == nil || !strings.Contains(err.Error(), "\n"+filepath.Join(dir, want)) {
			t.Errorf("%q: got %v\nwant %s", meta, err, want)
		}
	}
}

// A file in projected coordinates gets one problem saying how to reproject
// it, beside each feature's own, as before.
func TestProjectedFile(t *testing.T) {
	at := func(id, coords string) string {
		return strings.Replace(feature(``, `"id":"`+id+`",`), `[44.2346,33.2625]`, coords, 1)
	}
	with := func(member string, features ...string) []byte {
		return []byte(`{"type":"FeatureCollection",` + member + `"features":[` + strings.Join(features, ",") + `]}`)
	}
	const mercator = `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},`
	const reproject = "GeoJSON coordinates are WGS 84 longitude and latitude (RFC 7946): reproject the file, e.g. with ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
	tests := map[string]struct {
		file []byte
		want []string // none when the file loads
	}{
		"a crs in metres": {with(mercator, at("a", "[4926457.3,3505743.9]"), at("b", "[4926460.1,3505750.2]")), []string{
			`bad.geojson: crs names urn:ogc:def:crs:EPSG::3857, but ` + reproject,
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude 3.5057439e+06 is out of range [-90, 90]`,
			`bad.geojson: feature 1 (id "b"): geometry.coordinates: latitude 3.5057502e+06 is out of range [-90, 90]`,
		}},
		"an old EPSG crs": {with(`"crs":{"type":"EPSG","properties":{"code":27700}},`, at("a", "[530000,180000]")), []string{
			`bad.geojson: crs names EPSG:27700, but ` + reproject,
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude 180000 is out of range [-90, 90]`,
		}},
		"metres without a crs": {with(``, at("a", "[4926457.3,3505743.9]")), []string{
			`bad.geojson: coordinates such as [4.9264573e+06, 3.5057439e+06] look projected (not degrees), but ` + reproject,
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude 3.5057439e+06 is out of range [-90, 90]`,
		}},
		"the crs after the features": {[]byte(strings.Replace(string(with(``, at("a", "[4926457.3,3505743.9]"))), `]}`, `],`+strings.TrimSuffix(mercator, ",")+`}`, 1)), []string{
			`bad.geojson: coordinates such as [4.9264573e+06, 3.5057439e+06] look projected (not degrees), but ` + reproject,
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude 3.5057439e+06 is out of range [-90, 90]`,
		}},
		"before the feature's own problems": {with(mercator, strings.Replace(at("a", "[4926457.3,3505743.9]"), `"title":"T",`, ``, 1)), []string{
			`bad.geojson: crs names urn:ogc:def:crs:EPSG::3857, but ` + reproject,
			`bad.geojson: feature 0 (id "a"): title: missing`,
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude 3.5057439e+06 is out of range [-90, 90]`,
		}},
		"WGS 84 named, swapped": {with(`"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},`, at("a", "[38.8899,-107.0]")), []string{
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: latitude -107 is out of range [-90, 90]: are longitude and latitude swapped? GeoJSON wants [lon, lat]`,
		}},
		"a typo without a crs": {with(``, at("a", "[4423.46,33.2625]")), []string{
			`bad.geojson: feature 0 (id "a"): geometry.coordinates: longitude 4423.46 is out of range [-180, 180]`,
		}},
		"EPSG:4326 named":                 {with(`"crs":{"type":"name","properties":{"name":"EPSG:4326"}},`, at("a", "[44.2346,33.2625]")), nil},
		"a projected crs, but in degrees": {with(mercator, at("a", "[44.2346,33.2625]")), nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := problemsOf(t, "bad.geojson", tc.file, data.Load)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
