package data_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"chronomap/data"
)

const csvHeader = "id,title,summary,category,place,start,time_precision,location_precision,lon,lat,wkt,source_title,source_publisher,source_url\n"

func TestLoadCSV(t *testing.T) {
	in := "id,end," + csvHeader[len("id,"):] +
		`strike,,"Drone strike, at night","He said ""revenge"".` + "\n" + `Second line.",strike,"Baghdad, Iraq",2020-01-03T00:47:00+03:00,minute,exact,44.2561,33.2581,,'=cmd,Pub,https://example.org/a` + "\n" +
		`flight,2020-01-03T00:36:00+03:00,Flight,Flies.,aviation,Damascus,2020-01-02T22:30:00+02:00,hour,approximate,,,"LINESTRING (36.5156 33.4114, 44.2346 33.2625)",T,P,https://example.org/b` + "\n"
	ds, err := data.LoadCSV("in.csv", []byte(in), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	strike, _ := ds.Get("strike")
	if strike.Title != "Drone strike, at night" || strike.Summary != "He said \"revenge\".\nSecond line." {
		t.Errorf("quoted text = %q / %q", strike.Title, strike.Summary)
	}
	if got := property(strike, "sources"); !strings.Contains(got, `"title":"=cmd"`) {
		t.Errorf("a guarded cell was not unguarded: %s", got)
	}
	if flight, _ := ds.Get("flight"); flight.Geometry.GeoJSONType() != "LineString" {
		t.Errorf("WKT geometry = %v", flight.Geometry)
	}
	if ds.Title != "in" {
		t.Errorf("Title = %q, want the file's name for a CSV", ds.Title)
	}
}

func TestLoadCSVProblems(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"bad WKT is one problem on its row": {csvHeader + "a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,,,LINESTRING (0 0,T,P,https://example.org\n",
			`in.csv: row 2 (id "a"): wkt: "LINESTRING (0 0" is not WKT`},
		"lon not a number": {csvHeader + "a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,abc,1,,T,P,https://example.org\n",
			`in.csv: row 2 (id "a"): lon, lat: "abc", "1" are not two finite numbers`},
		"NaN": {csvHeader + "a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,NaN,1,,T,P,https://example.org\n",
			`lon, lat: "NaN", "1" are not two finite numbers`},
		"duplicate id names rows": {csvHeader + strings.Repeat("a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n", 2),
			`in.csv: row 3 (id "a"): id: duplicate: row 2 has the same id`},
		"duplicate long id among ids alike in their first 16 bytes": {csvHeader +
			"incident-2020-01-b,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n" +
			"incident-2020-01-a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n" +
			"incident-2020-01-b,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n",
			`in.csv: row 4 (id "incident-2020-01-b"): id: duplicate: row 2 has the same id`},
		"column twice":        {"id,lon,lat,id\n", `in.csv: the header names column "id" twice`},
		"no geometry columns": {"id,title\n", "in.csv: the header needs lon and lat columns, or a wkt column"},
		"semicolons":          {"id;title;lon;lat\r\na;T;1,5;2\r\n", `in.csv: the header is one column, "id;title;lon;lat": separate columns with commas`},
		"tabs":                {"id\ttitle\tlon\tlat\n", `in.csv: the header is one column, "id\ttitle\tlon\tlat": separate columns with commas`},
		"short row":           {csvHeader + "a,T\n", "in.csv: row 2: has 2 fields, the header 14"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.LoadCSV("in.csv", []byte(tc.in), data.Options{})
			var inv *data.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error = %v", err)
			}
			if got := inv.Problems[0].String(); !strings.Contains(got, tc.want) {
				t.Errorf("first problem = %q, want %q", got, tc.want)
			}
			if strings.Contains(err.Error(), "geometry: missing") {
				t.Errorf("a spurious geometry problem:\n%v", err)
			}
		})
	}
}

func read(name string, b []byte) (*data.Dataset, error) {
	return data.Read(context.Background(), name, bytes.NewReader(b), data.Options{})
}

func property(ev *data.Event, name string) string {
	raw, _ := ev.Properties.Get(name)
	return string(raw)
}

