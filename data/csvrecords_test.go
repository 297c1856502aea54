package data

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// FuzzCSVRecords reads the same text with csvRecords and encoding/csv:
// the records, and the error that ends them, must be the same.
func FuzzCSVRecords(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"q\"\"uote\",\"multi\nline\"\r\n", "\n\r\nx\r\n,\n,", "a\"b\n", "\"a\"b\n",
		"\"open\n", "a\rb\n", "x\r", "\"a\r\nb\"\n", "é,\"\xff\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := csv.NewReader(strings.NewReader(s))
		want.FieldsPerRecord = -1
		got := newCSVRecords(s)
		rows, read := 0, 0 // the rows before the next record, and the bytes read
		for n := 0; ; n++ {
			w, werr := want.Read()
			g, gerr := got.next()
			if !slices.Equal(g, w) || message(gerr) != message(werr) {
				t.Fatalf("record %d of %q: %q, %v; encoding/csv: %q, %v", n, s, g, gerr, w, werr)
			}
			// A record's row: the rows before it, and the blank lines
			// between the line the last record ended on and its first.
			var line int
			var pe *csv.ParseError
			switch {
			case werr == nil:
				line, _ = want.FieldPos(0)
			case errors.As(werr, &pe):
				line = pe.StartLine
			default:
				if wantRows := rows + strings.Count(s[read:], "\n"); got.rows != wantRows {
					t.Fatalf("%q spans %d rows, want %d", s, got.rows, wantRows)
				}
				return
			}
			row := rows + line - 1 - strings.Count(s[:read], "\n")
			if got.row != row {
				t.Fatalf("record %d of %q is on row %d, want %d", n, s, got.row, row)
			}
			if werr != nil {
				return
			}
			rows, read = row+1, int(want.InputOffset())
		}
	})
}

func TestCSVRecordsRows(t *testing.T) {
	tests := map[string]struct {
		in   string
		rows []int // of each record, from 0
		all  int   // rows spanned
	}{
		"plain":                      {"a\nb\n", []int{0, 1}, 2},
		"blank lines":                {"\n\na\n\r\nb\n\n", []int{2, 4}, 6},
		"a quoted cell of two lines": {"\"x\ny\"\n\nb\n", []int{0, 2}, 3},
		"encoding/csv after a CR in quotes, blank lines": {"a\n\"x\r\ny\"\n\n\nb\n\"p\nq\"\n\n", []int{0, 1, 4, 5}, 7},
		"no line end at the end":                         {"a\n\nb", []int{0, 2}, 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := newCSVRecords(tc.in)
			var rows []int
			for {
				if _, err := r.next(); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Fatal(err)
					}
					break
				}
				rows = append(rows, r.row)
			}
			if !slices.Equal(rows, tc.rows) || r.rows != tc.all {
				t.Errorf("rows %v of %d, want %v of %d", rows, r.rows, tc.rows, tc.all)
			}
		})
	}
}

// message is what the loader tells of a CSV error.
func message(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if err == nil || errors.Is(err, io.EOF) {
		return ""
	}
	return err.Error()
}
