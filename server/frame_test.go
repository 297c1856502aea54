package server_test

import (
	"strings"
	"testing"

	"chronomap/server"
)

func TestParseFrameAncestors(t *testing.T) {
	tests := map[string]struct {
		in, want, err string
	}{
		"none":               {in: "'none'", want: "'none'"},
		"self and an origin": {in: "'self' https://news.example.org", want: "'self' https://news.example.org"},
		"commas":             {in: "https://a.example.org, https://*.b.example.org:8443", want: "https://a.example.org https://*.b.example.org:8443"},
		"scheme":             {in: "https:", want: "https:"},
		"host and path":      {in: "example.org/embed/", want: "example.org/embed/"},
		"empty":              {in: " ", err: "no source given"},
		"none with others":   {in: "'none' 'self'", err: "'none' cannot be combined"},
		"unquoted keywords":  {in: "self https://a.example.org", want: "'self' https://a.example.org"},
		"other keyword":      {in: "'unsafe-inline'", err: `"'unsafe-inline'" is not a frame-ancestors source`},
		"directive break":    {in: "https://a.example.org;script-src *", err: "is not a frame-ancestors source"},
		"quote in host":      {in: "https://a.example.org'", err: "is not a frame-ancestors source"},
		"newline":            {in: "https://a.example.org\nX-Evil: 1", err: "is not a frame-ancestors source"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := server.ParseFrameAncestors(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseFrameAncestors(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseFrameAncestors(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestFrameAncestorsHeader(t *testing.T) {
	e := newServer(t)
	csp := func(r response) string { return r.Header().Get("Content-Security-Policy") }
	if got := csp(get(t, e, "/")); !strings.HasSuffix(got, "frame-ancestors 'none'") {
		t.Errorf("default CSP %q, want frame-ancestors 'none'", got)
	}
	h := server.FrameAncestors(e, "'self' https://news.example.org")
	for _, path := range []string{"/", "/api/collections", "/api/nothing"} {
		got := csp(get(t, h, path))
		if !strings.HasSuffix(got, "; frame-ancestors 'self' https://news.example.org") || !strings.Contains(got, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, got)
		}
	}
}