func TestReadChoosesTheFormat(t *testing.T) {
	csv := []byte("id,lon,lat\n")
	for _, name := range []string{"x.csv", "x.txt"} {
		if _, err := read(name, csv); err == nil || strings.Contains(err.Error(), "JSON") {
			t.Errorf("%s read as GeoJSON: %v", name, err)
		}
	}
	if _, err := read("x.dat", []byte(` {"type":"Feature"}`)); err == nil || !strings.Contains(err.Error(), "FeatureCollection") {
		t.Errorf("JSON content not read as GeoJSON: %v", err)
	}
}

func TestParseDecimal(t *testing.T) {
	for s, want := range map[string]bool{"1": true, "-12.5": true, "+.5": true, "5.": true, "1e3": true, "-1.5E-7": true,
		"": false, ".": false, "-": false, "0x1p4": false, "5_1": false, "NaN": false, "Inf": false, "1e": false, "1e400": false, " 1": false, "1.2.3": false} {
		if _, ok := data.ParseDecimal(s); ok != want {
			t.Errorf("ParseDecimal(%q) ok = %v, want %v", s, ok, want)
		}
	}
}

// Rows are numbered as a spreadsheet shows them: the header is row 1, a
// blank line is a row, and a record is one row however many lines its
// quoted cells take.
func TestLoadCSVRowNumbers(t *testing.T) {
	good := func(id string) string {
		return id + ",T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n"
	}
	const bad = "bad,T,S,strike,P,3 January,minute,exact,1,1,,T,P,https://example.org\n"
	many := strings.Builder{}
	for i := range 30000 { // more than one chunk of 1 MiB
		many.WriteString(good(fmt.Sprintf("e%d", i)))
		if i%1000 == 0 {
			many.WriteString("\n")
		}
	}
	tests := map[string]struct{ in, want string }{
		"blank lines near the top": {csvHeader + "\n" + good("a") + "\n" + good("b") + good("c") + good("d") + bad,
			`in.csv: row 8 (id "bad"): start:`},
		"CRLF blank lines": {strings.ReplaceAll(csvHeader+"\n"+good("a")+"\n"+bad, "\n", "\r\n"),
			`in.csv: row 5 (id "bad"): start:`},
		"a cell of two lines": {csvHeader + strings.Replace(good("a"), ",S,", ",\"S\nS\",", 1) + "\n" + bad,
			`in.csv: row 4 (id "bad"): start:`},
		"a cell of two CRLF lines": {csvHeader + strings.Replace(good("a"), ",S,", ",\"S\r\nS\",", 1) + "\n" + good("b") + "\n\n" + bad,
			`in.csv: row 7 (id "bad"): start:`},
		"blank lines before the header": {"\n\n" + csvHeader + good("a") + bad,
			`in.csv: row 5 (id "bad"): start:`},
		"a duplicate names both rows": {csvHeader + good("a") + "\n" + good("a"),
			`in.csv: row 4 (id "a"): id: duplicate: row 2 has the same id`},
		"bad CSV after a blank line": {csvHeader + good("a") + "\n" + "x\"y\n",
			`in.csv: row 4: not valid CSV: bare " in non-quoted-field`},
		"after many chunks": {csvHeader + many.String() + "\n" + bad,
			fmt.Sprintf(`in.csv: row %d (id "bad"): start:`, 1+30000+30+1+1)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.LoadCSV("in.csv", []byte(tc.in), data.Options{})
			if got := problemLines(t, err); len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems:\n%v\nwant one: %s", err, tc.want)
			}
		})
	}
}

