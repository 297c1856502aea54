package server

import (
	"strconv"

	"chronomap/data"
)

// The items page's head is written by hand rather than by encoding/json:
// reflecting over the head and its links was about a tenth of a page's
// CPU under load. The bytes are json.Marshal's (pagejson_test.go).

// featureCollection returns p as JSON with a "features" array of features
// appended. The features are copied as they are: the store encoded, and
// so checked, them, and re-encoding them per request would be most of a
// response's cost.
func featureCollection(p itemsPage, features [][]byte) []byte {
	size := 128 + len(p.Type) + len(p.TimeStamp)
	for _, l := range p.Links {
		size += 40 + len(l.Href) + len(l.Rel) + len(l.Type) + len(l.Title)
	}
	for _, f := range features {
		size += len(f) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, `{"type":`...)
	b = data.AppendJSONString(b, p.Type)
	b = append(b, `,"numberMatched":`...)
	b = strconv.AppendInt(b, int64(p.NumberMatched), 10)
	b = append(b, `,"numberReturned":`...)
	b = strconv.AppendInt(b, int64(p.NumberReturned), 10)
	b = append(b, `,"timeStamp":`...)
	b = data.AppendJSONString(b, p.TimeStamp)
	b = append(b, `,"links":`...)
	if p.Links == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range p.Links {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"features":[`...)
	for i, f := range features {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f...)
	}
	return append(b, "]}"...)
}

// appendJSON appends l as json.Marshal writes it.
func (l link) appendJSON(b []byte) []byte {
	b = append(b, `{"href":`...)
	b = data.AppendJSONString(b, l.Href)
	b = append(b, `,"rel":`...)
	b = data.AppendJSONString(b, l.Rel)
	if l.Type != "" {
		b = append(b, `,"type":`...)
		b = data.AppendJSONString(b, l.Type)
	}
	if l.Title != "" {
		b = append(b, `,"title":`...)
		b = data.AppendJSONString(b, l.Title)
	}
	return append(b, '}')
}
