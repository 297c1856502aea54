package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"chronomap/data"
	"chronomap/geo"
	"chronomap/server"
	"chronomap/synth"

	"github.com/labstack/echo/v4"
)

func newServer(t testing.TB) *echo.Echo {
	t.Helper()
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Chronomap</title>")}}
	e, err := server.New(server.Config{Collections: newCollections(t), Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newCollections loads the small test dataset as the collection "events".
func newCollections(t testing.TB) []server.Collection {
	t.Helper()
	b, err := os.ReadFile("../data/testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Load("small.geojson", b, data.Options{Geometry: geo.Densify})
	if err != nil {
		t.Fatal(err)
	}
	return []server.Collection{{ID: "events", Store: data.NewMemStore(ds)}}
}

type response struct {
	*httptest.ResponseRecorder
}

func get(t testing.TB, h http.Handler, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec}
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.Body)
	}
	return v
}

// ids returns the ids of the features of a FeatureCollection body.
func (r response) ids(t testing.TB) string {
	t.Helper()
	var ids []string
	for _, f := range r.json(t)["features"].([]any) {
		ids = append(ids, f.(map[string]any)["id"].(string))
	}
	return strings.Join(ids, " ")
}

func TestMetadata(t *testing.T) {
	e := newServer(t)
	tests := map[string]struct {
		path, want string
	}{
		"landing":     {"/api", `"rel":"conformance"`},
		"landing /":   {"/api/", `"rel":"data"`},
		"conformance": {"/api/conformance", "ogcapi-features-1/1.0/conf/geojson"},
		"collections": {"/api/collections", `"id":"events"`},
		"collection":  {"/api/collections/events", `"interval":[["2020-01-02T20:30:00Z","2020-01-09T17:00:00Z"]]`},
		"health":      {"/healthz", `"events":4`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, tc.path)
			if r.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200; body %s", r.Code, r.Body)
			}
			if !strings.Contains(r.Body.String(), tc.want) {
				t.Errorf("body lacks %s:\n%s", tc.want, r.Body)
			}
		})
	}
}

