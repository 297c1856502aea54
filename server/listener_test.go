package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"

	"chronomap/server"
)

// TestListener serves responses of every size around net/http's buffer
// through Listener, on one kept-alive connection, and a stream that
// flushes and then waits for the client to have read what it flushed.
func TestListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/size/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write(body(n))
	})
	mux.HandleFunc("/stream/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Write(body(n))
		w.(http.Flusher).Flush()
		<-seen
		w.Write([]byte("end"))
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(server.Listener(ln))
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()

	var sizes []int
	for _, n := range []int{0, 1, 3000, 4096, 8192, 34221, 1 << 20} {
		for d := -200; d <= 200; d += 40 {
			if n+d >= 0 {
				sizes = append(sizes, n+d)
			}
		}
	}
	for _, n := range sizes {
		res, err := http.Get(fmt.Sprintf("%s/size/%d", base, n))
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || !bytes.Equal(got, body(n)) {
			t.Fatalf("%d bytes: got %d (%v), not the body sent", n, len(got), err)
		}
	}
	// Somewhere about 4 KB of body the buffer is exactly full at the flush.
	for n := 3800; n <= 4100; n++ {
		res, err := http.Get(fmt.Sprintf("%s/stream/%d", base, n))
		if err != nil {
			t.Fatal(err)
		}
		// The chunk header comes first: read up to the body's end.
		if _, err := io.ReadFull(res.Body, make([]byte, n)); err != nil {
			t.Fatalf("stream of %d: %v", n, err)
		}
		seen <- struct{}{}
		if rest, err := io.ReadAll(res.Body); err != nil || string(rest) != "end" {
			t.Fatalf("stream of %d: end %q, %v", n, rest, err)
		}
		res.Body.Close()
	}
}

// body returns n bytes that differ along their length.
func body(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}
