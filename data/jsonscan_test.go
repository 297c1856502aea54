package data

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// The store serves features it encoded itself; they must be the bytes
// encoding/json would have written, as they were before.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ slash`, "<b>&amp;</b>", "line\nbreak\ttab\x01\x7f", "\u2028\u2029é漢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
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
