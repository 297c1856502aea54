package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"chronomap/data"
)

// These tests prove the API and the exports with real clients: GDAL's
// ogrinfo and ogr2ogr, and check-geojson. CI installs them; elsewhere a
// missing tool skips its test.

func need(t *testing.T, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run should have installed it", tool)
		}
		t.Skipf("%s is not installed", tool)
	}
	return path
}

func serve(t *testing.T, files ...string) *httptest.Server {
	t.Helper()
	cols, err := loadCollections(context.Background(), files, datasetOptions(fileLimits{}))
	if err != nil {
		t.Fatal(err)
	}
	pg := loadPage(Config{})
	if pg.err != nil {
		t.Fatal(pg.err)
	}
	h, err := newHandler(Config{}, pg, cols, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func command(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func download(t *testing.T, url, file string) {
	t.Helper()
	status, _, body := get(t, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", url, status, body)
	}
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// featureCounts returns the feature count ogrinfo reports for each layer.
func featureCounts(t *testing.T, target string, args ...string) map[string]int {
	t.Helper()
	out := command(t, need(t, "ogrinfo"), append(append([]string{"-ro", "-so", "-al"}, args...), target)...)
	counts := map[string]int{}
	layer := ""
	for _, line := range strings.Split(out, "\n") {
		if name, ok := strings.CutPrefix(line, "Layer name: "); ok {
			layer = name
		}
		if n, ok := strings.CutPrefix(line, "Feature Count: "); ok {
			counts[layer], _ = strconv.Atoi(n)
		}
	}
	return counts
}

func defaultLen(t *testing.T) int {
	ds, err := data.Load(data.DefaultFile, data.Default(), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds.Len()
}

func TestGDALReadsTheAPI(t *testing.T) {
	ts := serve(t)
	want := defaultLen(t)
	src := "OAPIF:" + ts.URL + "/api"
	if got := featureCounts(t, src)["events"]; got != want {
		t.Errorf("ogrinfo OAPIF: events has %d features, want %d", got, want)
	}
	info := command(t, need(t, "ogrinfo"), "-ro", "-so", src, "events")
	for _, field := range []string{"title: String", "start: DateTime", "category: String", "sources: String(JSON)"} {
		if !strings.Contains(info, field) {
			t.Errorf("ogrinfo lists no field %q:\n%s", field, info)
		}
	}

	gpkg := filepath.Join(t.TempDir(), "events.gpkg")
	command(t, need(t, "ogr2ogr"), "-f", "GPKG", gpkg, src, "events")
	if got := featureCounts(t, gpkg)["events"]; got != want {
		t.Errorf("ogr2ogr copied %d features to GeoPackage, want %d", got, want)
	}
	row := command(t, "ogrinfo", "-ro", "-q", gpkg, "-sql",
		"SELECT title, category, ST_GeometryType(geom) AS gtype, ST_X(geom) AS x FROM events WHERE id = 'ps752-crash'")
	for _, want := range []string{"category (String) = aviation", "gtype (String) = POINT", "x (Real) = 51.1"} {
		if !strings.Contains(row, want) {
			t.Errorf("GeoPackage row lacks %q:\n%s", want, row)
		}
	}
}

// GDAL sends a -where on dates as datetime, in forms of its own: a date as
// 2020-01-08T, and start > a AND end < b as datetime twice.
func TestGDALFiltersByDate(t *testing.T) {
	ts := serve(t)
	src := "OAPIF:" + ts.URL + "/api"
	for where, query := range map[string]string{
		"start >= '2020-01-08'":                       "datetime=2020-01-08/..",
		"start > '2020-01-03' AND end < '2020-01-10'": "datetime=2020-01-03/..&datetime=../2020-01-10",
	} {
		_, _, body := get(t, ts.URL+"/api/collections/events/items?limit=1&"+query)
		var page struct{ NumberMatched int }
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		if page.NumberMatched == 0 || page.NumberMatched == defaultLen(t) {
			t.Fatalf("%s matches %d events: a test of nothing", query, page.NumberMatched)
		}
		if got := featureCounts(t, src, "-where", where)["events"]; got != page.NumberMatched {
			t.Errorf("ogrinfo -where %q counts %d features, want %d (%s)", where, got, page.NumberMatched, query)
		}
	}
}

func TestExportsOpenInGDAL(t *testing.T) {
	ts := serve(t)
	want := defaultLen(t)
	dir := t.TempDir()
	for _, format := range []string{"geojson", "kml", "csv", "gpx"} {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(dir, "events."+format)
			download(t, ts.URL+"/api/export?format="+format, file)
			got := 0
			for layer, n := range featureCounts(t, file) {
				if layer != "track_points" && layer != "route_points" {
					got += n
				}
			}
			if got != want {
				t.Errorf("ogrinfo counts %d features, want %d", got, want)
			}
		})
	}
	t.Run("kml times", func(t *testing.T) {
		b, _ := os.ReadFile(filepath.Join(dir, "events.kml"))
		for _, want := range []string{"<when>2020-01-08T06:18:00+03:30</when>", "<begin>2020-01-08T06:12:00+03:30</begin>"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("KML lacks %s", want)
			}
		}
	})
	t.Run("check-geojson", func(t *testing.T) {
		node := need(t, "node")
		if _, err := os.Stat("web/node_modules/@placemarkio/check-geojson"); err != nil {
			t.Skip("web/node_modules is not installed (make vendor)")
		}
		command(t, node, "web/tools/check-geojson.mjs", filepath.Join(dir, "events.geojson"))
	})
}

// TestCSVRoundTrip feeds the CSV export back in as a dataset and checks that
// the server then serves the same features.
func TestCSVRoundTrip(t *testing.T) {
	orig := serve(t)
	file := filepath.Join(t.TempDir(), "events.csv")
	download(t, orig.URL+"/api/export?format=csv", file)
	again := serve(t, file)

	features := func(url string) []map[string]any {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var fc struct{ Features []map[string]any }
		if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
			t.Fatal(err)
		}
		return fc.Features
	}
	a := features(orig.URL + "/api/collections/events/items")
	b := features(again.URL + "/api/collections/events/items")
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d features, then %d after the round trip", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			ja, _ := json.Marshal(a[i])
			jb, _ := json.Marshal(b[i])
			t.Errorf("feature %d differs after the round trip:\n%s\n%s", i, ja, jb)
		}
	}
}
