package server

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Pages. A request for a page that is not the one just asked for, with a
// query of its own, is answered by Replay too, once a handler has answered
// one like it: the same method, path and key headers, any query. The
// handler leaves a pageServer (mayServePages), which makes a page as the
// handler would, from the query alone, and Replay keeps the head of that
// answer as a template. net/http, echo and the middleware cost more CPU a
// page than the query and the page's JSON together (docs/performance-log.md);
// this way the page is made by the same code, parsing and checking the
// query where the handler does, and only the head is Replay's.

// page is a response a pageServer makes: a 200 whose head is its
// template's, but for the headers in pageHeaders.
type page struct {
	body    []byte
	etag    string
	gzipped bool
	fresh   time.Time   // it may be replayed until then,
	current func() bool // and while this reports true
}

// pageServer sends the page raw, a request's query, asks for, or reports
// false, having sent nothing, for a request its handler must answer: one
// it refuses, say, whose error the handler writes.
type pageServer func(raw string, send func(page)) bool

// pageHeaders are the headers each page sets for itself, in the order
// net/http writes a head's headers: by name.
var pageHeaders = [...]string{"Content-Encoding", "Content-Length", "Etag"}

// pageTemplate is the head of an answer a handler gave, cut where the
// pageHeaders go, and the pageServer it left for the pages like it.
type pageTemplate struct {
	parts [len(pageHeaders) + 1][]byte
	serve pageServer
}

// head appends pg's head but for the Date that ends it.
func (t *pageTemplate) head(b []byte, pg page) []byte {
	b = append(b, t.parts[0]...)
	if pg.gzipped {
		b = append(b, "Content-Encoding: gzip\r\n"...)
	}
	b = append(b, t.parts[1]...)
	b = strconv.AppendInt(append(b, "Content-Length: "...), int64(len(pg.body)), 10)
	b = append(append(b, "\r\n"...), t.parts[2]...)
	b = append(append(append(b, "Etag: "...), pg.etag...), "\r\n"...)
	return append(b, t.parts[3]...)
}

// learning is a request net/http answers, with no template for its like
// yet: those like it wait for it, as its answer may leave one. Once it is
// answered without leaving one, those like it do not wait again.
type learning struct {
	since time.Time
	done  chan struct{}
	none  bool // answered, and left no template
}

// mayServePages lets Replay answer, with serve, the requests that differ
// from this one only in their query, once its response, about to be
// written, is a 200. w is the handler's writer, which wraps Replay's.
func mayServePages(w http.ResponseWriter, serve pageServer) {
	if rec := recordingOf(w); rec != nil {
		rec.pages = serve
	}
}

// appendPageKey appends key, a request's, without the query of its target:
// the key of the template that answers it.
func appendPageKey(b, key []byte) []byte {
	line, headers, _ := bytes.Cut(key, []byte("\n"))
	target, _, _ := bytes.Cut(line, []byte("?"))
	return append(append(append(b, target...), '\n'), headers...)
}

func pageKey(key string) string { return string(appendPageKey(nil, []byte(key))) }

// hasTemplate reports whether requests like the one whose key is key have
// a template.
func (rp *Replay) hasTemplate(key string) bool {
	rp.mu.RLock()
	defer rp.mu.RUnlock()
	return rp.templates[pageKey(key)] != nil
}

