package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// These wrap the whole handler, as plain net/http middleware, so that they
// also see the requests answered while the data loads.

// LogRequests writes one line per request to log: method, path, query,
// status, bytes sent, duration and the client's address.
func LogRequests(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		cw := &countingWriter{ResponseWriter: w}
		path, query := r.URL.Path, r.URL.RawQuery // before handlers rewrite them
		defer func() {
			status := cw.status
			if status == 0 {
				status = http.StatusOK
			}
			logRequest(r.Context(), log, r.Method, path, query, status, cw.bytes, time.Since(start), r.RemoteAddr)
		}()
		next.ServeHTTP(cw, r)
	})
}

// logRequest writes a request's line of the access log.
func logRequest(ctx context.Context, log *slog.Logger, method, path, query string, status int, bytes int64, d time.Duration, remote string) {
	log.LogAttrs(ctx, slog.LevelInfo, "request",
		slog.String("method", clipLog(method, 16)),
		slog.String("path", clipLog(path, 256)),
		slog.String("query", clipLog(query, 256)),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("duration", d),
		slog.String("remote", remote))
}

// clipLog cuts s to at most n bytes, at a character boundary, so that a
// 1 MB path makes a short log line.
func clipLog(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// countingWriter notes the status and counts the bytes of the body.
type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeChunk is how much of a body goes out under one write deadline: big
// enough that a cached response goes out in one piece (one chunk is one
// more write to the socket), small enough that a client reading a few KB
// a second keeps its connection.
const writeChunk = 256 << 10

// ExtendWriteDeadline lets a response take as long as it needs while the
// client keeps reading: each chunk of 256 KiB must be taken within timeout,
// and the deadline moves on with every chunk. A fixed deadline for the
// whole response (http.Server.WriteTimeout) cuts large downloads at slow
// but steady rates; none at all lets a client that stops reading hold its
// connection forever. The server's WriteTimeout should be timeout too: it
// sets the first deadline when a request has been read.
func ExtendWriteDeadline(next http.Handler, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pw := &progressWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout}
		next.ServeHTTP(pw, r)
	})
}

// progressWriter moves the connection's write deadline before each chunk.
type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func (w *progressWriter) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		n := min(len(b), writeChunk)
		// Where the writer cannot set deadlines (a test recorder), the
		// server's own timeouts are all there is.
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
		m, err := w.ResponseWriter.Write(b[:n])
		written += m
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

func (w *progressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Loading answers every request while the data loads: 503, with a JSON body
// in the API's shape and a Retry-After in seconds.
func Loading(retryAfter time.Duration) http.Handler {
	body, _ := json.Marshal(apiError{Code: "Loading",
		Description: "Chronomap is loading its data; try again in a moment"})
	secs := strconv.Itoa(max(1, int(retryAfter.Round(time.Second)/time.Second)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentTypeJSON)
		h.Set("Cache-Control", "no-store")
		h.Set("Retry-After", secs)
		h.Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusServiceUnavailable)
		if !strings.EqualFold(r.Method, http.MethodHead) {
			w.Write(body)
		}
	})
}
