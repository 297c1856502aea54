// Package synth writes synthetic chronologies in the documented schema, for
// benchmarks and scale tests: events spread over nine months across the
// Middle East, clustered around cities, 2% of them tracks.
package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Options say what to generate. The same options always give the same bytes.
type Options struct {
	N    int    // events
	Seed uint64 // for the random source
	// Categories to draw from; nil is data.Categories.
	Categories []string
}

// city is a centre events cluster around, with its UTC offset in winter.
type city struct {
	name     string
	lon, lat float64
	offset   int // minutes east of UTC
}

var cities = []city{
	{"Baghdad", 44.366, 33.315, 180}, {"Basra", 47.783, 30.508, 180}, {"Mosul", 43.130, 36.340, 180},
	{"Erbil", 44.009, 36.191, 180}, {"Kirkuk", 44.392, 35.468, 180}, {"Najaf", 44.336, 32.000, 180},
	{"Karbala", 44.024, 32.616, 180}, {"Nasiriyah", 46.261, 31.052, 180}, {"Ramadi", 43.301, 33.425, 180},
	{"Tehran", 51.389, 35.689, 210}, {"Isfahan", 51.668, 32.654, 210}, {"Shiraz", 52.531, 29.592, 210},
	{"Mashhad", 59.606, 36.297, 210}, {"Tabriz", 46.292, 38.080, 210}, {"Ahvaz", 48.669, 31.318, 210},
	{"Kermanshah", 47.065, 34.314, 210}, {"Damascus", 36.292, 33.513, 120}, {"Aleppo", 37.161, 36.202, 120},
	{"Deir ez-Zor", 40.141, 35.336, 120}, {"Beirut", 35.502, 33.894, 120}, {"Amman", 35.930, 31.950, 120},
	{"Riyadh", 46.675, 24.713, 180}, {"Kuwait City", 47.978, 29.376, 180}, {"Doha", 51.531, 25.285, 180},
	{"Manama", 50.586, 26.228, 180}, {"Sanaa", 44.191, 15.369, 180}, {"Aden", 45.033, 12.800, 180},
}

var words = []string{"rocket", "attack", "convoy", "protest", "checkpoint", "drone", "strike", "rally",
	"statement", "militia", "base", "embassy", "airport", "market", "bridge", "port", "patrol", "talks",
	"sanctions", "funeral", "vote", "curfew", "raid", "explosion", "shelling", "ceasefire"}

// epoch is the first day events start on; they spread over nine months.
var epoch = time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC)

const span = 274 * 24 * time.Hour

// event is one generated event, before it is written in either format.
type event struct {
	id, title, summary, category, place string
	start, end                          string // end empty for an instant
	timePrecision, locationPrecision    string
	killed                              int // -1 for none
	coords                              [][2]float64
	source                              [3]string // title, publisher, url
}

// defaultCategories are those of the embedded crisis, so that synthetic
// data looks like it to the page.
var defaultCategories = []string{"strike", "missile-attack", "attack", "aviation", "protest", "funeral",
	"politics", "diplomacy", "sanctions", "military", "legal"}

type generator struct {
	rnd  *rand.Rand
	cats []string
}

func newGenerator(o Options) *generator {
	cats := o.Categories
	if len(cats) == 0 {
		cats = defaultCategories
	}
	return &generator{rnd: rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15)), cats: cats}
}

