package server_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"chronomap/server"
)

// replayServer serves the test collection behind Replay, as runServer
// does; calls counts the requests the handler saw.
func replayServer(t *testing.T) (addr string, rp *server.Replay, calls *atomic.Int64) {
	t.Helper()
	e := newServer(t)
	calls = &atomic.Int64{}
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		e.ServeHTTP(w, r)
	})
	cfg := server.ReplayConfig{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second}
	addr, rp = serveReplay(t, cfg, 5*time.Second, nil, func(rp *server.Replay) http.Handler { return rp.Handler(counted) })
	return addr, rp, calls
}

// serveReplay serves the handler made by handler behind a Replay with cfg,
// on ln (nil: a new one on Chronomap's listener), with net/http's own
// ReadHeaderTimeout, until the test ends.
func serveReplay(t *testing.T, cfg server.ReplayConfig, readHeader time.Duration, ln net.Listener, handler func(*server.Replay) http.Handler) (string, *server.Replay) {
	t.Helper()
	if ln == nil {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln = server.Listener(l)
	}
	rp := server.NewReplay(cfg)
	srv := &http.Server{Handler: handler(rp), ReadHeaderTimeout: readHeader}
	go srv.Serve(rp.Listener(ln))
	t.Cleanup(func() { rp.Close(); srv.Close() })
	return ln.Addr().String(), rp
}

// kept asks for raw twice, on two connections, so that Replay keeps its
// answer.
func kept(t *testing.T, addr, raw string) {
	t.Helper()
	exchange(t, addr, raw)
	exchange(t, addr, raw)
}

// openKept opens a connection and has raw, kept, answered on it, by
// Replay; the connection is left open, its reader returned.
func openKept(t *testing.T, addr, raw string) (net.Conn, *bufio.Reader) {
	t.Helper()
	kept(t, addr, raw)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	io.WriteString(c, raw)
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	return c, br
}

// plainServer serves the same behind net/http alone.
func plainServer(t *testing.T) string {
	t.Helper()
	srv := &http.Server{Handler: newServer(t)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(server.Listener(ln))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// exchange sends raw on a new connection, closes its side, and returns all
// the server sends until it closes too, its Date headers blanked.
func exchange(t *testing.T, addr, raw string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%q: %v after %q", raw, err, out)
	}
	return dates.ReplaceAllString(string(out), "Date: -\r\n")
}

var (
	dates = regexp.MustCompile(`Date: [^\r]*\r\n`)
	stamp = regexp.MustCompile(`"timeStamp":"[^"]*"`)
)

// sameButTime reports whether two servers' answers differ only in when
// they were made.
func sameButTime(a, b string) bool {
	return stamp.ReplaceAllString(a, "") == stamp.ReplaceAllString(b, "")
}

// TestReplay checks that a request asked for again is answered by Replay
// (the handler does not see it) byte for byte as net/http answered it, but
// for the Date, and that every other request, odd ones too, is answered as
// net/http alone answers it.
func TestReplay(t *testing.T) {
	addr, _, calls := replayServer(t)
	plain := plainServer(t)
	items := "/api/collections/events/items?limit=100"
	for name, raw := range map[string]string{
		"gzip":     "GET " + items + " HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n",
		"plain":    "GET " + items + " HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n",
		"origin":   "GET " + items + " HTTP/1.1\r\nhost: h\r\norigin: https://example.org\r\n\r\n",
		"head":     "HEAD " + items + " HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n",
		"a page":   "GET /api/collections/events/items?limit=2&offset=3 HTTP/1.1\r\nHost: other:8080\r\n\r\n",
		"close":    "GET " + items + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET " + items + " HTTP/1.1\r\nHost: h\r\n\r\n",
		"pipeline": "GET " + items + " HTTP/1.1\r\nHost: h\r\n\r\nGET " + items + " HTTP/1.1\r\nHost: h\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			first := exchange(t, addr, raw)  // net/http
			second := exchange(t, addr, raw) // net/http, and kept: asked for again
			before := calls.Load()
			third := exchange(t, addr, raw) // replayed
			if n := calls.Load() - before; n != 0 {
				t.Errorf("the handler saw the third ask %d times; want Replay to answer it", n)
			}
			if !strings.HasPrefix(first, "HTTP/1.1 200 OK\r\n") {
				t.Fatalf("got %.200q", first)
			}
			if first != second || second != third {
				t.Errorf("responses differ:\n%.600q\n%.600q\n%.600q", first, second, third)
			}
			if ps := exchange(t, plain, raw); !sameButTime(third, ps) {
				t.Errorf("net/http alone answers\n%.600q\nReplay\n%.600q", ps, third)
			}
		})
	}
	for name, raw := range map[string]string{
		"conditional":   "GET " + items + " HTTP/1.1\r\nHost: h\r\nIf-None-Match: *\r\n\r\n",
		"a proxy":       "GET " + items + " HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\n\r\n",
		"LF alone":      "GET " + items + " HTTP/1.1\nHost: h\n\n",
		"two hosts":     "GET " + items + " HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
		"no host":       "GET " + items + " HTTP/1.1\r\n\r\n",
		"HTTP/1.0":      "GET " + items + " HTTP/1.0\r\nHost: h\r\n\r\n",
		"absolute":      "GET http://h" + items + " HTTP/1.1\r\nHost: h\r\n\r\n",
		"a body":        "GET " + items + " HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
		"chunked":       "GET " + items + " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"space":         "GET " + items + " HTTP/1.1\r\nHost : h\r\n\r\n",
		"folded":        "GET " + items + " HTTP/1.1\r\nHost: h\r\nAccept: a,\r\n b\r\n\r\n",
		"upgrade":       "GET " + items + " HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n",
		"post":          "POST " + items + " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
		"bad parameter": "GET /api/collections/events/items?limit=x HTTP/1.1\r\nHost: h\r\n\r\n",
		"not found":     "GET /api/collections/nope/items HTTP/1.1\r\nHost: h\r\n\r\n",
		"garbage":       "\x00\x01 nonsense\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			var got string
			for range 3 {
				got = exchange(t, addr, raw)
			}
			if want := exchange(t, plain, raw); !sameButTime(got, want) {
				t.Errorf("net/http alone answers\n%.600q\nReplay\n%.600q", want, got)
			}
		})
	}
}

