package data

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csvRecords reads the records of a chunk of CSV as encoding/csv reads
// them (any number of fields a record, quotes strict), but cuts most fields
// out of the chunk where they lie, where encoding/csv copies every record.
// A record it does not read plainly (a bare quote, a carriage return but
// at a line end, an unterminated quote) hands the rest of the chunk to
// encoding/csv, which reads it, or says what is wrong with it.
//
// It also counts rows as a spreadsheet shows them: a record is one row,
// however many lines its quoted cells take, and a blank line, which
// encoding/csv skips, is a row too.
type csvRecords struct {
	text   string
	pos    int
	fields []string
	slow   *csv.Reader
	// row is the row, from 0 in the chunk, of the record last read, or of
	// the record an error is in; rows counts the rows read so far.
	row, rows int
	// slowAt is where in text the slow reader starts; slowRead is how much
	// of it that reader has read, and slowLine the line (from 1) it ends on.
	slowAt, slowRead, slowLine int
}

func newCSVRecords(chunk string) *csvRecords { return &csvRecords{text: chunk} }

// fieldEnd marks the bytes that end an unquoted field, or need a look.
var fieldEnd = [256]bool{',': true, '\n': true, '\r': true, '"': true}

// next returns the next record, valid until the next call, or io.EOF.
func (r *csvRecords) next() ([]string, error) {
	if r.slow != nil {
		return r.readSlow()
	}
	// encoding/csv skips empty lines.
	for {
		if rest := r.text[r.pos:]; strings.HasPrefix(rest, "\n") {
			r.pos++
		} else if strings.HasPrefix(rest, "\r\n") {
			r.pos += 2
		} else {
			break
		}
		r.rows++
	}
	if r.pos == len(r.text) {
		return nil, io.EOF
	}
	if fields, end, ok := r.plain(r.pos); ok {
		r.pos = end
		r.row = r.rows
		r.rows++
		return fields, nil
	}
	r.slow = csv.NewReader(strings.NewReader(r.text[r.pos:]))
	r.slow.FieldsPerRecord = -1
	r.slow.ReuseRecord = true
	r.slowAt, r.slowLine = r.pos, 1
	return r.readSlow()
}

// readSlow reads the next record with encoding/csv, and counts its row:
// the blank lines it skipped are those between the line the last record
// ended on and the line this one starts on.
func (r *csvRecords) readSlow() ([]string, error) {
	rec, err := r.slow.Read()
	var line int
	var pe *csv.ParseError
	switch {
	case err == nil:
		line, _ = r.slow.FieldPos(0)
	case errors.As(err, &pe):
		line = pe.StartLine
	default:
		if errors.Is(err, io.EOF) {
			// What is left is blank lines.
			r.rows += strings.Count(r.text[r.slowAt+r.slowRead:], "\n")
			r.slowRead = len(r.text) - r.slowAt
		}
		return rec, err
	}
	r.row = r.rows + line - r.slowLine
	r.rows = r.row + 1
	if err == nil {
		read := int(r.slow.InputOffset())
		r.slowLine += strings.Count(r.text[r.slowAt+r.slowRead:r.slowAt+read], "\n")
		r.slowRead = read
	}
	return rec, err
}

// plain reads the record at i, if it is plain, and returns where it ends.
func (r *csvRecords) plain(i int) ([]string, int, bool) {
	s := r.text
	fields := r.fields[:0]
	defer func() { r.fields = fields }()
	for {
		var field string
		j := i
		if j < len(s) && s[j] == '"' {
			var ok bool
			if field, j, ok = quoted(s, j); !ok {
				return nil, 0, false
			}
		} else {
			for j < len(s) && !fieldEnd[s[j]] {
				j++
			}
			field = s[i:j]
		}
		fields = append(fields, field)
		switch {
		case j == len(s):
			return fields, j, true
		case s[j] == ',':
			i = j + 1
		case s[j] == '\n':
			return fields, j + 1, true
		case s[j] == '\r' && j+1 < len(s) && s[j+1] == '\n':
			return fields, j + 2, true
		default:
			return nil, 0, false
		}
	}
}

// quoted reads the quoted field that starts at s[i], and returns its text
// and where it ends; it reports false for a field that is not plain.
func quoted(s string, i int) (string, int, bool) {
	start := i + 1
	var unescaped []byte // only for a field with a quote in it
	for j := start; ; {
		k := strings.IndexByte(s[j:], '"')
		if k < 0 || strings.IndexByte(s[j:j+k], '\r') >= 0 {
			return "", 0, false
		}
		j += k + 1
		if j < len(s) && s[j] == '"' {
			unescaped = append(unescaped, s[start:j]...)
			j++
			start = j
			continue
		}
		if unescaped == nil {
			return s[start : j-1], j, true
		}
		return string(append(unescaped, s[start:j-1]...)), j, true
	}
}