func (g *generator) event(i int) event {
	r := g.rnd
	ci := r.IntN(len(cities))
	c := cities[ci]
	loc := time.FixedZone("", c.offset*60)
	start := epoch.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute).In(loc)
	ev := event{
		id:                "ev-" + strconv.Itoa(i),
		category:          g.cats[r.IntN(len(g.cats))],
		timePrecision:     [...]string{"minute", "hour", "day"}[r.IntN(3)],
		locationPrecision: [...]string{"exact", "approximate", "city"}[r.IntN(3)],
		killed:            -1,
	}
	w1, w2 := words[r.IntN(len(words))], words[r.IntN(len(words))]
	ev.title = fmt.Sprintf("%s %s near %s", capital(w1), w2, c.name)
	ev.summary = fmt.Sprintf("Reports describe a %s and a %s near %s; event %d of a synthetic chronology.", w1, w2, c.name, i)
	ev.place = c.name
	var end time.Time
	if r.IntN(50) == 0 {
		// A movement to another city, taking an hour or a few.
		d := cities[(ci+1+r.IntN(len(cities)-1))%len(cities)]
		ev.coords = [][2]float64{{c.lon, c.lat}, {(c.lon + d.lon) / 2, (c.lat+d.lat)/2 + 0.5}, {d.lon, d.lat}}
		ev.place = c.name + " to " + d.name
		end = start.Add(time.Duration(1+r.IntN(5)) * time.Hour).In(time.FixedZone("", d.offset*60))
	} else {
		// Most events cluster within tens of kilometres of a city; some fall anywhere in the region.
		lon, lat := c.lon+r.NormFloat64()*0.3, c.lat+r.NormFloat64()*0.3
		if r.IntN(5) == 0 {
			lon, lat = 34+r.Float64()*26, 13+r.Float64()*25
		}
		ev.coords = [][2]float64{{round(lon), round(lat)}}
		switch k := r.IntN(100); {
		case k < 60: // an instant
		case k < 90:
			end = start.Add(time.Duration(1+r.IntN(12)) * time.Hour)
		case k < 99:
			end = start.Add(time.Duration(1+r.IntN(14)) * 24 * time.Hour)
		default: // a campaign lasting months
			end = start.Add(time.Duration(30+r.IntN(120)) * 24 * time.Hour)
		}
	}
	ev.start = start.Format(time.RFC3339)
	if !end.IsZero() {
		ev.end = end.Format(time.RFC3339)
	}
	if r.IntN(4) == 0 {
		ev.killed = r.IntN(20)
	}
	ev.source = [3]string{"Report " + strconv.Itoa(i), "Synthetic Wire", "https://example.org/reports/" + strconv.Itoa(i)}
	return ev
}

func capital(s string) string { return string(s[0]-'a'+'A') + s[1:] }

func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// WriteGeoJSON writes o.N events as a GeoJSON FeatureCollection.
func WriteGeoJSON(w io.Writer, o Options) error {
	g := newGenerator(o)
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "{\"type\":\"FeatureCollection\",\"name\":\"synthetic-%d\",\"title\":\"Synthetic chronology of %d events\",\"features\":[\n", o.N, o.N)
	for i := 0; i < o.N; i++ {
		ev := g.event(i)
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteString(`{"type":"Feature","geometry":`)
		if len(ev.coords) == 1 {
			fmt.Fprintf(bw, `{"type":"Point","coordinates":[%s,%s]}`, num(ev.coords[0][0]), num(ev.coords[0][1]))
		} else {
			bw.WriteString(`{"type":"LineString","coordinates":[`)
			for k, p := range ev.coords {
				if k > 0 {
					bw.WriteByte(',')
				}
				fmt.Fprintf(bw, "[%s,%s]", num(p[0]), num(p[1]))
			}
			bw.WriteString("]}")
		}
		bw.WriteString(`,"properties":{`)
		fmt.Fprintf(bw, `"id":%s,"title":%s,"summary":%s,"category":%s,"place":%s,"start":%s,`,
			q(ev.id), q(ev.title), q(ev.summary), q(ev.category), q(ev.place), q(ev.start))
		if ev.end != "" {
			fmt.Fprintf(bw, `"end":%s,`, q(ev.end))
		}
		fmt.Fprintf(bw, `"time_precision":%s,"location_precision":%s,`, q(ev.timePrecision), q(ev.locationPrecision))
		if ev.killed >= 0 {
			fmt.Fprintf(bw, `"killed":%d,`, ev.killed)
		}
		fmt.Fprintf(bw, `"sources":[{"title":%s,"publisher":%s,"url":%s}]}}`, q(ev.source[0]), q(ev.source[1]), q(ev.source[2]))
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// WriteCSV writes o.N events as CSV in the columns data.LoadCSV reads.
func WriteCSV(w io.Writer, o Options) error {
	g := newGenerator(o)
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("id,title,summary,category,place,start,end,time_precision,location_precision,killed,lon,lat,wkt,source_title,source_publisher,source_url\n")
	for i := 0; i < o.N; i++ {
		ev := g.event(i)
		killed := ""
		if ev.killed >= 0 {
			killed = strconv.Itoa(ev.killed)
		}
		var lon, lat, wkt string
		if len(ev.coords) == 1 {
			lon, lat = num(ev.coords[0][0]), num(ev.coords[0][1])
		} else {
			wkt = "\"LINESTRING ("
			for k, p := range ev.coords {
				if k > 0 {
					wkt += ", "
				}
				wkt += num(p[0]) + " " + num(p[1])
			}
			wkt += ")\""
		}
		// No generated text holds a comma or a quote, so fields need no quoting.
		fmt.Fprintf(bw, "%s,%s,\"%s\",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", ev.id, ev.title, ev.summary, ev.category,
			ev.place, ev.start, ev.end, ev.timePrecision, ev.locationPrecision, killed, lon, lat, wkt,
			ev.source[0], ev.source[1], ev.source[2])
	}
	return bw.Flush()
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
