package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chronomap/data"
	"chronomap/pgstore"
	"chronomap/pgstore/pgtest"

	"github.com/jackc/pgx/v5"
)

// loadDefault writes the embedded dataset into the table of dbURL with
// chronomap load.
func loadDefault(t *testing.T, dbURL string, extra ...string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "events.geojson")
	if err := os.WriteFile(file, data.Default(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := load(context.Background(), append(extra, file, dbURL), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
}

// get returns the status, content type and body of url.
func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// timeStamp is the one member of an answer that says when it was made.
var timeStamp = regexp.MustCompile(`"timeStamp":"[^"]*"`)

// TestPostGISAnswersAsMemory loads the embedded dataset into a throw-away
// PostGIS and asks both servers, from the file and from the table, every
// kind of question: the answers must be the same bytes.
func TestPostGISAnswersAsMemory(t *testing.T) {
	pg := pgtest.Start(t)
	dbURL := pg.URL + "&table=events"
	loadDefault(t, dbURL)
	mem, pgs := serve(t), serve(t, dbURL)

	ids := regexp.MustCompile(`"id":"([a-z0-9-]+)","geometry"`).FindAllStringSubmatch(getOK(t, mem.URL+"/api/collections/events/items?limit=10000"), -1)
	if len(ids) < 50 {
		t.Fatalf("only %d ids in the embedded dataset", len(ids))
	}
	paths := []string{
		"/healthz",
		"/api", "/api/conformance", "/api/collections", "/api/collections/events",
		"/api/collections/events/columns", "/api/collections/events/columns?q=baghdad", "/api/collections/events/columns?q=zzz",
		"/api/collections/events/items/no-such-event", "/api/collections/nothing/items",
	}
	for _, id := range ids {
		paths = append(paths, "/api/collections/events/items/"+id[1])
	}
	queries := []string{
		"", "limit=1", "limit=5&offset=10", "offset=50", "offset=1000", "limit=10000",
		"datetime=2020-01-08", "datetime=2020-01-08T01:34:00%2B03:00", "datetime=2020-01-03T00:00:00Z/2020-01-09T00:00:00Z",
		"datetime=../2020-01-01T00:00:00Z", "datetime=2020-01-10T00:00:00Z/..", "datetime=2020-01-07T22:34:00.0005Z/2020-01-07T22:34:00.9Z",
		"bbox=44,33,45,34", "bbox=40,30,60,40", "bbox=170,-10,-170,10", "bbox=46,32,50,36", "bbox=-180,-90,180,90",
		"category=strike", "category=protest,funeral", "category=missile-attack&bbox=40,30,50,40",
		"q=baghdad", "q=BAGHDAD", "q=soleimani&limit=3", "q=100%25", "q=a_b", "q=nothing-at-all", "q=%C3%A9",
		"datetime=2020-01-01/2020-01-31&category=protest&bbox=44,33,45,34&q=a&limit=2&offset=1",
		"f=kml", "f=csv&datetime=2020-01-08", "f=gpx&category=missile-attack", "f=json&limit=3",
		"datetime=nonsense", "bbox=1,2,3", "category=weather", "limit=0", "offset=-1", "colour=red",
	}
	for _, q := range queries {
		paths = append(paths, "/api/collections/events/items?"+q)
	}
	for _, q := range []string{"format=geojson", "format=kml", "format=csv", "format=gpx", "format=geojson&datetime=2020-01-08",
		"format=csv&bbox=44,33,45,34&category=strike", "format=kml&q=iran", "format=gpx&datetime=2020-01-08"} {
		paths = append(paths, "/api/export?"+q)
	}
	ok := 0
	for _, path := range paths {
		ms, mt, mb := get(t, mem.URL+path)
		if ms == http.StatusOK {
			ok++
		}
		ps, pt, pb := get(t, pgs.URL+path)
		mb, pb = timeStamp.ReplaceAllString(mb, ""), timeStamp.ReplaceAllString(pb, "")
		// Links are absolute: the two servers differ in their port.
		pb = strings.ReplaceAll(pb, strings.TrimPrefix(pgs.URL, "http://"), strings.TrimPrefix(mem.URL, "http://"))
		if ms != ps || mt != pt || mb != pb {
			t.Errorf("%s:\nmemory  %d %s %.600s\npostgis %d %s %.600s", path, ms, mt, mb, ps, pt, pb)
		}
	}
	if ok < len(paths)-10 {
		t.Errorf("only %d of %d answers are 200", ok, len(paths))
	}
	t.Logf("%d answers compared, %d of them 200", len(paths), ok)
}

// getOK returns the body of url, which must answer 200.
func getOK(t *testing.T, url string) string {
	t.Helper()
	status, _, body := get(t, url)
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", url, status, body)
	}
	return body
}

// TestPostGISLive: a change in the table shows without a restart; a
// database that is down, or a table that does not match the schema, is a
// 503 with a JSON reason, and the server recovers when the database does.
func TestPostGISLive(t *testing.T) {
	pg := pgtest.Start(t)
	dbURL := pg.URL + "&table=events&version_ttl=0"
	loadDefault(t, dbURL)
	srv := serve(t, dbURL, pg.URL+"&table=wrong")
	items := srv.URL + "/api/collections/events/items?q=soleimani&limit=1"

	conn, err := pgx.Connect(context.Background(), pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `CREATE TABLE wrong (id text)`); err != nil {
		t.Fatal(err)
	}

	before := getOK(t, items)
	if _, err := conn.Exec(context.Background(), `UPDATE events SET title = 'Changed: ' || title WHERE id = (SELECT id FROM events WHERE search LIKE '%soleimani%' ORDER BY start, id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	after := getOK(t, items)
	if before == after || !strings.Contains(after, `"title":"Changed: `) {
		t.Errorf("the change does not show:\n%s", after)
	}

	status, typ, body := get(t, srv.URL+"/api/collections/wrong/items")
	if status != http.StatusServiceUnavailable || typ != "application/json" || !strings.Contains(body, "column start is missing") {
		t.Errorf("a table of another shape: %d %s %s", status, typ, body)
	}

	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/collections/events/items", "/api/collections/events", "/api/export", "/healthz"} {
		status, typ, body := get(t, srv.URL+path)
		if status != http.StatusServiceUnavailable || typ != "application/json" || !strings.Contains(body, "database") {
			t.Errorf("%s with the database down: %d %s %s", path, status, typ, body)
		}
	}
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	if status, _, body := get(t, items); status != http.StatusOK {
		t.Errorf("after the database is back: %d %s", status, body)
	}
}

