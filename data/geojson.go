package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// readGeoJSON reads a FeatureCollection from r one feature at a time, so the
// file is never held whole, and hands the features on in batches.
func (l *loader) readGeoJSON(r io.Reader, out chan<- *batch) error {
	// Names given twice are found per feature, where the message can say
	// which; checking every object's names here would slow the one reader.
	lines := &lineCounter{r: r, lastNL: -1}
	dec := jsontext.NewDecoder(lines, jsontext.AllowDuplicateNames(true))
	syntax := func(err error) error {
		// jsontext reports a read that failed as an error in the value it was
		// reading; it is no problem of the file.
		if l.input.err != nil {
			return l.input.err
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return l.fileProblemf("not valid JSON: the file ends in the middle of a value%s", lines.at(lines.read, dec))
		}
		msg, at := syntaxMessage(err)
		if at < 0 {
			return l.fileProblemf("not valid JSON: %s", strings.TrimPrefix(err.Error(), "jsontext: "))
		}
		return l.fileProblemf("not valid JSON: %s%s", msg, lines.at(at, dec))
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
	crs := "" // what a crs member names, when not WGS 84
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
		case "crs":
			v, err := dec.ReadValue()
			if err != nil {
				return syntax(err)
			}
			crs = projectedCRS(v)
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
				var hint *projectionHint
				if seq == 0 {
					// The first batch tells of a projected file, once.
					hint = &projectionHint{crs: crs}
				}
				b.parse = func(s *scratch) []rawFeature { return parseFeatures(s, buf, ends, first, hint) }
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
	// Where more begins, if it does: past the space after the collection.
	end := dec.InputOffset()
	more := func() int64 {
		ub := dec.UnreadBuffer()
		return end + int64(len(ub)-len(bytes.TrimLeft(ub, " \t\r\n")))
	}
	if dec.PeekKind() != jsontext.KindInvalid {
		return l.fileProblemf("not valid JSON: more follows the FeatureCollection%s; a file holds one collection", lines.at(more(), dec))
	}
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return syntax(err)
		}
		return l.fileProblemf("not valid JSON: more follows the FeatureCollection%s; a file holds one collection", lines.at(more(), dec))
	}
	switch {
	case typ == "":
		return l.fileProblemf("type is missing, want \"FeatureCollection\"")
	case !sawFeatures:
		return l.fileProblemf("no features")
	}
	return nil
}

// lineCounter counts the lines of the file as the decoder reads it, so that
// a syntax error can be placed at a line and column an editor can go to;
// the file is never held whole, and counting newlines costs next to
// nothing beside decoding.
type lineCounter struct {
	r      io.Reader
	read   int64 // bytes read
	lines  int64 // newlines among them
	lastNL int64 // where the last of them is, -1 if none
	runes  int64 // characters after it
	// The last read: its bytes, which stay in the decoder's buffer until it
	// reads again, where they start, and the counts before them.
	chunk []byte
	start int64
	prev  struct{ lines, lastNL, runes int64 }
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	// The decoder may move its buffer before a read: an empty read's chunk
	// keeps no bytes from before it.
	c.chunk, c.start = p[:n], c.read
	c.prev.lines, c.prev.lastNL, c.prev.runes = c.lines, c.lastNL, c.runes
	tail := p[:n]
	if k := bytes.Count(tail, newline); k > 0 {
		i := bytes.LastIndexByte(tail, '\n')
		c.lines += int64(k)
		c.lastNL = c.read + int64(i)
		c.runes, tail = 0, tail[i+1:]
	}
	c.runes += int64(runeCount(tail))
	c.read += int64(n)
	return n, err
}

var newline = []byte{'\n'}

