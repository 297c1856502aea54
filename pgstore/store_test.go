package pgstore

import (
	"strings"
	"testing"
)

// TestParseURLRefuses: a URL whose table is missing, unreadable or given
// twice is refused with what is wrong with it.
func TestParseURLRefuses(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"postgres://u@h/db", `got ""`},
		{"postgres://u@h/db?table=Events", `got "Events"`},
		{"postgres://u@h/db?table=bad;name", "semicolon"},
		{"postgres://u@h/db?table=a&table=b", "table is given 2 times"},
		{"postgres://u@h/db?table=a&query_timeout=soon", `query_timeout="soon"`},
	} {
		_, _, err := parseURL(tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.url, err, tc.want)
		}
	}
}
