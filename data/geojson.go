package data

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// readGeoJSON reads a FeatureCollection from r one feature at a time, so the
// file is never held whole, and hands the features on in batches.
func (l *loader) readGeoJSON(r io.Reader, out chan<- *batch) error {
	// Names given twice are found per feature, where the message can say
	// which; checking every object's names here would slow the one reader.
	dec := jsontext.NewDecoder(r, jsontext.AllowDuplicateNames(true))
	syntax := func(err error) error {
		// jsontext reports a read that failed as an error in the value it was
		// reading; it is no problem of the file.
		if l.input.err != nil {
			return l.input.err
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return l.fileProblemf("not valid JSON: the file ends in the middle of a value")
		}
		return l.fileProblemf("not valid JSON: %s", strings.TrimPrefix(err.Error(), "jsontext: "))
	}
	tok, err := dec.ReadToken()
	if err == io.EOF {
		return l.fileProblemf("the file is empty")
	}
	if err != nil {
		return syntax(err)
	}
	if tok.Kind() != '{' {
		return l.fileProblemf("not a GeoJSON FeatureCollection: the file holds a JSON %s, not an object", kindName(tok.Kind()))
	}
	typ, sawFeatures, seq := "", false, 0
	for dec.PeekKind() != '}' {
		nameTok, err := dec.ReadToken()
		if err != nil {
			return syntax(err)
		}
		switch name := nameTok.String(); name {
		case "type", "name", "title":
			v, err := dec.ReadValue()
			if err != nil {
				return syntax(err)
			}
			s := ""
			if v.Kind() == '"' {
				s = unquote(v)
			}
			switch name {
			case "type":
				typ = s
				if typ != "FeatureCollection" {
					return l.fileProblemf("type is %q, want \"FeatureCollection\"", Clip(typ))
				}
			case "name":
				l.meta.name = s
			case "title":
				l.meta.title = s
			}
		case "chronomap":
			v, err := dec.ReadValue()
			if err != nil {
				return syntax(err)
			}
			l.meta.raw = bytes.Clone(v)
		case "features":
			sawFeatures = true
			if dec.PeekKind() != '[' {
				if _, err := dec.ReadValue(); err != nil {
					return syntax(err)
				}
				return l.fileProblemf("features must be an array")
			}
			if _, err := dec.ReadToken(); err != nil {
				return syntax(err)
			}
			index := 0
			for dec.PeekKind() != ']' {
				b := &batch{seq: seq, first: index}
				buf := l.buffers.Get().([]byte)[:0]
				ends := make([]int, 0, batchSize)
				for len(ends) < batchSize && dec.PeekKind() != ']' {
					v, err := dec.ReadValue()
					if err != nil {
						return syntax(err)
					}
					buf = append(buf, v...)
					ends = append(ends, len(buf))
				}
				first := index
				b.parse = func() []rawFeature { return parseFeatures(buf, ends, first) }
				b.release = func() { l.buffers.Put(buf) }
				index += len(ends)
				seq++
				if err := l.ctx.Err(); err != nil {
					return err
				}
				out <- b
			}
			if _, err := dec.ReadToken(); err != nil {
				return syntax(err)
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return syntax(err)
			}
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return syntax(err)
	}
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return syntax(err)
		}
		return l.fileProblemf("not valid JSON: more follows the FeatureCollection (at byte %d); a file holds one collection", dec.InputOffset())
	}
	switch {
	case typ == "":
		return l.fileProblemf("type is missing, want \"FeatureCollection\"")
	case !sawFeatures:
		return l.fileProblemf("no features")
	}
	return nil
}

// parseFeatures splits a batch's bytes into features; ends are where each
// feature's JSON ends in buf.
func parseFeatures(buf []byte, ends []int, first int) []rawFeature {
	out := make([]rawFeature, len(ends))
	lay := &layout{interned: map[string]string{}}
	// The features' properties share one slab: one allocation a batch.
	slab := make(Properties, 0, 16*len(ends))
	start := 0
	for i, end := range ends {
		out[i], slab = parseFeature(buf[start:end], first+i, lay, slab)
		start = end
	}
	return out
}

// layout is the properties' names of the feature read last, as written, and
// the order that sorts them. The features of a file mostly write the same
// names in the same order: the next feature's are taken to be the same
// until they are not.
type layout struct {
	names    []string
	order    []int             // sorted[k] is written[order[k]]
	interned map[string]string // property names, which repeat from feature to feature
	written  Properties        // room for a feature's properties as written
}

// name returns name, the k-th property's, interned.
func (lay *layout) name(k int, name []byte) string {
	if k < len(lay.names) && lay.names[k] == string(name) {
		return lay.names[k]
	}
	n, ok := lay.interned[string(name)]
	if !ok {
		n = string(name)
		lay.interned[n] = n
	}
	return n
}

// sort sorts props by name, stably, as sortProperties does.
func (lay *layout) sort(props Properties) {
	same := len(props) == len(lay.names)
	for k := 0; same && k < len(props); k++ {
		same = props[k].Name == lay.names[k]
	}
	if !same {
		lay.names = lay.names[:0]
		lay.order = lay.order[:0]
		for k, p := range props {
			lay.names = append(lay.names, p.Name)
			lay.order = append(lay.order, k)
		}
		slices.SortStableFunc(lay.order, func(a, b int) int { return strings.Compare(lay.names[a], lay.names[b]) })
	}
	lay.written = append(lay.written[:0], props...)
	for k, from := range lay.order {
		props[k] = lay.written[from]
	}
}

// parseFeature reads one feature, its properties appended to slab.
func parseFeature(raw []byte, index int, lay *layout, slab Properties) (rawFeature, Properties) {
	f := rawFeature{index: index}
	if kind(raw) != '{' {
		f.notValid = "not a GeoJSON feature: got " + Clip(string(raw))
		return f, slab
	}
	walkObject(raw, skipSpace(raw, 0), func(name, b []byte, at int) (int, bool) {
		if string(name) == "properties" && kind(b[at:]) == '{' && f.props == nil {
			// Read the properties as their end is found: one pass over them.
			from := len(slab)
			end := walkObject(b, at, func(name, b []byte, at int) (int, bool) {
				vend := valueEnd(b, at)
				slab = append(slab, Property{Name: lay.name(len(slab)-from, name), Value: b[at:vend]})
				return vend, true
			})
			f.props = slab[from:len(slab):len(slab)]
			if f.props == nil {
				f.props = Properties{}
			}
			lay.sort(f.props)
			return end, true
		}
		end := valueEnd(b, at)
		v := b[at:end]
		if f.seen(string(name)) {
			return end, true
		}
		switch string(name) {
		case "type":
			switch {
			case string(v) == `"Feature"`:
				f.typ = "Feature" // the common case, without an allocation
			case kind(v) == '"':
				f.typ = unquote(v)
			default:
				f.typ = string(v)
			}
		case "id":
			f.id = v
		case "geometry":
			f.geometry = v
		}
		return end, true
	})
	return f, slab
}

// sortProperties sorts a feature's few properties by name, in place.
func sortProperties(p Properties) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].Name < p[j-1].Name; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "value"
}
