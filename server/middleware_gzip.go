package server

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// gzipMinLength is the smallest body worth compressing.
const gzipMinLength = 1024

// ctxGzip is set in the request's context when the response may be
// gzipped, and ctxGzipForced when even a small one must be.
const (
	ctxGzip       = "chronomap.gzip"
	ctxGzipForced = "chronomap.gzip.forced"
)

// compress gzips responses for clients whose Accept-Encoding asks for it.
//
// The gzip form of a response is a representation of its own: its ETag
// gets a "-gz" suffix, and If-None-Match is matched against the tags of
// that form only; every response says Vary: Accept-Encoding. Range requests
// are not answered in gzip form (a Content-Range would count the plain
// bytes while the body holds compressed ones): the request's Range is
// dropped and the whole body sent.
func compress(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		res, r := c.Response(), c.Request()
		res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		use, force := negotiateGzip(r.Header.Values(echo.HeaderAcceptEncoding))
		if !use {
			return next(c)
		}
		// Handlers that keep bodies compressed send them as they are.
		c.Set(ctxGzip, true)
		if force {
			c.Set(ctxGzipForced, true)
		}
		r.Header.Del("Range")
		r.Header.Del("If-Range")
		if inm := gzipIfNoneMatch(r.Header.Get("If-None-Match")); inm != "" {
			r.Header.Set("If-None-Match", inm)
		} else {
			r.Header.Del("If-None-Match")
		}
		w := &gzipWriter{ResponseWriter: res.Writer, force: force}
		res.Writer = w
		defer func() {
			res.Writer = w.ResponseWriter
			w.close()
		}()
		return next(c)
	}
}

// negotiateGzip reads Accept-Encoding (RFC 9110, section 12.5.3) and tells
// whether to gzip, and whether even small bodies must be, because the
// client refuses identity. gzip (or x-gzip) is used when its q-value, given
// or by "*", is above 0 and not below identity's; an identity the header
// does not name ranks below every coding it accepts. When the client
// refuses identity and accepts nothing we have, it gets identity anyway,
// rather than a 406 for a header that cannot mean what it says.
func negotiateGzip(values []string) (use, force bool) {
	gzipQ, identityQ, starQ := -1.0, -1.0, -1.0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			q := qValue(params)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "identity":
				identityQ = q
			case "*":
				starQ = q
			}
		}
	}
	if gzipQ < 0 {
		gzipQ = max(starQ, 0)
	}
	if identityQ < 0 {
		identityQ = starQ // still -1, below everything, when there is no "*"
	}
	use = gzipQ > 0 && gzipQ >= identityQ
	return use, use && identityQ == 0
}

// qValue returns the weight in a coding's parameters (";q=0.5"): 1 when
// there is none, 0 when it cannot be read.
func qValue(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || !(q >= 0 && q <= 1) {
				return 0
			}
			return q
		}
	}
	return 1
}

// gzipETag names the gzip form of the representation etag names.
func gzipETag(etag string) string {
	if !strings.HasSuffix(etag, `"`) {
		return etag
	}
	return etag[:len(etag)-1] + `-gz"`
}

// gzipIfNoneMatch keeps the tags of If-None-Match that can match a gzip
// response, "*" and tags of gzip forms, these without their suffix, so that
// handlers compare them with their own tags.
func gzipIfNoneMatch(inm string) string {
	if inm == "" {
		return ""
	}
	var keep []string
	for _, tag := range strings.Split(inm, ",") {
		switch tag = strings.TrimSpace(tag); {
		case tag == "*":
			keep = append(keep, tag)
		case strings.HasSuffix(tag, `-gz"`):
			keep = append(keep, strings.TrimSuffix(tag, `-gz"`)+`"`)
		}
	}
	return strings.Join(keep, ", ")
}

// compressible reports whether a body of this Content-Type gets smaller
// when gzipped: images but SVG, audio, video and archives do not.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	switch ct = strings.TrimSpace(ct); {
	case ct == "image/svg+xml":
		return true
	case strings.HasPrefix(ct, "image/"), strings.HasPrefix(ct, "audio/"), strings.HasPrefix(ct, "video/"),
		strings.HasPrefix(ct, "font/woff"), ct == "application/zip", ct == "application/gzip":
		return false
	}
	return true
}

// gzipPool holds writers at BestSpeed: a response is compressed while the
// client waits, and the fastest level gives most of the saving.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// gzipWriter holds back the status and the first gzipMinLength bytes of a
// body; then it knows whether compressing is worth it, and sends the header
// and the body, compressed or not.
type gzipWriter struct {
	http.ResponseWriter
	force   bool   // compress whatever the size: the client refuses identity
	status  int    // as the handler set it; 0 until it does
	buf     []byte // the body so far, until decided
	decided bool
	gz      *gzip.Writer // when compressing
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.decided && w.Header().Get(echo.HeaderContentEncoding) != "" {
		// The handler sends its body encoded already: nothing to hold back.
		if err := w.decide(); err != nil {
			return 0, err
		}
	}
	if !w.decided {
		w.buf = append(w.buf, b...)
		if len(w.buf) < gzipMinLength && !w.force {
			return len(b), nil
		}
		if err := w.decide(); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// decide sends the header and what is buffered, gzipped when the body is
// big enough (or must be) and of a type that compresses.
func (w *gzipWriter) decide() error {
	w.decided = true
	h := w.Header()
	if etag := h.Get("ETag"); etag != "" {
		h.Set("ETag", gzipETag(etag))
	}
	h.Del("Accept-Ranges")
	if h.Get(echo.HeaderContentType) == "" && len(w.buf) > 0 {
		h.Set(echo.HeaderContentType, http.DetectContentType(w.buf))
	}
	bodiless := w.status == http.StatusNoContent || w.status == http.StatusNotModified || w.status == http.StatusPartialContent
	if (len(w.buf) >= gzipMinLength || w.force) && !bodiless &&
		h.Get(echo.HeaderContentEncoding) == "" && compressible(h.Get(echo.HeaderContentType)) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		h.Del(echo.HeaderContentLength)
		w.gz = gzipPool.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.status)
	buf := w.buf
	w.buf = nil
	var err error
	if w.gz != nil {
		_, err = w.gz.Write(buf)
	} else if len(buf) > 0 {
		_, err = w.ResponseWriter.Write(buf)
	}
	return err
}

// Flush sends what has been written so far.
func (w *gzipWriter) Flush() {
	if !w.decided {
		// A stream's flush commits it to gzip, whatever comes; a body that
		// is all here, its length declared, is judged on its size as at
		// the end.
		if w.Header().Get(echo.HeaderContentLength) != strconv.Itoa(len(w.buf)) {
			w.force = w.force || len(w.buf) > 0
		}
		if w.status == 0 {
			w.status = http.StatusOK
		}
		_ = w.decide()
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// close ends the body. A handler that wrote nothing and set no status (it
// returned an error) leaves the response to the error handler.
func (w *gzipWriter) close() {
	if !w.decided {
		if w.status == 0 {
			return
		}
		_ = w.decide()
	}
	if w.gz != nil {
		_ = w.gz.Close()
		w.gz.Reset(nil)
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}
