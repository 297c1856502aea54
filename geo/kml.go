package geo

import (
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"iter"
	"strings"

	"chronomap/data"

	gokml "github.com/twpayne/go-geom/encoding/kml"
	kml "github.com/twpayne/go-kml/v3"
)

// WriteKML writes events as a KML document: a Placemark each, with a
// TimeStamp or TimeSpan so that Google Earth's time slider plays them, a
// style per category in its colour, and the event's fields as
// ExtendedData; the document carries the dataset's title and description.
// It writes each placemark as it reads its event, so memory does not grow
// with the file.
func WriteKML(w io.Writer, meta data.Meta, events iter.Seq[*data.Event]) error {
	if err := writeKML(w, meta, events); err != nil {
		return fmt.Errorf("geo: kml: %w", err)
	}
	return nil
}

func writeKML(w io.Writer, meta data.Meta, events iter.Seq[*data.Event]) error {
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
	head := []kml.Element{kml.Name(plainText(meta.Title)), kml.Open(true)}
	if d := aboutText(meta); d != "" {
		head = append(head, kml.Description(plainText(d)))
	}
	for _, c := range meta.Categories {
		col := rgba(c.Color)
		head = append(head, kml.SharedStyle(c.ID,
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

// rgba reads a "#rrggbb" colour, which the dataset's metadata was checked to hold.
func rgba(hex string) color.RGBA {
	var c color.RGBA
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		return color.RGBA{0x9a, 0xa0, 0xa6, 0xff}
	}
	c.A = 0xff
	return c
}

// aboutText is a dataset's description, credits and licence as one text.
func aboutText(meta data.Meta) string {
	var parts []string
	if meta.Description != "" {
		parts = append(parts, meta.Description)
	}
	if meta.Credits != "" {
		parts = append(parts, "Credits: "+meta.Credits)
	}
	if meta.License != "" {
		parts = append(parts, "Licence: "+meta.License)
	}
	return strings.Join(parts, "\n\n")
}
