package server

import (
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// corked says whether TCP_CORK is set on c: "yes", "no", or the error.
func corked(c net.Conn) string {
	raw, err := c.(syscall.Conn).SyscallConn()
	if err != nil {
		return err.Error()
	}
	v := 0
	if cerr := raw.Control(func(fd uintptr) {
		v, err = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK)
	}); cerr != nil {
		return cerr.Error()
	}
	if err != nil {
		return err.Error()
	}
	return map[bool]string{true: "yes", false: "no"}[v == 1]
}

// TestCorkResponses: a GET is answered corked and the connection is
// uncorked once the response is out; a POST, which may wait on a
// "100 Continue", is never corked; the server's own hooks still run.
func TestCorkResponses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	idle := make(chan net.Conn, 4)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := r.Context().Value(connKey{}).(net.Conn)
			w.Header().Set("X-Corked", corked(c))
			io.Copy(io.Discard, r.Body)
			w.Write([]byte(strings.Repeat("x", 7000)))
		}),
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateIdle {
				idle <- c
			}
		},
	}
	CorkResponses(srv)
	go srv.Serve(ln)
	defer srv.Close()

	url := "http://" + ln.Addr().String() + "/"
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	for _, tc := range []struct {
		method, want string
	}{{http.MethodGet, "yes"}, {http.MethodPost, "no"}, {http.MethodGet, "yes"}} {
		req, err := http.NewRequest(tc.method, url, strings.NewReader("body"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(body) != 7000 {
			t.Fatalf("%s: %d bytes, %v", tc.method, len(body), err)
		}
		if got := resp.Header.Get("X-Corked"); got != tc.want {
			t.Errorf("%s answered corked: %s, want %s", tc.method, got, tc.want)
		}
		if got := corked(<-idle); got != "no" {
			t.Errorf("%s: corked once idle: %s, want no", tc.method, got)
		}
	}
}
