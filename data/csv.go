package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// CSV columns beyond the schema's own property names: the geometry, and the
// sources, numbered from the second (source_url, source_url_2, …).
const (
	colLon = "lon"
	colLat = "lat"
	colWKT = "wkt"
)

// CSVColumns are the columns CSV exports write, in order, before the source
// columns (SourceColumns); LoadCSV reads them back.
var CSVColumns = []string{"id", "title", "start", "end", "category", "place", "summary",
	"time_precision", "location_precision", "killed", "injured", "figures", "note", colLon, colLat, colWKT}

// SourceColumns returns the columns of the n-th source, counting from 1.
func SourceColumns(n int) []string {
	suffix := ""
	if n > 1 {
		suffix = "_" + strconv.Itoa(n)
	}
	return []string{"source_title" + suffix, "source_publisher" + suffix, "source_url" + suffix, "source_date" + suffix}
}

// jsonColumns hold JSON (numbers, an array) rather than text, when what they
// hold is valid JSON; anything else is kept as text for the checks to name.
var jsonColumns = map[string]bool{"killed": true, "injured": true, "figures": true}

// ParseDecimal reads a plain, finite decimal number such as -12.5, .5 or
// 1e3: strconv.ParseFloat alone also takes hex, underscores, "NaN" and
// "Inf", which a coordinate should not be.
func ParseDecimal(s string) (float64, bool) {
	if !isDecimal(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsInf(x, 0)
}

// isDecimal reports whether s is [+-]digits[.digits][e[+-]digits], with
// digits on at least one side of the point.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// chunkSize is about how many bytes of whole records a CSV batch holds.
const chunkSize = 1 << 20

// maxRecord is the longest CSV record read: a file with no line end in
// this much (/dev/zero, a binary file) is refused before it fills memory.
const maxRecord = 64 << 20

var errLongRecord = errors.New("a row is longer than 64 MiB: is this a CSV file?")

// readCSV reads the header, then hands the rows on in chunks of whole
// records: a record ends at a line end outside quotes, so chunks can be
// parsed in parallel.
func (l *loader) readCSV(r *bufio.Reader, out chan<- *batch) error {
	if head, _ := r.Peek(64 << 10); bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		return l.fileProblemf("lines end with a carriage return alone (an old Mac format); save the file with LF or CRLF line ends")
	}
	sp := &splitter{r: r}
	first, err := sp.next()
	if errors.Is(err, errLongRecord) {
		return l.fileProblemf("%v", err)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	hr := csv.NewReader(strings.NewReader(first))
	header, herr := hr.Read()
	if herr != nil {
		if errors.Is(herr, io.EOF) {
			return l.fileProblemf("no header row: the file is empty")
		}
		return l.fileProblemf("no header row: %v", herr)
	}
	// Blank lines before the header are rows too.
	line, _ := hr.FieldPos(0)
	l.firstRow = line + 1
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
	}
	if len(header) == 1 && strings.ContainsAny(header[0], ";\t") {
		// Spreadsheets in many locales save CSV with semicolons.
		return l.fileProblemf("the header is one column, %q: separate columns with commas, not semicolons or tabs", Clip(header[0]))
	}
	if cell := dataCell(header, cols); cell != "" {
		// Told alone: every other problem of this header follows from it.
		return l.fileProblemf("the first row holds %q, an event's value rather than a column's name: put a header row first, naming the columns", Clip(cell))
	}
	for i, col := range cols {
		if slices.Contains(cols[:i], col) {
			l.fileProblemf("the header names column %q twice", Clip(col))
		}
	}
	// A column the header lacks is told once, and its rows are read for
	// what else is wrong with them, without "missing" in each.
	gaps := headerGaps(header, cols)
	if len(l.fileProblem) > 0 {
		for _, g := range gaps {
			if g.always {
				l.fileProblemf("%s", g.msg)
			}
		}
		return errFileProblem
	}
	if slices.ContainsFunc(gaps, func(g *headerGap) bool { return g.always }) {
		l.failed.Store(true)
	}
	plan := newCSVPlan(cols)
	l.headProblems = func() []Problem {
		var out []Problem
		for _, g := range gaps {
			if g.always || g.seen.Load() {
				out = append(out, Problem{File: l.file, Msg: g.msg})
			}
		}
		if plan.notUTF8.Load() {
			out = append(out, Problem{File: l.file, Msg: `the file is not UTF-8 text (Windows-1252 or Latin-1, perhaps): save it as "CSV UTF-8"`})
		}
		return out
	}
	l.tidy = func(f *rawFeature, problems []Problem, idAt int) ([]Problem, int) {
		return tidyRow(f, problems, idAt, gaps)
	}
	chunk := first[hr.InputOffset():]
	for seq := 0; ; seq++ {
		if len(chunk) > 0 {
			b := &batch{seq: seq}
			data := chunk
			var hint *projectionHint
			if seq == 0 {
				// The first batch tells of a projected file, once.
				hint = &projectionHint{}
			}
			b.parse = func(s *scratch) []rawFeature { return l.parseRows(s, b, plan, data, hint) }
			if err := l.ctx.Err(); err != nil {
				return err
			}
			out <- b
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if chunk, err = sp.next(); errors.Is(err, errLongRecord) {
			return l.fileProblemf("%v", err)
		} else if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
	}
}

// splitter cuts a CSV stream into chunks that end where records end.
type splitter struct {
	r       io.Reader
	carry   []byte
	inQuote bool
	done    bool
}

// next returns the next chunk of whole records, and io.EOF with the last.
// A chunk is its own buffer, never written again once returned: it is
// handed on as a string without a copy, and the rows' cells are cut from it.
func (s *splitter) next() (string, error) {
	buf := append(make([]byte, 0, chunkSize+len(s.carry)+4096), s.carry...)
	scanned, cut := 0, -1
	// Quote state at the end of the carried bytes: they follow a record end.
	inQuote := false
	for {
		// From quote to quote: the last line end outside quotes is where
		// the last whole record ends.
		for scanned < len(buf) {
			end := len(buf)
			if q := bytes.IndexByte(buf[scanned:], '"'); q >= 0 {
				end = scanned + q
			}
			if !inQuote {
				if nl := bytes.LastIndexByte(buf[scanned:end], '\n'); nl >= 0 {
					cut = scanned + nl + 1
				}
			}
			if end == len(buf) {
				scanned = end
				break
			}
			inQuote = !inQuote
			scanned = end + 1
		}
		if s.done {
			s.carry = nil
			return unsafe.String(unsafe.SliceData(buf), len(buf)), io.EOF
		}
		if len(buf) >= chunkSize && cut > 0 {
			s.carry = append([]byte(nil), buf[cut:]...)
			return unsafe.String(unsafe.SliceData(buf), cut), nil
		}
		if cut < 0 && len(buf) > maxRecord {
			return "", errLongRecord
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, cap(buf))
		}
		n, err := s.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			s.done = true
		} else if err != nil {
			return "", err
		}
	}
}

