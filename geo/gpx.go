package geo

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"chronomap/data"

	"github.com/paulmach/orb"
)

// GPX 1.1 documents: places are waypoints, movements are tracks.
type gpxDoc struct {
	XMLName   xml.Name   `xml:"http://www.topografix.com/GPX/1/1 gpx"`
	Version   string     `xml:"version,attr"`
	Creator   string     `xml:"creator,attr"`
	Name      string     `xml:"metadata>name"`
	Waypoints []gpxPoint `xml:"wpt"`
	Tracks    []gpxTrack `xml:"trk"`
}

type gpxPoint struct {
	Lat  float64   `xml:"lat,attr"`
	Lon  float64   `xml:"lon,attr"`
	Time string    `xml:"time"`
	Name string    `xml:"name,omitempty"`
	Desc string    `xml:"desc,omitempty"`
	Link []gpxLink `xml:"link,omitempty"`
	Type string    `xml:"type,omitempty"`
}

type gpxLink struct {
	Href string `xml:"href,attr"`
	Text string `xml:"text,omitempty"`
}

type gpxTrack struct {
	Name    string     `xml:"name"`
	Desc    string     `xml:"desc"`
	Link    []gpxLink  `xml:"link,omitempty"`
	Type    string     `xml:"type"`
	Segment []gpxPoint `xml:"trkseg>trkpt"`
}

// WriteGPX writes events as GPX 1.1: each Point a waypoint at its start
// time, each LineString a track whose points carry times interpolated by
// distance between the movement's start and end.
func WriteGPX(w io.Writer, name string, events []*data.Event) error {
	doc := gpxDoc{Version: "1.1", Creator: "Chronomap", Name: plainText(name)}
	for _, ev := range events {
		var links []gpxLink
		for _, s := range sources(ev) {
			links = append(links, gpxLink{Href: s.URL, Text: plainText(s.Title)})
		}
		// GPX text is plain, but some viewers render it as HTML.
		title, desc := plainText(ev.Title), plainText(description(ev))
		switch g := rounded(ev.Geometry).(type) {
		case orb.Point:
			doc.Waypoints = append(doc.Waypoints, gpxPoint{Lat: g.Lat(), Lon: g.Lon(), Time: gpxTime(ev.Start),
				Name: title, Desc: desc, Link: links, Type: ev.Category})
		case orb.LineString:
			doc.Tracks = append(doc.Tracks, gpxTrack{Name: title, Desc: desc, Link: links,
				Type: ev.Category, Segment: timedPoints(g, ev.Start, ev.End)})
		default:
			return fmt.Errorf("%w: event %q", ErrUnsupportedGeometry, ev.ID)
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("geo: gpx: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("geo: gpx: %w", err)
	}
	return nil
}

// timedPoints spreads the time from start to end along ls in proportion to
// the distance travelled: the movement is taken to go at an even speed.
func timedPoints(ls orb.LineString, start, end time.Time) []gpxPoint {
	total := Length(ls)
	span := end.Sub(start)
	out := make([]gpxPoint, len(ls))
	var done float64
	for i, p := range ls {
		if i > 0 {
			done += Length(ls[i-1 : i+1])
		}
		at := start
		switch {
		case i == len(ls)-1:
			at = end
		case total > 0:
			at = start.Add(time.Duration(float64(span) * done / total)).Round(time.Second)
		}
		out[i] = gpxPoint{Lat: p.Lat(), Lon: p.Lon(), Time: gpxTime(at)}
	}
	return out
}

// gpxTime writes a time in UTC, as GPX readers expect.
func gpxTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
