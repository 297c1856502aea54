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
		for n := 0; ; n++ {
			w, werr := want.Read()
			g, gerr := got.next()
			if !slices.Equal(g, w) || message(gerr) != message(werr) {
				t.Fatalf("record %d of %q: %q, %v; encoding/csv: %q, %v", n, s, g, gerr, w, werr)
			}
			if werr != nil {
				return
			}
		}
	})
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