// TestReplayKeptAlive replays on one connection, then hands it to net/http
// at a request it holds no answer for, with what follows it.
func TestReplayKeptAlive(t *testing.T) {
	addr, _, calls := replayServer(t)
	get := "GET /api/collections/events/items HTTP/1.1\r\nHost: h\r\n\r\n"
	kept(t, addr, get)
	before := calls.Load()
	got := exchange(t, addr, get+get+"GET /api/collections/events HTTP/1.1\r\nHost: h\r\n\r\n"+get)
	if n := strings.Count(got, "HTTP/1.1 200 OK\r\n"); n != 4 {
		t.Fatalf("%d answers to 4 requests:\n%.2000q", n, got)
	}
	// The two replayed, then the collection and the last through net/http.
	if n := calls.Load() - before; n != 2 {
		t.Errorf("the handler saw %d of the 4 requests; want 2", n)
	}
}

// TestReplayRenews checks that a response kept past its second of
// freshness is made again, with a new timeStamp, by the next request.
func TestReplayRenews(t *testing.T) {
	addr, _, calls := replayServer(t)
	get := "GET /api/collections/events/items?limit=1 HTTP/1.1\r\nHost: h\r\n\r\n"
	kept(t, addr, get)
	first := exchange(t, addr, get)
	time.Sleep(1100 * time.Millisecond)
	before := calls.Load()
	renewed := exchange(t, addr, get)
	if n := calls.Load() - before; n != 1 {
		t.Errorf("the handler saw %d requests; want the one that renews it", n)
	}
	if a, b := stamp.FindString(first), stamp.FindString(renewed); a == "" || a == b {
		t.Errorf("timeStamp %q, then %q; want a new one", a, b)
	}
	before = calls.Load()
	if again := exchange(t, addr, get); again != renewed {
		t.Errorf("after the renewal got\n%.300q\nwant\n%.300q", again, renewed)
	}
	if n := calls.Load() - before; n != 0 {
		t.Errorf("the handler saw %d requests after the renewal; want none", n)
	}
}

