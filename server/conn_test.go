package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"chronomap/server"
)

func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	h := server.LogRequests(newServerWith(t, server.Config{}), log)
	get(t, h, "/api/collections/events/items?limit=1", "Accept-Encoding", "gzip")
	get(t, h, "/nothing/"+strings.Repeat("x", 5000))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per request:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{"msg=request", "method=GET", "path=/api/collections/events/items", `query="limit=1"`, "status=200", "bytes=", "duration="} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("log line lacks %s:\n%s", want, lines[0])
		}
	}
	if !strings.Contains(lines[1], "status=404") || len(lines[1]) > 600 {
		t.Errorf("the 404's line (%d bytes) is not short or lacks the status:\n%.600s", len(lines[1]), lines[1])
	}
}

func TestLoading(t *testing.T) {
	h := server.Loading(5 * time.Second)
	for _, path := range []string{"/", "/api/collections/events/items", "/healthz"} {
		r := get(t, h, path)
		if r.Code != http.StatusServiceUnavailable || r.Header().Get("Retry-After") != "5" {
			t.Errorf("%s: status %d, Retry-After %q; want 503 and 5", path, r.Code, r.Header().Get("Retry-After"))
		}
		if body := r.json(t); body["code"] != "Loading" || body["description"] == "" {
			t.Errorf("%s: body %s", path, r.Body)
		}
	}
}
