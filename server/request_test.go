package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"chronomap/server"
)

// TestEchoesAreBounded: what a request says comes back at most clipped.
func TestEchoesAreBounded(t *testing.T) {
	e := newServerWith(t, server.Config{})
	long := strings.Repeat("a", 1<<20)
	tests := map[string]struct {
		method, path string
		status       int
		want         string
	}{
		"a 1 MB query issue-9":            {"GET", "/api/collections/events/items?q=" + long, 400, `"the query string is 1048578 bytes long; at most 8192"`},
		"a long limit is refused":         {"GET", "/api/collections/events/items?limit=" + strings.Repeat("9", 9000), 400, `at most 8192`},
		"a query just within the limit":   {"GET", "/api/collections/events/items?limit=1&f=json&x=" + strings.Repeat("b", 8192-19), 400, `parameter \"x\": unknown parameter`},
		"a long parameter name":           {"GET", "/api/collections/events/items?" + strings.Repeat("n", 8000) + "=1", 400, `nnn…\": unknown parameter`},
		"a long path to a file":           {"GET", "/" + long, 404, `no such file: /aaa`},
		"a long API path":                 {"GET", "/api/" + long, 404, `no such resource: /api/aaa`},
		"a long method":                   {strings.Repeat("M", 10000), "/api", 405, `method MMM`},
		"a query of 8 KiB on a file path": {"GET", "/?" + strings.Repeat("c", 8193), 400, `at most 8192`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Method = tc.method
			if i := strings.IndexByte(tc.path, '?'); i >= 0 {
				req.URL.Path, req.URL.RawQuery = tc.path[:i], tc.path[i+1:]
			} else {
				req.URL.Path = tc.path
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("body %.300s lacks %s", rec.Body, tc.want)
			}
			if rec.Body.Len() > 1000 {
				t.Errorf("a %d-byte answer", rec.Body.Len())
			}
			if rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
			}
		})
	}
}

func TestCORSPreflight(t *testing.T) {
	e := newServerWith(t, server.Config{})
	req := httptest.NewRequest(http.MethodOptions, "/api/collections", nil)
	req.Header.Set("Origin", "https://example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "X-Forwarded-Proto, X-Foo, If-None-Match")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("preflight: status %d", rec.Code)
	}
	allowed := rec.Header().Get("Access-Control-Allow-Headers")
	if strings.Contains(allowed, "X-Foo") || strings.Contains(allowed, "X-Forwarded-Proto") || !strings.Contains(allowed, "If-None-Match") {
		t.Errorf("Access-Control-Allow-Headers = %q, want the API's headers only", allowed)
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q", got)
	}
}

func TestLinksBase(t *testing.T) {
	tests := map[string]struct {
		baseURL, host, forwardedProto string
		status                        int
		want                          string
	}{
		"from the Host":                     {"", "maps.example.org:8080", "", 200, `"href":"http://maps.example.org:8080/api/collections"`},
		"an IPv6 Host":                      {"", "[::1]:8080", "", 200, `"href":"http://[::1]:8080/api/collections"`},
		"a proxy's https":                   {"", "maps.example.org", "https", 200, `"href":"https://maps.example.org/api/collections"`},
		"a proxy's nonsense scheme":         {"", "maps.example.org", "javascript", 200, `"href":"http://maps.example.org/api/collections"`},
		"a Host with a quote issue-9":       {"", `evil.example'onload=x`, "", 400, `header \"Host\": \"evil.example'onload=x\" is not a host name`},
		"a Host with a path":                {"", "evil.example/x", "", 400, `header \"Host\"`},
		"a Host with two ports":             {"", "evil.example:1:2", "", 400, `header \"Host\"`},
		"an empty Host":                     {"", "", "", 400, `header \"Host\"`},
		"--base-url wins over the Host":     {"https://maps.example.org", "evil.example", "http", 200, `"href":"https://maps.example.org/api/collections"`},
		"--base-url with a path":            {"https://example.org/chronomap/", "evil.example", "", 200, `"href":"https://example.org/chronomap/api/collections"`},
		"--base-url takes any Host at all":  {"http://localhost:8080", "a'b", "", 200, `"href":"http://localhost:8080/api/collections"`},
		"--base-url, items links issue-9":   {"https://maps.example.org", "evil.example", "", 200, `"href":"https://maps.example.org/api/collections/events/items"`},
		"--base-url, no Host at all needed": {"https://maps.example.org", "", "", 200, `https://maps.example.org/api`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := newServerWith(t, server.Config{BaseURL: tc.baseURL})
			req := httptest.NewRequest(http.MethodGet, "/api/collections", nil)
			req.Host = tc.host
			req.RemoteAddr = "127.0.0.1:5555" // a proxy on this machine, whose X-Forwarded-Proto counts
			if tc.forwardedProto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.forwardedProto)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("status %d, body %.400s; want %d with %s", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}
}

// TestETagFollowsTheBase: the links in a body depend on the base, and so
// does its ETag.
func TestETagFollowsTheBase(t *testing.T) {
	a := get(t, newServerWith(t, server.Config{}), "/api").Header().Get("ETag")
	b := get(t, newServerWith(t, server.Config{BaseURL: "https://maps.example.org"}), "/api").Header().Get("ETag")
	if a == "" || a == b {
		t.Errorf("ETags %q and %q, want two", a, b)
	}
}

func TestParseBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://maps.example.org":         "https://maps.example.org",
		"http://localhost:8080/":           "http://localhost:8080",
		"https://example.org/a%20b/map//":  "https://example.org/a%20b/map",
		"ftp://example.org":                "error",
		"example.org":                      "error",
		"https://":                         "error",
		"https://example.org/?x=1":         "error",
		"https://user@example.org":         "error",
		"https://example.org/#top":         "error",
		"https://exa mple.org":             "error",
		"http://[::1]:8080/chronomap":      "http://[::1]:8080/chronomap",
		"https://example.org/<script>/":    "https://example.org/%3Cscript%3E",
		"javascript://example.org/alert()": "error",
	} {
		got, err := server.ParseBaseURL(in)
		if err != nil {
			got = "error"
		}
		if got != want {
			t.Errorf("ParseBaseURL(%q) = %q (%v), want %q", in, got, err, want)
		}
	}
}