// runeCount counts the characters of UTF-8 text: its bytes less those that
// continue a character (10xxxxxx), eight at a time. It runs over every
// chunk of a file written on one line.
func runeCount(b []byte) int {
	n, i := len(b), 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		n -= bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
	}
	for ; i < len(b); i++ {
		if b[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// at returns ", at line L, column C (byte offset B)" for the byte offset
// off of the input (after a byte-order mark), with less when what comes
// before it is no longer at hand, and "" for an offset beyond what has
// been read. The column counts characters, as editors do.
func (c *lineCounter) at(off int64, dec *jsontext.Decoder) string {
	if off < 0 || off > c.read {
		return ""
	}
	line, col, ok := c.locate(off, dec)
	switch {
	case line < 0:
		return fmt.Sprintf(", at byte offset %d", off)
	case !ok:
		return fmt.Sprintf(", at line %d (byte offset %d)", line, off)
	}
	return fmt.Sprintf(", at line %d, column %d (byte offset %d)", line, col, off)
}

// locate returns the line and column of off, both from 1: line -1 when it
// cannot tell, ok false when it can tell the line but not the column. The
// bytes at hand are the last chunk read and the decoder's unread buffer
// (from its input offset to what has been read), both ending where the
// reading stopped.
func (c *lineCounter) locate(off int64, dec *jsontext.Decoder) (line, col int64, ok bool) {
	// b holds the bytes [from, c.read), which follow lines newlines, the
	// last at lastNL, and runes characters after it.
	b, from := c.chunk, c.start
	lines, lastNL, runes := c.prev.lines, c.prev.lastNL, c.prev.runes
	if unread := dec.UnreadBuffer(); c.read-int64(len(unread)) < from {
		// The unread buffer reaches further back, over the chunk.
		b, from = unread, c.read-int64(len(unread))
		before := b[:c.start-from]
		lines -= int64(bytes.Count(before, newline))
		if bytes.IndexByte(before, '\n') >= 0 {
			lastNL = -2 // before from, but where is not known
		} else {
			runes -= int64(runeCount(before))
		}
	}
	if off < from {
		return -1, 0, false
	}
	head := b[:off-from]
	line = lines + int64(bytes.Count(head, newline)) + 1
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		return line, int64(runeCount(head[i+1:])) + 1, true
	}
	if lastNL == -2 {
		return line, 0, false
	}
	return line, runes + int64(runeCount(head)) + 1, true
}

// projectionHint is for a file whose coordinates are not longitude and
// latitude: one problem says so, with how to reproject it, beside each
// feature's own. Only the first batch carries it, on one worker, in order.
type projectionHint struct {
	crs   string // what the file's crs member names, when not WGS 84
	given bool
}

// projectedCRS returns what a GeoJSON 2008 crs member names, or "" when it
// names WGS 84 longitude and latitude (CRS84, EPSG:4326), or nothing.
func projectedCRS(v []byte) string {
	var name string
	eachMember(v, func(key, val []byte) bool {
		if string(key) == "properties" {
			eachMember(val, func(key, val []byte) bool {
				switch {
				case string(key) == "name" && kind(val) == '"':
					name = unquote(val)
				case string(key) == "code" && kind(val) != '"': // {"type": "EPSG", "properties": {"code": 3857}}
					name = "EPSG:" + string(val)
				}
				return true
			})
		}
		return true
	})
	u := strings.ToUpper(name)
	switch {
	case strings.Contains(u, "CRS84"), strings.Contains(u, "WGS84"), strings.Contains(u, "WGS 84"),
		strings.HasSuffix(u, ":4326"), strings.HasSuffix(u, "/4326"):
		return ""
	}
	return name
}

// parseFeatures splits a batch's bytes into features; ends are where each
// feature's JSON ends in buf.
func parseFeatures(s *scratch, buf []byte, ends []int, first int, hint *projectionHint) []rawFeature {
	out := slices.Grow(s.features[:0], len(ends))[:len(ends)]
	lay := &layout{interned: map[string]string{}}
	// The features' properties share one slab, the worker's.
	slab := slices.Grow(s.slab[:0], 16*len(ends))
	start := 0
	for i, end := range ends {
		out[i], slab = parseFeature(buf[start:end], first+i, lay, slab)
		out[i].hint = hint
		start = end
	}
	s.features, s.slab = out, slab
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
		f.notValid = "not a GeoJSON feature: got " + clipJSON(raw)
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