func TestItems(t *testing.T) {
	e := newServer(t)
	tests := map[string]struct {
		query, want string
	}{
		"all in time order":            {"", "flight strike missiles house-vote"},
		"8 January, Iraq time":         {"datetime=2020-01-08T00:00:00%2B03:00/2020-01-08T23:59:59%2B03:00", "missiles"},
		"instant":                      {"datetime=2020-01-02T21:47:00Z", "strike"},
		"date is its UTC day":          {"datetime=2020-01-02", "flight strike"},
		"GDAL's date":                  {"datetime=2020-01-07T%2F..", "missiles house-vote"},
		"GDAL's hour":                  {"datetime=2020-01-02T21Z", "flight strike"},
		"GDAL's minute":                {"datetime=..%2F2020-01-02T21:46Z", "flight"},
		"GDAL's start > a AND end < b": {"datetime=2020-01-02T21:47Z%2F..&datetime=..%2F2020-01-08T", "strike missiles"},
		"open start":                   {"datetime=../2020-01-03T00:00:00%2B03:00", "flight"},
		"open end, empty":              {"datetime=2020-01-09T00:00:00Z/", "house-vote"},
		"both open":                    {"datetime=../..", "flight strike missiles house-vote"},
		"before every event":           {"datetime=1900-01-01T00:00:00Z/1900-01-02T00:00:00Z", ""},
		"after every event":            {"datetime=2090-01-01T00:00:00Z/..", ""},
		"category, no event then":      {"category=strike&datetime=1900-01-01", ""},
		"bbox":                         {"bbox=40,30,50,36", "flight strike missiles"},
		"bbox across antimeridian":     {"bbox=170,30,-70,50", "house-vote"},
		"category":                     {"category=strike,politics", "strike house-vote"},
		"q":                            {"q=asad", "missiles"},
		"limit":                        {"limit=2", "flight strike"},
		"limit above max clamps":       {"limit=50000", "flight strike missiles house-vote"},
		"offset":                       {"limit=2&offset=2", "missiles house-vote"},
		"offset past the end":          {"offset=10", ""},
		"f=json":                       {"f=json&limit=1", "flight"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, "/api/collections/events/items?"+tc.query)
			if r.Code != http.StatusOK {
				t.Fatalf("status = %d; body %s", r.Code, r.Body)
			}
			if got := r.Header().Get("Content-Type"); got != "application/geo+json" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := r.ids(t); got != tc.want {
				t.Errorf("ids = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestItemsPaging(t *testing.T) {
	e := newServer(t)
	body := get(t, e, "/api/collections/events/items?limit=1&offset=1&category=strike,aviation,politics").json(t)
	if body["numberMatched"] != 3.0 || body["numberReturned"] != 1.0 || body["timeStamp"] == "" {
		t.Errorf("numberMatched = %v, numberReturned = %v, timeStamp = %v", body["numberMatched"], body["numberReturned"], body["timeStamp"])
	}
	links := map[string]string{}
	for _, l := range body["links"].([]any) {
		l := l.(map[string]any)
		links[l["rel"].(string)] = l["href"].(string)
	}
	want := map[string]string{
		"self": "http://example.com/api/collections/events/items?category=strike%2Caviation%2Cpolitics&limit=1&offset=1",
		"next": "http://example.com/api/collections/events/items?category=strike%2Caviation%2Cpolitics&limit=1&offset=2",
		"prev": "http://example.com/api/collections/events/items?category=strike%2Caviation%2Cpolitics&limit=1&offset=0",
	}
	for rel, href := range want {
		if links[rel] != href {
			t.Errorf("%s link = %q, want %q", rel, links[rel], href)
		}
	}
	last := get(t, e, "/api/collections/events/items?limit=2&offset=2").json(t)
	for _, l := range last["links"].([]any) {
		if l.(map[string]any)["rel"] == "next" {
			t.Error("last page has a next link")
		}
	}
}

func TestItem(t *testing.T) {
	e := newServer(t)
	r := get(t, e, "/api/collections/events/items/flight")
	if r.Code != http.StatusOK {
		t.Fatalf("status = %d", r.Code)
	}
	f := r.json(t)
	coords := f["geometry"].(map[string]any)["coordinates"].([]any)
	if f["id"] != "flight" || len(coords) < 70 {
		t.Errorf("id = %v with %d points, want the flight densified (about 72 points)", f["id"], len(coords))
	}
	props := f["properties"].(map[string]any)
	if props["start"] != "2020-01-02T22:30:00+02:00" {
		t.Errorf("start = %v, want the local offset kept", props["start"])
	}
}

func TestErrors(t *testing.T) {
	e := newServer(t)
	tests := map[string]struct {
		path   string
		status int
		want   string
	}{
		"datetime does not parse":       {"/api/collections/events/items?datetime=yesterday", 400, `parameter \"datetime\": \"yesterday\" is not an RFC 3339 time`},
		"datetime without offset":       {"/api/collections/events/items?datetime=2020-01-08T02:30:00", 400, `has no UTC offset`},
		"interval ends before start":    {"/api/collections/events/items?datetime=2020-01-09T00:00:00Z/2020-01-08T00:00:00Z", 400, `ends before it starts`},
		"three slashes":                 {"/api/collections/events/items?datetime=a/b/c", 400, `parameter \"datetime\"`},
		"bbox of three numbers":         {"/api/collections/events/items?bbox=1,2,3", 400, `parameter \"bbox\": \"1,2,3\" has 3 numbers; want 4`},
		"bbox latitude 95":              {"/api/collections/events/items?bbox=40,30,50,95", 400, `latitude 95 is out of range`},
		"bbox not numbers":              {"/api/collections/events/items?bbox=a,b,c,d", 400, `\"a\" is not a decimal number`},
		"bbox upside down":              {"/api/collections/events/items?bbox=40,36,50,30", 400, `minLat 36 is greater than maxLat 30`},
		"limit -1":                      {"/api/collections/events/items?limit=-1", 400, `parameter \"limit\": -1 is less than 1`},
		"limit abc":                     {"/api/collections/events/items?limit=abc", 400, `parameter \"limit\": \"abc\" is not a whole number`},
		"limit 0":                       {"/api/collections/events/items?limit=0", 400, `parameter \"limit\"`},
		"offset -3":                     {"/api/collections/events/items?offset=-3", 400, `parameter \"offset\": -3 is less than 0`},
		"unknown category":              {"/api/collections/events/items?category=war", 400, `unknown category \"war\"`},
		"empty category list":           {"/api/collections/events/items?category=,", 400, `parameter \"category\"`},
		"unknown parameter":             {"/api/collections/events/items?colour=red", 400, `parameter \"colour\": unknown parameter`},
		"parameter twice":               {"/api/collections/events/items?limit=1&limit=2", 400, `given 2 times`},
		"datetimes with no time shared": {"/api/collections/events/items?datetime=2020-01-09/..&datetime=../2020-01-08", 400, `parameter \"datetime\": the 2 intervals given share no time`},
		"GDAL's date, month 13":         {"/api/collections/events/items?datetime=2020-13-08T", 400, `parameter \"datetime\"`},
		"q too long":                    {"/api/collections/events/items?q=" + strings.Repeat("x", 201), 400, `parameter \"q\"`},
		"unknown f":                     {"/api/collections/events/items?f=xml", 400, `unknown format \"xml\"`},
		"unknown export format":         {"/api/export?format=shp", 400, `parameter \"format\": unknown format \"shp\"`},
		"export bad datetime":           {"/api/export?datetime=soon", 400, `parameter \"datetime\"`},
		"basemap without basemap":       {"/api/basemap?zoom=3", 404, `no basemap`},
		"unknown id":                    {"/api/collections/events/items/nope", 404, `no event \"nope\"`},
		"unknown collection":            {"/api/collections/nope/items", 404, `no collection \"nope\"`},
		"unknown API path":              {"/api/nothing/here", 404, `"code":"NotFound"`},
		"unknown file":                  {"/nothing.js", 404, `"code":"NotFound"`},
		"landing with a bad parameter":  {"/api?limit=3", 400, `unknown parameter`},
		"semicolon separator":           {"/api/export?format=kml;datetime=2020-01-08", 400, `the query string cannot be read`},
		"stray percent":                 {"/api/collections/events/items?limit=%ZZ", 400, `the query string cannot be read`},
		"bbox with underscores":         {"/api/collections/events/items?bbox=4_4,30,50,36", 400, `\"4_4\" is not a decimal number`},
		"bbox with NaN":                 {"/api/collections/events/items?bbox=NaN,30,50,36", 400, `\"NaN\" is not a decimal number`},
		"offset too large":              {"/api/collections/events/items?offset=99999999999999999999", 400, `is more than`},
		"the zero time":                 {"/api/collections/events/items?datetime=../0001-01-01T00:00:00Z", 400, `the earliest time there is`},
		"an interval of nothing":        {"/api/collections/events/items?datetime=/", 400, `needs at least one end`},
		"long input is clipped":         {"/api/collections/events/items/" + strings.Repeat("x", 500), 404, `xxx…`},
		"item with f=kml":               {"/api/collections/events/items/strike?f=kml", 400, `unknown format`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, tc.path)
			if r.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.Code, tc.status, r.Body)
			}
			body := r.json(t)
			if body["code"] == "" || body["description"] == "" {
				t.Errorf("body %s lacks code and description", r.Body)
			}
			if tc.status == 400 && body["code"] != "InvalidParameterValue" {
				t.Errorf("code = %v, want InvalidParameterValue", body["code"])
			}
			if !strings.Contains(r.Body.String(), tc.want) {
				t.Errorf("body = %s, want it to contain %s", r.Body, tc.want)
			}
		})
	}
}