// putTemplate keeps the head h of a 200 to the request whose key is key,
// with serve, as the template for the requests like it.
func (rp *Replay) putTemplate(key string, h http.Header, serve pageServer) {
	names := make([]string, 0, len(h))
	for name := range h {
		if name != "Date" && !slices.Contains(pageHeaders[:], name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	t := &pageTemplate{serve: serve}
	b := []byte("HTTP/1.1 200 OK\r\n")
	i := 0
	for _, name := range names {
		for ; i < len(pageHeaders) && pageHeaders[i] < name; i++ {
			t.parts[i], b = b, nil
		}
		b = appendHeader(b, name, h[name])
	}
	for ; i < len(pageHeaders); i++ {
		t.parts[i], b = b, nil
	}
	t.parts[len(pageHeaders)] = b
	pk := pageKey(key)
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if _, ok := rp.templates[pk]; !ok && len(rp.templates) >= replayEntries {
		for k := range rp.templates {
			delete(rp.templates, k) // any one makes room
			break
		}
	}
	rp.templates[pk] = t
}

// template returns the template for requests with the page key pk. With
// none, it waits for a request like it that net/http is answering, whose
// answer may leave one; or, when there is no such request, it returns nil
// and notes the caller's, which goes to net/http, as that request.
func (rp *Replay) template(pk []byte) *pageTemplate {
	rp.mu.RLock()
	t := rp.templates[string(pk)]
	rp.mu.RUnlock()
	if t != nil {
		return t
	}
	now := time.Now()
	rp.askedMu.Lock()
	l, ok := rp.learning[string(pk)]
	if ok && l.none {
		rp.askedMu.Unlock()
		return nil
	}
	if ok && now.Sub(l.since) < replayWait {
		rp.askedMu.Unlock()
		timer := time.NewTimer(replayWait - now.Sub(l.since))
		defer timer.Stop()
		select {
		case <-l.done:
		case <-timer.C:
		}
		rp.mu.RLock()
		defer rp.mu.RUnlock()
		return rp.templates[string(pk)]
	}
	if len(rp.learning) >= replayAsked {
		// Those net/http refused before any handler are never taught; and
		// those that are not pages are forgotten before the map grows.
		for k, l := range rp.learning {
			if l.none || now.Sub(l.since) >= replayWait {
				delete(rp.learning, k)
			}
		}
	}
	if len(rp.learning) < replayAsked {
		rp.learning[string(pk)] = &learning{since: now, done: make(chan struct{})}
		rp.nLearning.Store(int32(len(rp.learning)))
	}
	rp.askedMu.Unlock()
	return nil
}

// taught wakes the requests waiting for the request whose key is key,
// which net/http has answered, leaving a template or not.
func (rp *Replay) taught(key string, template bool) {
	if rp.nLearning.Load() == 0 {
		return
	}
	pk := pageKey(key)
	rp.askedMu.Lock()
	defer rp.askedMu.Unlock()
	l, ok := rp.learning[pk]
	if !ok || l.none {
		return
	}
	close(l.done)
	if template {
		delete(rp.learning, pk)
		rp.nLearning.Store(int32(len(rp.learning)))
	} else {
		l.none = true
	}
}

// servePage answers req, whose head is n bytes long, with a page, if
// requests like it have a template and its pageServer answers; else it
// reports false, having read and sent nothing.
func (rp *Replay) servePage(rc *replayConn, req replayRequest, n int) (sent bool, size int, ok bool) {
	rc.pkey = appendPageKey(rc.pkey[:0], req.key)
	t := rp.template(rc.pkey)
	if t == nil {
		return false, 0, false
	}
	_, raw, _ := bytes.Cut(req.target, []byte("?"))
	wrote := false
	defer func() {
		// As net/http: a handler's panic is logged and the connection closed;
		// before any byte is sent, net/http answers instead, through echo,
		// which recovers to a 500.
		if v := recover(); v != nil {
			rp.logError("page panic", fmt.Errorf("%v", v), "target", string(req.target))
			sent, ok = false, wrote
		}
	}()
	ok = t.serve(string(raw), func(pg page) {
		wrote = true
		rc.br.Discard(n)
		size = len(pg.body)
		rc.head = t.head(rc.head[:0], pg)
		key := string(req.key)
		if rp.wanted(key) {
			// Asked for again: kept to replay, as its handler's answer would be.
			body := pg.body
			if req.head {
				body = nil
			}
			rp.keep(key, &replayEntry{head: bytes.Clone(rc.head), body: body, size: len(pg.body), file: -1,
				fresh: pg.fresh, current: pg.current})
		}
		rp.settle(key)
		rc.head = append(rc.head, rp.end(rc, req.close)...)
		rc.bufs = append(rc.bufs[:0], rc.head)
		if !req.head {
			rc.bufs = append(rc.bufs, pg.body)
		}
		bufs := rc.bufs // WriteTo consumes the slice it is called on
		_, err := bufs.WriteTo(rc.Conn)
		sent = err == nil
	})
	return sent, size, ok
}