// csvPlan is how a file's columns become a feature's properties, worked
// out once from the header: each row's properties are then written in the
// order a feature keeps them (by name), with no sort a row.
type csvPlan struct {
	cols []string
	// order lists the property columns by name, as a stable sort of the
	// columns with "sources" last would; noColumn stands for "sources".
	order []int
	// sources holds, by source number from 1, its columns in field order.
	sources       [][]sourceColumnAt
	json          []bool // the column may hold JSON (jsonColumns)
	lon, lat, wkt int    // the geometry columns, or noColumn
	// notUTF8 is set once a cell is not UTF-8 text: the file is then named
	// once, besides each such cell.
	notUTF8 atomic.Bool
}

// sourceColumnAt is one column of a source: where it is, and its field as a
// JSON string and a colon.
type sourceColumnAt struct {
	col  int
	name []byte
}

const noColumn = -1

func newCSVPlan(cols []string) *csvPlan {
	p := &csvPlan{cols: cols, json: make([]bool, len(cols)), lon: noColumn, lat: noColumn, wkt: noColumn}
	hasSources := false
	for i, col := range cols {
		p.json[i] = jsonColumns[col]
		switch {
		case col == colLon:
			p.lon = i
		case col == colLat:
			p.lat = i
		case col == colWKT:
			p.wkt = i
		case strings.HasPrefix(col, "source_"):
			n, field := sourceColumn(col)
			for len(p.sources) < n {
				p.sources = append(p.sources, nil)
			}
			p.sources[n-1] = append(p.sources[n-1], sourceColumnAt{col: i, name: append(AppendJSONString(nil, field), ':')})
			hasSources = true
		default:
			p.order = append(p.order, i)
		}
	}
	if hasSources {
		p.order = append(p.order, noColumn)
	}
	name := func(i int) string {
		if i == noColumn {
			return "sources"
		}
		return cols[i]
	}
	slices.SortStableFunc(p.order, func(a, b int) int { return strings.Compare(name(a), name(b)) })
	for _, src := range p.sources {
		slices.SortStableFunc(src, func(a, b sourceColumnAt) int { return bytes.Compare(a.name, b.name) })
	}
	return p
}

