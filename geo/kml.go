package geo

import (
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"iter"

	"chronomap/data"

	gokml "github.com/twpayne/go-geom/encoding/kml"
	kml "github.com/twpayne/go-kml/v3"
)

// CategoryColors are the map's category colours (an Okabe–Ito based,
// colour-blind-safe palette), used by the KML styles.
var CategoryColors = map[string]color.RGBA{
	"strike":         {0xd5, 0x5e, 0x00, 0xff},
	"missile-attack": {0xcc, 0x33, 0x11, 0xff},
	"attack":         {0xe6, 0x9f, 0x00, 0xff},
	"aviation":       {0x00, 0x72, 0xb2, 0xff},
	"protest":        {0xcc, 0x79, 0xa7, 0xff},
	"funeral":        {0x55, 0x55, 0x55, 0xff},
	"politics":       {0x56, 0xb4, 0xe9, 0xff},
	"diplomacy":      {0x00, 0x9e, 0x73, 0xff},
	"sanctions":      {0x88, 0x66, 0x33, 0xff},
	"military":       {0x66, 0x77, 0x22, 0xff},
	"legal":          {0x77, 0x44, 0x99, 0xff},
}

// WriteKML writes events as a KML document: a Placemark each, with a
// TimeStamp or TimeSpan so that Google Earth's time slider plays them, a
// style per category, and the event's fields as ExtendedData. It writes each
// placemark as it reads its event, so memory does not grow with the file.
func WriteKML(w io.Writer, name string, events iter.Seq[*data.Event]) error {
	if err := writeKML(w, name, events); err != nil {
		return fmt.Errorf("geo: kml: %w", err)
	}
	return nil
}

func writeKML(w io.Writer, name string, events iter.Seq[*data.Event]) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Space: kml.Namespace, Local: "kml"}}
	doc := xml.StartElement{Name: xml.Name{Local: "Document"}}
	for _, t := range []xml.Token{root, doc} {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	head := []kml.Element{kml.Name(plainText(name)), kml.Open(true)}
	for _, c := range data.Categories {
		col := CategoryColors[c]
		head = append(head, kml.SharedStyle(c,
			kml.IconStyle(kml.Color(col), kml.Scale(1.1)),
			kml.LineStyle(kml.Color(col), kml.Width(3)),
		))
	}
	for _, e := range head {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	for ev := range events {
		pm, err := placemark(ev)
		if err != nil {
			return err
		}
		if err := enc.Encode(pm); err != nil {
			return err
		}
	}
	for _, t := range []xml.Token{doc.End(), root.End()} {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	return enc.Flush()
}

func placemark(ev *data.Event) (*kml.PlacemarkElement, error) {
	g, err := ToGeom(rounded(ev.Geometry))
	if err != nil {
		return nil, err
	}
	shape, err := gokml.Encode(g)
	if err != nil {
		return nil, fmt.Errorf("geo: kml: event %q: %w", ev.ID, err)
	}
	if ls, ok := shape.(*kml.LineStringElement); ok {
		// The schema wants tessellate before the coordinates.
		ls.Children = append([]kml.Element{kml.Tessellate(true)}, ls.Children...)
	}
	var when kml.Element = kml.TimeStamp(kml.When(ev.Start))
	if !ev.End.Equal(ev.Start) {
		when = kml.TimeSpan(kml.Begin(ev.Start), kml.End(ev.End))
	}
	ext := kml.ExtendedData()
	for _, field := range []string{"id", "category", "place", "start", "end", "time_precision", "location_precision", "killed", "injured", "note"} {
		if v := text(ev, field); v != "" {
			ext.Append(kml.Data(field, kml.Value(plainText(v))))
		}
	}
	return kml.Placemark(
		kml.Name(plainText(ev.Title)),
		kml.Description(htmlText(description(ev))),
		when,
		kml.StyleURL("#"+ev.Category),
		ext,
		shape,
	), nil
}
