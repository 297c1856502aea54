package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"chronomap/data"
	"chronomap/geo"
	"chronomap/server"
)

func post(t testing.TB, h http.Handler, target, contentType string, body []byte) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec}
}

func form(t testing.TB, parts map[string][2]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for field, p := range parts {
		fw, err := w.CreateFormFile(field, p[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(p[1]))
	}
	w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func TestValidate(t *testing.T) {
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Chronomap</title>")}}
	e, err := server.New(server.Config{Collections: newCollections(t), Assets: assets,
		DatasetOptions: data.Options{Geometry: geo.Densify, Precision: geo.Precision}, MaxUpload: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	small, err := os.ReadFile("../data/testdata/small.geojson")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../examples/csv/beirut-port.csv")
	if err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile("../examples/csv/beirut-port.meta.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(small, []byte(`"start": "2020-01-03T00:47:00+03:00"`), []byte(`"start": "3 Jan 2020"`), 1)
	if bytes.Equal(bad, small) {
		t.Fatal("the edit did not apply")
	}
	one := bytes.Join(bytes.SplitAfterN(csv, []byte("\n"), 3)[:2], nil) // the header and the first row
	csvForm, csvBody := form(t, map[string][2]string{"file": {"beirut.csv", string(csv)}, "meta": {"beirut.meta.json", string(meta)}})
	badMetaForm, badMetaBody := form(t, map[string][2]string{"file": {"beirut.csv", string(csv)}, "meta": {"m.json", `{"timezone": "Nowhere"}`}})
	noFileForm, noFileBody := form(t, map[string][2]string{"meta": {"m.json", `{}`}})
	tests := map[string]struct {
		target, contentType string
		body                []byte
		status              int
		want                []string // in the body
	}{
		"good":              {"/api/validate?name=small.geojson", "application/geo+json", small, 200, []string{`"valid":true`, `"events":4`, `small.geojson: ok, 4 events`}},
		"bad":               {"/api/validate?name=mine.geojson", "", bad, 422, []string{`"code":"InvalidDataset"`, `"file":"mine.geojson"`, `"unit":"feature"`, `"index":0`, `"field":"start"`, `"message":"\"3 Jan 2020\" is not an RFC 3339 time`, `"text":"mine.geojson: feature 0 (id \"strike\"): start:`}},
		"a path is no name": {"/api/validate?name=../../etc/x.geojson", "", bad, 422, []string{`"file":"x.geojson"`}},
		"CSV and sidecar":   {"/api/validate?features=true", csvForm, csvBody, 200, []string{`"type":"FeatureCollection"`, `"title":"The 2020 Beirut port explosion"`, `"timezone":"Asia/Beirut"`, `"id":"port-explosion"`}},
		"bad sidecar":       {"/api/validate", badMetaForm, badMetaBody, 422, []string{`"file":"m.json"`, `"field":"timezone"`}},
		"form without file": {"/api/validate", noFileForm, noFileBody, 400, []string{`no \"file\" part`}},
		"too large":         {"/api/validate?name=big.csv", "text/csv", bytes.Repeat([]byte("x"), 65<<10), 413, []string{`"code":"PayloadTooLarge"`, `larger than 0 MiB`}},
		"too large GeoJSON": {"/api/validate?name=big.geojson", "application/geo+json", []byte(`{"type":"FeatureCollection","name":"` + strings.Repeat("x", 65<<10) + `"}`), 413, []string{`"code":"PayloadTooLarge"`}},
		"one event":         {"/api/validate?name=one.csv", "text/csv", one, 200, []string{`"events":1`, `one.csv: ok, 1 event"`}},
		"bad features":      {"/api/validate?features=yes", "", small, 400, []string{`parameter \"features\"`}},
		"unknown parameter": {"/api/validate?format=csv", "", small, 400, []string{`unknown parameter`}},
		"not a dataset":     {"/api/validate?name=notes.txt", "", []byte("hello"), 422, []string{`"file":"notes.txt"`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := post(t, e, tc.target, tc.contentType, tc.body)
			if r.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.Code, tc.status, r.Body)
			}
			if !json.Valid(r.Body.Bytes()) {
				t.Fatalf("body is not JSON: %s", r.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body.String(), w) {
					t.Errorf("body lacks %s:\n%s", w, r.Body)
				}
			}
		})
	}
}