// TestReplayPages checks that once net/http has answered a page, Replay
// answers the pages like it, with any query, itself (the handler does not
// see them), byte for byte as net/http alone answers them but for the Date
// and timeStamp; and that it hands the connection to net/http at the
// first request it must not answer, with those that follow.
func TestReplayPages(t *testing.T) {
	addr, _, calls := replayServer(t)
	plain := plainServer(t)
	queries := []string{"", "?limit=1", "?limit=100", "?datetime=2020-01-03", "?datetime=2020-01-08T00:00:00Z/2020-01-08T23:59:59Z&category=missile-attack,aviation",
		"?bbox=44,33,45,34&limit=3", "?q=zzz", "?offset=1000", "?limit=5&offset=2&f=json", "?q=airport&limit=2&offset=1"}
	for name, tc := range map[string]struct {
		headers string
		pages   bool // whether Replay answers the pages
	}{
		"plain":  {"Host: h\r\nUser-Agent: curl/8\r\n", true},
		"gzip":   {"Host: h\r\nAccept-Encoding: gzip\r\n", true},
		"origin": {"Host: other:8080\r\nOrigin: https://example.org\r\nAccept-Encoding: gzip, deflate\r\n", true},
		// compress gzips even the small pages, which Replay leaves to it.
		"no identity": {"Host: h\r\nAccept-Encoding: gzip, identity;q=0\r\n", false},
	} {
		t.Run(name, func(t *testing.T) {
			ask := func(method, query string) string {
				return method + " /api/collections/events/items" + query + " HTTP/1.1\r\n" + tc.headers + "\r\n"
			}
			exchange(t, addr, ask("GET", "?limit=7"))
			exchange(t, addr, ask("HEAD", "?limit=7"))
			var all string
			for _, q := range queries {
				all += ask("GET", q) + ask("HEAD", q)
			}
			before := calls.Load()
			got := exchange(t, addr, all)
			want := exchange(t, plain, all)
			if n := strings.Count(got, "HTTP/1.1 200 OK\r\n"); n != 2*len(queries) {
				t.Fatalf("%d answers to %d requests:\n%.3000q", n, 2*len(queries), got)
			}
			if !sameButTime(got, want) {
				t.Errorf("net/http alone answers\n%.3000q\nReplay\n%.3000q", want, got)
			}
			n, wantN := calls.Load()-before, int64(0)
			if !tc.pages {
				wantN = int64(2 * len(queries))
			}
			if n != wantN {
				t.Errorf("the handler saw %d of the %d requests; want %d", n, 2*len(queries), wantN)
			}
			// A request Replay must not answer: from it on, net/http answers.
			mixed := ask("GET", "?limit=2") + ask("GET", "?limit=x") + ask("GET", "?category=nope") + ask("GET", "?limit=2&f=csv") + ask("GET", "?limit=3")
			before = calls.Load()
			got, want = exchange(t, addr, mixed), exchange(t, plain, mixed)
			if !sameButTime(got, want) {
				t.Errorf("net/http alone answers\n%.3000q\nReplay\n%.3000q", want, got)
			}
			if n, wantN := calls.Load()-before, int64(4); tc.pages && n != wantN {
				t.Errorf("the handler saw %d of the 5 requests; want %d", n, wantN)
			}
		})
	}
}

// TestReplayShutdown closes a connection Replay holds, idle between
// requests, at once.
func TestReplayShutdown(t *testing.T) {
	addr, rp, _ := replayServer(t)
	c, _ := openKept(t, addr, "GET /api/collections/events/items HTTP/1.1\r\nHost: h\r\n\r\n")
	start := time.Now()
	if err := rp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read %d bytes, %v; want the connection closed", n, err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("shutdown took %v", took)
	}
}