func TestExport(t *testing.T) {
	e := newServer(t)
	tests := map[string]struct {
		query, file, ids string
	}{
		"all":         {"format=geojson", "small_all.geojson", "flight strike missiles house-vote"},
		"default fmt": {"", "small_all.geojson", "flight strike missiles house-vote"},
		"window":      {"datetime=2020-01-08T02:30:00%2B03:30/2020-01-08T06:30:00%2B03:30&category=missile-attack", "small_missile-attack_20200107T2300Z-20200108T0300Z.geojson", "missiles"},
		"open start":  {"datetime=../2020-01-03T00:00:00Z", "small_start-20200103T0000Z.geojson", "flight strike"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, "/api/export?"+tc.query)
			if r.Code != http.StatusOK {
				t.Fatalf("status = %d; body %s", r.Code, r.Body)
			}
			if got, want := r.Header().Get("Content-Disposition"), `attachment; filename="`+tc.file+`"`; got != want {
				t.Errorf("Content-Disposition = %q, want %q", got, want)
			}
			// A file as a dataset is written: its metadata and features, no paging.
			body := r.json(t)
			members := slices.Sorted(maps.Keys(body))
			if want := []string{"chronomap", "features", "name", "title", "type"}; !slices.Equal(members, want) || body["type"] != "FeatureCollection" {
				t.Errorf("members = %v, want %v", members, want)
			}
			if cats, _ := body["chronomap"].(map[string]any)["categories"].([]any); len(cats) != 4 {
				t.Errorf("chronomap.categories = %v, want the dataset's 4", cats)
			}
			if got := r.ids(t); got != tc.ids {
				t.Errorf("ids = %q, want %q", got, tc.ids)
			}
		})
	}
}