// parseRows turns a chunk's records into features numbered by their row
// from 0 in the chunk, and notes how many rows the chunk spans; the loader
// numbers them in the file once every chunk is read.
func (l *loader) parseRows(s *scratch, b *batch, plan *csvPlan, chunk string, hint *projectionHint) []rawFeature {
	r := newCSVRecords(chunk)
	// The worker's, sized for the chunk so that they seldom grow:
	// properties point into the arena, and a grown one would leave its old
	// copy alive beside it.
	rows := strings.Count(chunk, "\n") + 1
	out := slices.Grow(s.features[:0], rows)
	arena := slices.Grow(s.arena[:0], len(chunk)+len(chunk)/2)
	slab := slices.Grow(s.slab[:0], rows*len(plan.order))
	cells := slices.Grow(s.cells[:0], len(plan.cols))[:len(plan.cols)]
	defer func() { s.features, s.arena, s.slab, s.cells = out, arena, slab, cells }()
	for {
		rec, err := r.next()
		if errors.Is(err, io.EOF) {
			b.rows = r.rows
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			b.csvError = &Problem{File: l.file, Unit: "row", Index: r.row, Msg: fmt.Sprintf("not valid CSV: %v", err)}
			return out
		}
		if blankRow(rec) {
			continue // a row a spreadsheet cleared, skipped as a blank line is
		}
		out = append(out, rawFeature{index: r.row, typ: "Feature", compact: true, hint: hint})
		f := &out[len(out)-1]
		if len(rec) != len(plan.cols) {
			f.notValid = fmt.Sprintf("has %d fields, the header %d", len(rec), len(plan.cols))
		} else {
			arena, slab = plan.rowFeature(f, rec, cells, arena, slab)
		}
	}
}

