package server_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"chronomap/server"
)

// smallBuffers keeps the kernel from taking a whole response at once, so
// that the client's reading paces the server's writing.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// slowGet reads url at about rate bytes a second and returns how much it got.
func slowGet(t *testing.T, url string, rate int) (int64, error) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got int64
	buf := make([]byte, rate/20)
	for {
		n, err := io.ReadFull(resp.Body, buf)
		got += int64(n)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return got, nil
		} else if err != nil {
			return got, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSlowSteadyDownloadIsNotCut: a download that takes several times the
// write timeout, at a steady rate, gets every byte; the same download under
// a fixed deadline is cut (review section 5).
func TestSlowSteadyDownloadIsNotCut(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds")
	}
	const timeout = 500 * time.Millisecond
	// More than the kernel's buffers on both sides hold.
	body := make([]byte, 24<<20)
	blob := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(body) // in one piece, as echo's c.Blob does
	})
	for name, tc := range map[string]struct {
		handler http.Handler
		whole   bool
	}{
		"deadline moves with progress": {server.ExtendWriteDeadline(blob, timeout), true},
		"fixed deadline, for contrast": {blob, false},
	} {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewUnstartedServer(tc.handler)
			ts.Config.WriteTimeout = timeout
			ts.Start()
			defer ts.Close()
			start := time.Now()
			got, err := slowGet(t, ts.URL, 16<<20) // 1.5 s for 24 MB
			t.Logf("got %d bytes in %v (%v)", got, time.Since(start), err)
			if took := time.Since(start); tc.whole && took < 2*timeout {
				t.Fatalf("the download took %v, not long enough to test anything", took)
			}
			if whole := got == int64(len(body)) && err == nil; whole != tc.whole {
				t.Errorf("got %d of %d bytes (%v); want the whole body: %v", got, len(body), err, tc.whole)
			}
		})
	}
}

// TestStalledClientIsCut: a client that stops reading is cut after the
// timeout, deadline moving or not.
func TestStalledClientIsCut(t *testing.T) {
	const timeout = 300 * time.Millisecond
	done := make(chan error, 1)
	h := server.ExtendWriteDeadline(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := w.Write(make([]byte, 32<<20))
		done <- err
	}), timeout)
	ts := httptest.NewUnstartedServer(h)
	ts.Listener = smallBuffers{ts.Listener}
	ts.Config.WriteTimeout = timeout
	ts.Start()
	defer ts.Close()
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(16 << 10)
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case err := <-done:
		if err == nil {
			t.Error("32 MB written to a client that reads nothing")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the write to a stalled client is still blocked after 10 s")
	}
}