// A row of separators alone, which a spreadsheet leaves where a row's
// contents were cleared, is skipped as a blank line is, and still counted.
func TestLoadCSVSkipsClearedRows(t *testing.T) {
	good := func(id string) string {
		return id + ",T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,1,1,,T,P,https://example.org\n"
	}
	cleared := strings.Repeat(",", 13) + "\n"
	tests := map[string]struct {
		in, want string // want: the one problem, or "" for a dataset
		events   int
	}{
		"between rows":           {csvHeader + good("a") + cleared + cleared + good("b"), "", 2},
		"at the end, CRLF":       {strings.ReplaceAll(csvHeader+good("a")+cleared+cleared, "\n", "\r\n"), "", 1},
		"spaces and quotes":      {csvHeader + good("a") + `"", ,` + "\t" + strings.Repeat(",", 11) + "\n", "", 1},
		"fewer separators":       {csvHeader + good("a") + ",,,\n", "", 1},
		"still counted as a row": {csvHeader + cleared + cleared + "a,T,S,strike,P,3 January,minute,exact,1,1,,T,P,https://example.org\n", `in.csv: row 4 (id "a"): start:`, 0},
		"nothing but cleared":    {csvHeader + cleared + cleared, "in.csv: no rows", 0},
		"one cell is not empty":  {csvHeader + good("a") + ",,,,,,,,,,,,,x\n", "in.csv: row 3: id: missing", 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ds, err := data.LoadCSV("in.csv", []byte(tc.in), data.Options{})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if ds.Len() != tc.events {
					t.Errorf("%d events, want %d", ds.Len(), tc.events)
				}
				return
			}
			var inv *data.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error = %v", err)
			}
			if !strings.Contains(inv.Problems[0].String(), tc.want) {
				t.Errorf("problems:\n%v\nwant first: %s", err, tc.want)
			}
		})
	}
}