// blankRow reports whether every cell of rec is empty or spaces, as in the
// ",,,,,," a spreadsheet leaves where a row's contents were cleared.
func blankRow(rec []string) bool {
	for _, c := range rec {
		if c != "" && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rowFeature fills f from a CSV row, its property values written as JSON
// into arena and its properties appended to slab; cells it cannot read
// become problems of the feature. cells is room for the row's cells.
func (p *csvPlan) rowFeature(f *rawFeature, rec, cells []string, arena []byte, slab Properties) ([]byte, Properties) {
	for i, col := range p.cols {
		cells[i] = strings.TrimSpace(rec[i])
		if !utf8.ValidString(cells[i]) {
			// Kept, its bad bytes replaced, so that it is not missing too.
			f.cellProblems = append(f.cellProblems, Problem{Field: col, Msg: msgNotUTF8})
			cells[i] = strings.ToValidUTF8(cells[i], "\uFFFD")
			if !p.notUTF8.Load() {
				p.notUTF8.Store(true)
			}
		}
	}
	from := len(slab)
	for _, i := range p.order {
		start := len(arena)
		switch {
		case i == noColumn:
			arena = p.appendSources(arena, cells)
			if len(arena) == start {
				continue
			}
			slab = append(slab, Property{Name: "sources", Value: arena[start:len(arena):len(arena)]})
			continue
		case cells[i] == "":
			continue
		case p.json[i] && isJSON(cells[i]):
			arena = appendCompact(arena, []byte(cells[i]))
		default:
			arena = AppendJSONString(arena, unguardCell(cells[i]))
		}
		slab = append(slab, Property{Name: p.cols[i], Value: arena[start:len(arena):len(arena)]})
	}
	f.props = slab[from:len(slab):len(slab)]
	var lon, lat, wktText string
	if p.lon != noColumn {
		lon = cells[p.lon]
	}
	if p.lat != noColumn {
		lat = cells[p.lat]
	}
	if p.wkt != noColumn {
		wktText = cells[p.wkt]
	}
	switch {
	case wktText != "":
		f.geom, f.geometryProblem = fromWKT(wktText)
		f.geometryProblem.Field = colWKT
	case lon != "" || lat != "":
		x, okX := ParseDecimal(lon)
		y, okY := ParseDecimal(lat)
		f.geometryProblem.Field = "lon, lat"
		if !okX || !okY {
			f.geometryProblem.Msg = fmt.Sprintf("%q, %q are not two finite numbers", Clip(lon), Clip(lat))
			break
		}
		f.geom = orb.Point{x, y}
	}
	if f.geometryProblem.Msg != "" && len(f.cellProblems) > 0 {
		// The geometry's problem quotes the cells it was read from.
		f.cellProblems = slices.DeleteFunc(f.cellProblems, func(c Problem) bool {
			if f.geometryProblem.Field == colWKT {
				return c.Field == colWKT
			}
			return c.Field == colLon || c.Field == colLat
		})
	}
	return arena, slab
}

const msgNotUTF8 = "is not valid UTF-8 text"

// tidyRow takes out of a row's problems those told otherwise: by a cell
// that is not UTF-8 text (its field is then missing, or not a slug, or not
// a time), or by a column the header lacks (gaps). It returns the problems
// left and where among them idAt now is.
func tidyRow(f *rawFeature, problems []Problem, idAt int, gaps []*headerGap) ([]Problem, int) {
	if len(f.cellProblems) == 0 && len(gaps) == 0 {
		return problems, idAt
	}
	kept, at := problems[:0], idAt
	for i, p := range problems {
		if toldByCell(f.cellProblems, p) || toldByGap(gaps, p) {
			if i < idAt {
				at--
			}
			continue
		}
		kept = append(kept, p)
	}
	return kept, at
}

// toldByCell reports whether p is another problem of a cell one of cells
// names, under its column's name or, for a source's, its field's.
func toldByCell(cells []Problem, p Problem) bool {
	for _, c := range cells {
		if p.Msg == c.Msg {
			continue
		}
		if p.Field == c.Field {
			return true
		}
		if strings.HasPrefix(c.Field, "source_") && strings.HasPrefix(p.Field, "sources[") {
			if _, field := sourceColumn(c.Field); strings.HasSuffix(p.Field, "]."+field) {
				return true
			}
		}
	}
	return false
}

// appendSources appends the row's sources as a JSON array, each an object
// of its cells that are not empty; it appends nothing when every source is
// empty.
func (p *csvPlan) appendSources(dst []byte, cells []string) []byte {
	start := len(dst)
	for _, src := range p.sources {
		open := false
		for _, c := range src {
			if cells[c.col] == "" {
				continue
			}
			switch {
			case len(dst) == start:
				dst = append(dst, '[', '{')
			case !open:
				dst = append(dst, ',', '{')
			default:
				dst = append(dst, ',')
			}
			open = true
			dst = AppendJSONString(append(dst, c.name...), unguardCell(cells[c.col]))
		}
		if open {
			dst = append(dst, '}')
		}
	}
	if len(dst) > start {
		dst = append(dst, ']')
	}
	return dst
}

// isJSON reports whether s is valid JSON, quickly for a plain count.
func isJSON(s string) bool {
	if s == "0" || s[0] >= '1' && s[0] <= '9' && strings.Trim(s, "0123456789") == "" {
		return true
	}
	return jsontext.Value(s).IsValid()
}

// appendObject appends props as a JSON object, their values compacted
// unless they are already (compact).
func appendObject(dst []byte, props Properties, compact bool) []byte {
	dst = append(dst, '{')
	for i, p := range props {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(AppendJSONString(dst, p.Name), ':')
		if compact {
			dst = append(dst, p.Value...)
		} else {
			dst = appendCompact(dst, p.Value)
		}
	}
	return append(dst, '}')
}

// fromWKT reads a Point or LineString written as WKT.
func fromWKT(text string) (orb.Geometry, Problem) {
	g, err := wkt.Unmarshal(text)
	if err != nil {
		// Parser errors run over several lines; the first says what.
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, Problem{Msg: fmt.Sprintf("%q is not WKT: %s", Clip(text), msg)}
	}
	switch g := g.(type) {
	case *geom.Point:
		if g.Empty() {
			return nil, Problem{Msg: fmt.Sprintf("%q has no position", Clip(text))}
		}
		return orb.Point{g.X(), g.Y()}, Problem{}
	case *geom.LineString:
		ls := make(orb.LineString, g.NumCoords())
		for i := range ls {
			c := g.Coord(i)
			ls[i] = orb.Point{c.X(), c.Y()}
		}
		return ls, Problem{}
	default:
		name := strings.ToUpper(strings.TrimSpace(text))
		if i := strings.IndexAny(name, " ("); i > 0 {
			name = name[:i]
		}
		return nil, Problem{Msg: fmt.Sprintf("%s is not supported (want POINT or LINESTRING)", Clip(name))}
	}
}

// formulaStart are the first characters that make a spreadsheet read a cell
// as a formula. Exports guard such text cells with a leading apostrophe (as
// OWASP advises against CSV injection); loading takes the guard off again.
const formulaStart = "=+-@\t\r"

// GuardCell returns s safe to open in a spreadsheet.
func GuardCell(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

func unguardCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

// Clip shortens text a user gave before a message quotes it back.
func Clip(s string) string {
	const most = 80
	s = strings.ToValidUTF8(s, "\uFFFD")
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

// sourceColumn splits "source_url_2" into 2 and "url"; unnumbered is 1.
func sourceColumn(col string) (int, string) {
	rest := strings.TrimPrefix(col, "source_")
	if i := strings.LastIndexByte(rest, '_'); i >= 0 {
		if n, err := strconv.Atoi(rest[i+1:]); err == nil && n >= 1 && n <= maxSources {
			return n, rest[:i]
		}
	}
	return 1, rest
}

// maxSources bounds the source number a column may carry, so that a header
// cannot make every row allocate millions of empty sources.
const maxSources = 100