// TestReplayLongHead sends a head longer than Replay's buffer, with what
// reads as a request where the buffer ends: net/http must read it, as one
// request.
func TestReplayLongHead(t *testing.T) {
	addr, _, _ := replayServer(t)
	plain := plainServer(t)
	get := "GET /api/collections/events/items?limit=2 HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
	kept(t, addr, get+"\r\n")
	hidden := "GET http://h/api/collections/events HTTP/1.0"
	pad := 4096 - len(get) - len("User-Agent: ") - len(hidden)
	raw := get + "User-Agent: " + strings.Repeat("a", pad) + hidden + "\r\nDnt: 1\r\n\r\n"
	got := exchange(t, addr, raw)
	if n := strings.Count(got, "HTTP/1."); n != 1 {
		t.Errorf("%d answers to one request:\n%.300q", n, got)
	}
	if want := exchange(t, plain, raw); !sameButTime(got, want) {
		t.Errorf("net/http alone answers\n%.300q\nReplay\n%.300q", want, got)
	}
}

// failingListener fails its first Accept as a process out of file
// descriptors does.
type failingListener struct {
	net.Listener
	failed atomic.Bool
}

func (l *failingListener) Accept() (net.Conn, error) {
	if !l.failed.Swap(true) {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: syscall.EMFILE}
	}
	return l.Listener.Accept()
}

// TestReplayAcceptRetries keeps accepting after an error, as net/http does.
func TestReplayAcceptRetries(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.ReplayConfig{ReadHeaderTimeout: time.Second, IdleTimeout: time.Second, WriteTimeout: time.Second}
	serveReplay(t, cfg, 0, &failingListener{Listener: ln}, func(rp *server.Replay) http.Handler { return rp.Handler(newServer(t)) })
	got := exchange(t, ln.Addr().String(), "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 200 OK") {
		t.Errorf("after an accept error got %.200q", got)
	}
}

// TestReplayHeadTimeout closes a connection whose next head, once begun,
// does not arrive within ReadHeaderTimeout, as net/http does, though the
// idle timeout is longer.
func TestReplayHeadTimeout(t *testing.T) {
	cfg := server.ReplayConfig{ReadHeaderTimeout: 300 * time.Millisecond, IdleTimeout: 10 * time.Second, WriteTimeout: time.Second}
	addr, _ := serveReplay(t, cfg, 300*time.Millisecond, nil, func(rp *server.Replay) http.Handler { return rp.Handler(newServer(t)) })
	c, br := openKept(t, addr, "GET /api/collections/events/items HTTP/1.1\r\nHost: h\r\n\r\n")
	io.WriteString(c, "GET /api/collections/events/items HTTP/1.1\r\nHo")
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read %d bytes, %v; want the connection closed", n, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("closed after %v; want ReadHeaderTimeout", took)
	}
}

// TestReplayAccessLog checks that a replayed request's line in the access
// log reads as net/http's line for it does, but for time and duration.
func TestReplayAccessLog(t *testing.T) {
	var lines safeBuffer
	log := slog.New(slog.NewTextHandler(&lines, nil))
	cfg := server.ReplayConfig{ReadHeaderTimeout: time.Second, IdleTimeout: time.Second, WriteTimeout: time.Second, Log: log}
	addr, _ := serveReplay(t, cfg, 0, nil, func(rp *server.Replay) http.Handler {
		return server.LogRequests(rp.Handler(newServer(t)), log)
	})
	for _, raw := range []string{
		"GET /api/collections/%65vents/items?limit=3 HTTP/1.1\r\nHost: h\r\n\r\n",
		"HEAD /api/collections/events/items?limit=3 HTTP/1.1\r\nHost: h\r\n\r\n",
	} {
		for range 3 {
			exchange(t, addr, raw)
		}
	}
	vary := regexp.MustCompile(`time=\S+ |duration=\S+ |remote=\S+`)
	got := strings.Split(strings.TrimSpace(vary.ReplaceAllString(lines.String(), "")), "\n")
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	if len(got) != 6 {
		t.Fatalf("%d lines for 6 requests:\n%s", len(got), lines.String())
	}
	for i := range 2 {
		for j := 1; j < 3; j++ {
			if got[3*i+j] != got[3*i] {
				t.Errorf("replayed: %s\nnet/http: %s", got[3*i+j], got[3*i])
			}
		}
	}
}

// safeBuffer is a buffer the server's goroutines write log lines to.
type safeBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
