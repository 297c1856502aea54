package data

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"unicode/utf8"
)

// The store serves features it encoded itself; they must be the bytes
// encoding/json would have written, as they were before.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ slash`, "<b>&amp;</b>", "line\nbreak\ttab\x01\x7f", "\u2028\u2029é漢", "bad \xff\xc3(\xed\xa0\x80 end"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

func FuzzAppendCompact(f *testing.F) {
	for _, s := range []string{`"a b"`, `[ {"title" : "x < y", "n": 1 } ]`, "{\"k\":\t\"\u2028\"\n}", `12.5e3`, `"\u003c \" \\"`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) || !utf8.Valid(raw) {
			return
		}
		raw = bytes.TrimSpace(raw)
		want, err := json.Marshal(json.RawMessage(raw))
		if err != nil {
			return
		}
		if got := appendCompact(nil, raw); !bytes.Equal(got, want) {
			t.Errorf("appendCompact(%s) = %s, want %s", raw, got, want)
		}
	})
}

func FuzzAppendCoord(f *testing.F) {
	for _, x := range []float64{0, -0.0000004, 44.0223, -179.9999995, 0.5, 1e-7, 123456789.1234567, 1e300} {
		f.Add(x, uint8(6))
	}
	f.Fuzz(func(t *testing.T, x float64, d uint8) {
		precision := math.Pow10(int(d % 8))
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsInf(x*precision, 0) {
			return
		}
		want, err := json.Marshal(math.Round(x*precision) / precision)
		if err != nil {
			return
		}
		if got := appendCoord(nil, x, precision); !bytes.Equal(got, want) {
			t.Errorf("appendCoord(%v, %v) = %s, want %s", x, precision, got, want)
		}
	})
}

// A sidecar file that is not valid JSON is refused with where it breaks.
func TestJSONErrorPosition(t *testing.T) {
	tests := map[string]string{
		"{\n  \"title\": ":                "the file ends in the middle of a value, at line 2, column 12 (byte offset 13)",
		"{\n  \"title\": \"a\",\n  x\n}":  `invalid character 'x' at start of string (expecting '"'), at line 3, column 3 (byte offset 20)`,
		"{\n \"title\": \"é\" \"x\"}":     `invalid character '"' after object value (expecting ',' or '}'), at line 2, column 15 (byte offset 17)`,
		"{\"title\": tru}":                `invalid character '}' in literal true (expecting 'e') within "/title", at line 1, column 14 (byte offset 13)`,
		"x":                               `invalid character 'x' at start of value, at line 1, column 1 (byte offset 0)`,
		"{\r\n\"view\": {\"zoom\": 1,,}}": `invalid character ',' at start of string (expecting '"') within "/view", at line 2, column 20 (byte offset 22)`,
	}
	for raw, want := range tests {
		var v map[string]any
		err := json.Unmarshal([]byte(raw), &v)
		if err == nil {
			t.Fatalf("%q: no error", raw)
		}
		if got := jsonError([]byte(raw), err); got != want {
			t.Errorf("%q:\n got %s\nwant %s", raw, got, want)
		}
	}
}

// runeCount, which counts a line's characters for a column, must count as
// utf8.RuneCount does in valid UTF-8.
func FuzzRuneCount(f *testing.F) {
	for _, s := range []string{"", "a", "é", "abcdefgh", "éééééééé", "漢字 and 🙂 text that runs past eight bytes"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := runeCount([]byte(s)), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}