// A file saved as Windows-1252 or Latin-1 names each cell that is not
// UTF-8 once, and the file once, first.
func TestLoadCSVNotUTF8(t *testing.T) {
	const hint = `in.csv: the file is not UTF-8 text (Windows-1252 or Latin-1, perhaps): save it as "CSV UTF-8"`
	row := func(cells ...string) string {
		good := []string{"a", "T", "S", "strike", "P", "2020-01-03T00:47:00+03:00", "minute", "exact", "44", "33", "", "T", "P", "https://example.org"}
		for i := 0; i < len(cells); i += 2 {
			good[slices.Index(strings.Split(strings.TrimSpace(csvHeader), ","), cells[i])] = cells[i+1]
		}
		return strings.Join(good, ",") + "\n"
	}
	tests := map[string]struct {
		in   string
		want []string
	}{
		"a text cell": {csvHeader + row("place", "Caf\xe9"),
			[]string{hint, `in.csv: row 2 (id "a"): place: is not valid UTF-8 text`}},
		"cells of a checked form": {csvHeader + row("id", "caf\xe9", "category", "gr\xe8ve", "start", "2020-01-03T00:47:00+03:00\xa0", "time_precision", "\xe9"),
			[]string{hint, `in.csv: row 2 (id "caf�"): id: is not valid UTF-8 text`, `in.csv: row 2 (id "caf�"): category: is not valid UTF-8 text`,
				`in.csv: row 2 (id "caf�"): start: is not valid UTF-8 text`, `in.csv: row 2 (id "caf�"): time_precision: is not valid UTF-8 text`}},
		"source cells": {csvHeader + row("source_title", "\xc9dition", "source_url", "https://example.org/caf\xe9"),
			[]string{hint, `in.csv: row 2 (id "a"): source_title: is not valid UTF-8 text`, `in.csv: row 2 (id "a"): source_url: is not valid UTF-8 text`}},
		"a coordinate": {csvHeader + row("lon", "44.5\xb0"),
			[]string{hint, `in.csv: row 2 (id "a"): lon, lat: "44.5` + "\uFFFD" + `", "33" are not two finite numbers`}},
		"a coordinate WKT stands in for": {csvHeader + row("lon", "44.5\xb0", "wkt", "POINT (1 2)"),
			[]string{hint, `in.csv: row 2 (id "a"): lon: is not valid UTF-8 text`}},
		"the file is named once": {csvHeader + strings.Repeat(row("title", "Caf\xe9"), 3),
			[]string{hint, `in.csv: row 2 (id "a"): title: is not valid UTF-8 text`,
				`in.csv: row 3 (id "a"): id: duplicate: row 2 has the same id`, `in.csv: row 3 (id "a"): title: is not valid UTF-8 text`,
				`in.csv: row 4 (id "a"): id: duplicate: row 2 has the same id`, `in.csv: row 4 (id "a"): title: is not valid UTF-8 text`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.LoadCSV("in.csv", []byte(tc.in), data.Options{})
			if err == nil {
				t.Fatal("loaded")
			}
			if got := problemLines(t, err); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A column the header lacks is one problem of the file, naming the
// header's cells that look like it, rather than "missing" in every row;
// the rows are still read for what else is wrong.
func TestLoadCSVHeaderGaps(t *testing.T) {
	// file makes a CSV file of the columns and rows given, each row a map
	// from column to cell; cells not given are good.
	file := func(header string, rows ...map[string]string) string {
		good := map[string]string{"id": "a", "title": "T", "summary": "S", "category": "strike", "place": "P",
			"start": "2020-01-03T00:47:00+03:00", "time_precision": "minute", "location_precision": "exact",
			"lon": "44", "lat": "33", "source_title": "T", "source_publisher": "P", "source_url": "https://example.org"}
		var b strings.Builder
		b.WriteString(header + "\n")
		cols := strings.Split(header, ",")
		for n, row := range rows {
			for i, col := range cols {
				if i > 0 {
					b.WriteByte(',')
				}
				cell, ok := row[col]
				if !ok {
					cell = good[strings.ToLower(col)]
				}
				if col == "id" && !ok {
					cell = fmt.Sprintf("e%d", n)
				}
				b.WriteString(cell)
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	const rest = "time_precision,location_precision,lon,lat,source_title,source_publisher,source_url"
	tests := map[string]struct {
		in   string
		want []string // nil: it loads
	}{
		"renamed columns": {file("id,title,summary,category,Place name,Start date,"+rest, nil, nil, nil),
			[]string{`in.csv: the header has no "place" column (it has "Place name")`, `in.csv: the header has no "start" column (it has "Start date")`}},
		"spaces, hyphens and case": {file("id,title,summary,category,place,start,Time Precision,location-precision,lon,lat,source_title,source_publisher,source_url", nil),
			[]string{`in.csv: the header has no "time_precision" column (it has "Time Precision")`, `in.csv: the header has no "location_precision" column (it has "location-precision")`}},
		"two cells alike": {file("id,title,summary,category,place,Date,Start time,"+rest, nil),
			[]string{`in.csv: the header has no "start" column (it has "Date", "Start time")`}},
		"nothing alike": {file("id,title,category,place,start,"+rest, nil),
			[]string{`in.csv: the header has no "summary" column`}},
		"the rows are read for the rest": {file("id,title,place,start,"+rest, map[string]string{"title": ""}, map[string]string{"start": "3 January"}),
			[]string{`in.csv: the header has no "summary" column`, `in.csv: the header has no "category" column`,
				`in.csv: row 2 (id "e0"): title: missing`, `in.csv: row 3 (id "e1"): start: "3 January" is not an RFC 3339 time (e.g. 2020-01-03T00:47:00+03:00)`}},
		"no source columns": {file("id,title,summary,category,place,start,time_precision,location_precision,lon,lat,URL", nil),
			[]string{`in.csv: the header has no "source_title" column`, `in.csv: the header has no "source_publisher" column`, `in.csv: the header has no "source_url" column (it has "URL")`}},
		"no source url": {file("id,title,summary,category,place,start,time_precision,location_precision,lon,lat,source_title,source_publisher", nil, nil),
			[]string{`in.csv: the header has no "source_url" column`}},
		"numbered sources alone": {strings.NewReplacer("source_title", "source_title_2", "source_publisher", "source_publisher_2", "source_url", "source_url_2").
			Replace(file("id,title,summary,category,place,start,"+rest, nil)), nil},
		"a header alone": {"id,title,summary,category,place,Start date," + rest + "\n",
			[]string{`in.csv: the header has no "start" column (it has "Start date")`}},
		"Longitude and Latitude": {file("id,title,summary,category,place,start,time_precision,location_precision,Longitude,Latitude,source_title,source_publisher,source_url", nil),
			[]string{`in.csv: the header has no "lon" column (it has "Longitude")`, `in.csv: the header has no "lat" column (it has "Latitude")`}},
		"Longitude and Latitude beside wkt, a row without": {file("id,title,summary,category,place,start,end,time_precision,location_precision,Longitude,Latitude,wkt,source_title,source_publisher,source_url",
			map[string]string{"wkt": `"POINT (44 33)"`}, map[string]string{"Longitude": "44", "Latitude": "33"}, map[string]string{"Longitude": "44", "Latitude": "33"}),
			[]string{`in.csv: the header has no "lon" column (it has "Longitude")`, `in.csv: the header has no "lat" column (it has "Latitude")`}},
		"Longitude and Latitude beside wkt in every row": {file("id,title,summary,category,place,start,end,time_precision,location_precision,Longitude,Latitude,wkt,source_title,source_publisher,source_url",
			map[string]string{"wkt": `"POINT (44 33)"`, "Longitude": "44", "Latitude": "33"}), nil},
		"lon and Latitude beside wkt, a row without wkt": {file("id,title,summary,category,place,start,time_precision,location_precision,lon,Latitude,wkt,source_title,source_publisher,source_url",
			map[string]string{"lon": "44.0223", "Latitude": "33"}),
			[]string{`in.csv: the header has no "lat" column (it has "Latitude")`}},
		"no geometry, a geometry column": {file("id,title,summary,category,place,start,time_precision,location_precision,Geometry,source_title,source_publisher,source_url", nil),
			[]string{`in.csv: the header needs lon and lat columns, or a wkt column (it has "Geometry")`}},
		"a column twice is told first": {"id,id,summary\n",
			[]string{`in.csv: the header names column "id" twice`, "in.csv: the header needs lon and lat columns, or a wkt column",
				`in.csv: the header has no "title" column`, `in.csv: the header has no "category" column`, `in.csv: the header has no "place" column`,
				`in.csv: the header has no "start" column`, `in.csv: the header has no "time_precision" column`, `in.csv: the header has no "location_precision" column`,
				`in.csv: the header has no "source_title" column`, `in.csv: the header has no "source_publisher" column`, `in.csv: the header has no "source_url" column`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := data.LoadCSV("in.csv", []byte(tc.in), data.Options{})
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := problemLines(t, err); !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A CSV in projected coordinates (metres, say) is told so once, before its
// rows' own problems, and how to reproject it.
func TestLoadCSVProjected(t *testing.T) {
	in := csvHeader +
		"a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,4926457.3,3505743.9,,T,P,https://example.org\n" +
		"b,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,4926000,3505000,,T,P,https://example.org\n"
	_, err := data.LoadCSV("in.csv", []byte(in), data.Options{})
	want := []string{
		"in.csv: coordinates such as 4.9264573e+06, 3.5057439e+06 look projected (not degrees), but lon and lat are WGS 84 longitude and latitude in degrees: reproject them, e.g. with ogr2ogr -s_srs (the file's system) -t_srs EPSG:4326",
		"in.csv: row 2 (id \"a\"): lon, lat: latitude 3.5057439e+06 is out of range [-90, 90]",
		"in.csv: row 3 (id \"b\"): lon, lat: latitude 3.505e+06 is out of range [-90, 90]",
	}
	if got := problemLines(t, err); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A file that starts with an event, its header row left out, says so, and
// nothing that follows from it.
func TestLoadCSVNoHeaderRow(t *testing.T) {
	in := "a,T,S,strike,P,2020-01-03T00:47:00+03:00,minute,exact,44.2,33.2,,T,P,https://example.org\n"
	_, err := data.LoadCSV("in.csv", []byte(in), data.Options{})
	got := problemLines(t, err)
	want := `in.csv: the first row holds "2020-01-03T00:47:00+03:00", an event's value rather than a column's name: put a header row first, naming the columns`
	if len(got) != 1 || got[0] != want {
		t.Errorf("problems:\n%s\nwant only: %s", strings.Join(got, "\n"), want)
	}
}
