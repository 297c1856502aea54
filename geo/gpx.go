package geo

import (
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"time"

	"chronomap/data"

	"github.com/paulmach/orb"
)

// gpxNamespace is GPX 1.1's. In a GPX document places are waypoints and
// movements are tracks.
const gpxNamespace = "http://www.topografix.com/GPX/1/1"

type gpxMetadata struct {
	Name string `xml:"name"`
	Desc string `xml:"desc,omitempty"`
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
// distance between the movement's start and end. GPX puts every waypoint
// before any track, so it reads events twice, writing as it reads.
func WriteGPX(w io.Writer, meta data.Meta, events iter.Seq[*data.Event]) error {
	if err := writeGPX(w, meta, events); err != nil {
		return fmt.Errorf("geo: gpx: %w", err)
	}
	return nil
}

func writeGPX(w io.Writer, meta data.Meta, events iter.Seq[*data.Event]) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Space: gpxNamespace, Local: "gpx"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "version"}, Value: "1.1"}, {Name: xml.Name{Local: "creator"}, Value: "Chronomap"}}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	if err := enc.EncodeElement(gpxMetadata{Name: plainText(meta.Title), Desc: plainText(aboutText(meta))}, xml.StartElement{Name: xml.Name{Local: "metadata"}}); err != nil {
		return err
	}
	for _, tracks := range []bool{false, true} {
		for ev := range events {
			var links []gpxLink
			for _, s := range sources(ev) {
				links = append(links, gpxLink{Href: s.URL, Text: plainText(s.Title)})
			}
			// GPX text is plain, but some viewers render it as HTML.
			title, desc := plainText(ev.Title), plainText(description(ev))
			var err error
			switch g := rounded(ev.Geometry).(type) {
			case orb.Point:
				if !tracks {
					err = enc.EncodeElement(gpxPoint{Lat: g.Lat(), Lon: g.Lon(), Time: gpxTime(ev.Start),
						Name: title, Desc: desc, Link: links, Type: ev.Category}, xml.StartElement{Name: xml.Name{Local: "wpt"}})
				}
			case orb.LineString:
				if tracks {
					err = enc.EncodeElement(gpxTrack{Name: title, Desc: desc, Link: links,
						Type: ev.Category, Segment: timedPoints(g, ev.Start, ev.End)}, xml.StartElement{Name: xml.Name{Local: "trk"}})
				}
			default:
				err = fmt.Errorf("%w: event %q", ErrUnsupportedGeometry, ev.ID)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	return enc.Flush()
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