func TestConditionalAndGzip(t *testing.T) {
	e := newServer(t)
	const path = "/api/collections/events/items?category=strike"
	first := get(t, e, path)
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") == "" {
		t.Fatalf("ETag = %q, Cache-Control = %q", etag, first.Header().Get("Cache-Control"))
	}
	if r := get(t, e, path, "If-None-Match", etag); r.Code != http.StatusNotModified || r.Body.Len() != 0 {
		t.Errorf("matching If-None-Match: status %d with %d bytes, want 304 and none", r.Code, r.Body.Len())
	}
	if r := get(t, e, "/api/collections/events/items?category=politics", "If-None-Match", etag); r.Code != http.StatusOK {
		t.Errorf("another query with that ETag: status %d, want 200", r.Code)
	}
	r := get(t, e, "/api/collections/events/items", "Accept-Encoding", "gzip")
	if r.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", r.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !json.Valid(plain) {
		t.Errorf("gunzipped body is not JSON (%v)", err)
	}
	page := get(t, e, "/")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "<title>Chronomap") {
		t.Fatalf("GET / = %d %s", page.Code, page.Body)
	}
	if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	if r := get(t, e, "/", "If-None-Match", page.Header().Get("ETag")); r.Code != http.StatusNotModified {
		t.Errorf("page revalidation: status %d, want 304", r.Code)
	}
}

// BenchmarkItems answers the whole embedded dataset, the map's first request.
func BenchmarkItems(b *testing.B) {
	ds, err := data.Load(data.DefaultFile, data.Default(), data.Options{Geometry: geo.Densify})
	if err != nil {
		b.Fatal(err)
	}
	e, err := server.New(server.Config{Collections: []server.Collection{{ID: "events", Store: data.NewMemStore(ds)}}})
	if err != nil {
		b.Fatal(err)
	}
	for name, query := range map[string]string{"all": "", "8-january": "?datetime=2020-01-08T00:00:00Z/2020-01-08T23:59:59Z&category=missile-attack,aviation"} {
		for _, enc := range []string{"identity", "gzip"} {
			b.Run(name+"/"+enc, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, "/api/collections/events/items"+query, nil)
				req.Header.Set("Accept-Encoding", enc)
				b.ReportAllocs()
				for b.Loop() {
					e.ServeHTTP(httptest.NewRecorder(), req)
				}
			})
		}
	}
}