// TestPostGISServerStartsWithoutDatabase: a database that is not there yet
// does not stop the server from starting; it reports it.
func TestPostGISServerStartsWithoutDatabase(t *testing.T) {
	dbURL := "postgres://nobody@/nothing?host=" + url.QueryEscape(t.TempDir()) + "&table=events&query_timeout=2s"
	srv := serve(t, dbURL)
	status, _, body := get(t, srv.URL+"/healthz")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"events":"the database is unavailable"`) {
		t.Errorf("healthz: %d %s", status, body)
	}
}

// TestLoadIsAllOrNothing: a bad file changes nothing in the table.
func TestLoadIsAllOrNothing(t *testing.T) {
	pg := pgtest.Start(t)
	dbURL := pg.URL + "&table=events"
	loadDefault(t, dbURL)
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	os.WriteFile(bad, []byte(strings.Replace(string(data.Default()), `"category": "strike"`, `"category": "weather"`, 1)), 0o644)
	err := load(context.Background(), []string{bad, dbURL}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "weather") {
		t.Fatalf("load of a bad file: %v", err)
	}
	store, err := pgstore.Open(dbURL, datasetOptions(fileLimits{}))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info, err := store.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := defaultLen(t); info.Events != want {
		t.Errorf("after a bad load the table has %d events, want %d", info.Events, want)
	}
}

// TestPostGISSaysWhatIsWrong: a first run's mistakes are named as what they
// are: a table not loaded yet, a setting the database refuses (not a table
// of another shape), and an event already in the table on --append.
func TestPostGISSaysWhatIsWrong(t *testing.T) {
	pg := pgtest.Start(t)
	srv := serve(t, pg.URL+"&table=missing", pg.URL+"&table=events&query_timout=5s")
	status, _, body := get(t, srv.URL+"/healthz")
	for _, want := range []string{
		`"missing":"table missing does not exist (chronomap load makes it; see data/SCHEMA.md)"`,
		`"events":"the database is unavailable"`,
	} {
		if status != http.StatusServiceUnavailable || !strings.Contains(body, want) {
			t.Errorf("healthz: %d %s\nwant %s", status, body, want)
		}
	}

	dbURL := pg.URL + "&table=events"
	loadDefault(t, dbURL)
	file := filepath.Join(t.TempDir(), "events.geojson")
	os.WriteFile(file, data.Default(), 0o644)
	err := load(context.Background(), []string{"--append", file, dbURL}, io.Discard, io.Discard)
	if err == nil || !regexp.MustCompile(`Key \(id\)=\([a-z0-9-]+\) already exists`).MatchString(err.Error()) {
		t.Errorf("--append of events already in the table: %v", err)
	}
}
