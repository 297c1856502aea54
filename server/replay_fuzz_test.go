package server

import (
	"bufio"
	"bytes"
	"net/http"
	"testing"
)

// FuzzParseRequest checks that a head Replay would answer is one net/http
// reads as the same request: the same key, and the same wish to close. A
// head net/http refuses (a bad escape in the target, a bad Host) Replay
// never answers, though it may read it: it keeps only responses net/http
// gave, under keys made from net/http's requests.
func FuzzParseRequest(f *testing.F) {
	for _, head := range []string{
		"GET /api/collections/events/items?limit=2 HTTP/1.1\r\nHost: h\r\n\r\n",
		"HEAD /x HTTP/1.1\r\nhost: h:8080\r\naccept-encoding: gzip\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nOrigin: https://o.example\r\nAccept: */*\r\nUser-Agent: a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
		"GET / HTTP/1.1\nHost: h\n\n",
		"GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nAccept: a,\r\n b\r\n\r\n",
	} {
		f.Add([]byte(head))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		req, ok := parseRequest(head, nil)
		if !ok {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(head)))
		if err != nil || !validHost(r.Host) {
			return
		}
		key, ok := requestKey(r)
		if !ok {
			t.Fatalf("Replay reads %q as one to answer, which it would not record", head)
		}
		if key != string(req.key) {
			t.Fatalf("%q: key %q, net/http's request's %q", head, req.key, key)
		}
		if r.Close != req.close {
			t.Fatalf("%q: close %v, net/http's %v", head, req.close, r.Close)
		}
	})
}

// validHost is net/http's check of a Host, which ReadRequest leaves to
// the server: characters a host name or address may hold.
func validHost(h string) bool {
	for i := 0; i < len(h); i++ {
		if c := h[i]; c <= ' ' || c >= 0x7f || bytes.IndexByte([]byte("\"<>\\^`{|}"), c) >= 0 {
			return false
		}
	}
	return true
}