// BenchmarkItemsUncached answers a different hour of 100,000 generated
// events each time, more hours than the response cache holds: a query, its
// encoding and its links every request, as under wrk in make bench-http.
func BenchmarkItemsUncached(b *testing.B) {
	var buf bytes.Buffer
	if err := synth.WriteCSV(&buf, synth.Options{N: 100000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	ds, err := data.Read(context.Background(), "bench.csv", &buf, data.Options{Geometry: geo.Densify})
	if err != nil {
		b.Fatal(err)
	}
	e, err := server.New(server.Config{Collections: []server.Collection{{ID: "events", Store: data.NewMemStore(ds)}}})
	if err != nil {
		b.Fatal(err)
	}
	first, _ := ds.Interval()
	var reqs []*http.Request
	for h := range 4096 {
		from := first.Add(time.Duration(h*7%6000) * time.Hour).UTC()
		window := from.Format(time.RFC3339) + "/" + from.Add(time.Hour).Format(time.RFC3339)
		reqs = append(reqs, httptest.NewRequest(http.MethodGet, "/api/collections/events/items?datetime="+window, nil))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.ServeHTTP(httptest.NewRecorder(), reqs[i%len(reqs)])
		i++
	}
}

func TestLinksAndHeaders(t *testing.T) {
	e := newServer(t)
	item := get(t, e, "/api/collections/events/items/strike").json(t)
	links := fmt.Sprint(item["links"])
	for _, want := range []string{"href:http://example.com/api/collections/events/items/strike rel:self", "href:http://example.com/api/collections/events rel:collection"} {
		if !strings.Contains(links, want) {
			t.Errorf("item links %s lack %q", links, want)
		}
	}
	page := get(t, e, "/api/collections/events/items?category=strike").json(t)
	if links := fmt.Sprint(page["links"]); !strings.Contains(links, "category=strike&f=kml rel:alternate") {
		t.Errorf("items links %s lack the KML alternate", links)
	}
	if r := get(t, e, "/api/collections/ev%65nts/items/str%69ke"); r.Code != http.StatusOK {
		t.Errorf("percent-encoded path: status %d, want 200", r.Code)
	}
	for _, path := range []string{"/api", "/api/conformance", "/api/collections", "/api/collections/events", "/api/openapi.json"} {
		r := get(t, e, path)
		if r.Header().Get("ETag") == "" {
			t.Errorf("%s has no ETag", path)
		}
		if again := get(t, e, path, "If-None-Match", r.Header().Get("ETag")); again.Code != http.StatusNotModified {
			t.Errorf("%s revalidation: status %d, want 304", path, again.Code)
		}
	}
	if r := get(t, e, "/api/collections", "Origin", "https://example.org"); r.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("no CORS header for another origin")
	}
}

// TestOpenAPICoversRoutes checks the document against the router itself:
// every route the server answers is described.
func TestOpenAPICoversRoutes(t *testing.T) {
	e := newServer(t)
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	r := get(t, e, "/api/openapi.json")
	if err := json.Unmarshal(r.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	for _, route := range e.Routes() {
		if route.Method != http.MethodGet || strings.HasSuffix(route.Path, "*") {
			continue
		}
		path := param.ReplaceAllString(route.Path, "{$1}")
		if _, ok := doc.Paths[path]; !ok {
			t.Errorf("route %s is not in /api/openapi.json", path)
		}
	}
}

// downStore is a store whose database does not answer.
type downStore struct{ data.Store }

func (downStore) Version(context.Context) (string, error) {
	return "", &data.UnavailableError{Reason: "the database is unavailable"}
}

func (downStore) Info(context.Context) (data.Info, error) {
	return data.Info{}, &data.UnavailableError{Reason: "the database is unavailable"}
}

// A request wrong in itself is refused as such while the store is down;
// only what needs the store (which categories it has) waits for it.
func TestBadRequestWhileStoreIsDown(t *testing.T) {
	cols := newCollections(t)
	cols[0].Store = downStore{cols[0].Store}
	e, err := server.New(server.Config{Collections: cols, Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		path   string
		status int
		want   string
	}{
		"items, limit abc":      {"/api/collections/events/items?limit=abc", 400, `parameter \"limit\"`},
		"items, datetime":       {"/api/collections/events/items?datetime=soon", 400, `parameter \"datetime\"`},
		"items, bbox":           {"/api/collections/events/items?bbox=1,2,3", 400, `parameter \"bbox\"`},
		"export, datetime":      {"/api/export?datetime=soon", 400, `parameter \"datetime\"`},
		"columns, q too long":   {"/api/collections/events/columns?q=" + strings.Repeat("x", 201), 400, `parameter \"q\"`},
		"items, a category":     {"/api/collections/events/items?category=war", 503, `the database is unavailable`},
		"items, a good request": {"/api/collections/events/items?limit=5", 503, `the database is unavailable`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := get(t, e, tc.path)
			if r.Code != tc.status || !strings.Contains(r.Body.String(), tc.want) {
				t.Errorf("status %d, body %s; want %d and %s", r.Code, r.Body, tc.status, tc.want)
			}
		})
	}
}
