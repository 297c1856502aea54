package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Replay answers a request that repeats one just answered, the same page
// asked for again by many clients or many times by one, with the bytes the
// server sent for it, without going through net/http: on this 2-core
// machine net/http alone, before any handler, costs as much CPU a request
// as nginx's whole answer (docs/performance-log.md).
//
// It sits in front of an http.Server: it takes each connection first,
// reads its requests, and answers those it holds a fresh response for,
// and the pages like one a handler answered but for their query, which
// that handler left a way to make (replay_pages.go). At the first request
// it cannot answer, it hands the connection, with every byte read from
// it, to the http.Server for good. A handler says a response may be
// replayed (MayReplay), and its like served (mayServePages): only the items
// pages of a collection in memory do, for as long as the response cache
// would serve them. Only plain
// requests are answered here: GET or HEAD in HTTP/1.1, no body, and no
// header but those known not to change a response, or named in its key
// (Host, Accept, Accept-Encoding, Origin). Anything else, however odd,
// goes to net/http as it came, which answers or refuses it as ever.
type Replay struct {
	handler http.Handler // what renders a response again once it is stale
	log     *slog.Logger // the access log; nil: none

	readHeaderTimeout, idleTimeout, writeTimeout time.Duration

	mu      sync.RWMutex
	entries map[string]*replayEntry

	templates map[string]*pageTemplate // by page key (replay_pages.go), under mu

	askedMu   sync.Mutex
	asked     map[string]*askedRequest
	swept     time.Time    // when asked was last rid of old requests
	nAsked    atomic.Int32 // len(asked), read without the lock
	learning  map[string]*learning
	nLearning atomic.Int32 // len(learning), read without the lock

	handoff   chan net.Conn
	closing   atomic.Bool
	closed    chan struct{} // when the listener is
	closeOnce sync.Once
	errLog    *slog.Logger

	connsMu sync.Mutex
	conns   map[*replayConn]struct{}
	connsWG sync.WaitGroup

	date atomic.Pointer[replayDate]
}

// ReplayConfig are the timeouts of an http.Server, kept by Replay for the
// connections it holds, the access log (nil: none), and where errors go.
type ReplayConfig struct {
	ReadHeaderTimeout, IdleTimeout, WriteTimeout time.Duration
	Log                                          *slog.Logger
	ErrorLog                                     *slog.Logger // accept errors; nil: slog's default
}

// Limits of what Replay holds.
const (
	replayEntries = 64 // responses kept
	// replayMaxBody is the largest body kept: one piece under one write
	// deadline, as ExtendWriteDeadline sends (writeChunk).
	replayMaxBody = writeChunk
	// replayWait is the longest a request waits for the same request,
	// handed to net/http by another connection, to be answered there.
	replayWait = 200 * time.Millisecond
	// replayAgain is how soon a request must be asked for again to be kept:
	// as long as the response cache keeps a page.
	replayAgain = cacheFresh
	// replayAsked bounds the requests remembered as asked for.
	replayAsked = 1024
)

// NewReplay returns a Replay with cfg's timeouts; its Handler and Listener
// put it to work.
func NewReplay(cfg ReplayConfig) *Replay {
	return &Replay{log: cfg.Log, readHeaderTimeout: cfg.ReadHeaderTimeout, idleTimeout: cfg.IdleTimeout,
		writeTimeout: cfg.WriteTimeout, entries: map[string]*replayEntry{}, asked: map[string]*askedRequest{},
		templates: map[string]*pageTemplate{}, learning: map[string]*learning{},
		handoff: make(chan net.Conn), closed: make(chan struct{}), errLog: cfg.ErrorLog, conns: map[*replayConn]struct{}{}}
}

// replayEntry is a response to replay: its head but for Date, and its body.
type replayEntry struct {
	head []byte // status line and headers, each ending in CRLF, but Date
	body []byte // nil for a HEAD
	size int    // the body's, as Content-Length says
	// file is the body as a file the kernel sends (sendfile), made when
	// the entry is first replayed, not for every page kept; -1: none.
	file     int
	fileOnce sync.Once
	fresh    time.Time   // served until then
	current  func() bool // whether the data it was made from is still served
	renders  atomic.Bool // one request renders it again at a time
	// refs counts the holders of the entry, Replay's map and each request
	// replaying it: the last one closes the file.
	refs atomic.Int32
}

func (e *replayEntry) release() {
	if e.refs.Add(-1) == 0 && e.file >= 0 {
		closeBodyFile(e.file)
	}
}

// askedRequest is a request Replay handed to net/http, with the
// connection it came on: others may wait for its answer, and one asked
// for again soon may be asked for more.
type askedRequest struct {
	since    time.Time
	done     chan struct{} // closed when net/http has answered it
	answered bool
	waiters  int
	again    bool // asked for again within replayAgain
}

type replayDate struct {
	sec int64
	// "Date: …\r\n\r\n", which ends the head, and the same with the
	// Connection: close that net/http answers a request to close with.
	line, closing []byte
}

// Handler records, for next, the responses its handlers allow to be
// replayed, and is what renders them again. Access logging should wrap it,
// not sit inside: Replay logs the requests it answers itself.
func (rp *Replay) Handler(next http.Handler) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := requestKey(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		_, renewal := w.(*renderWriter)
		rw := &recordWriter{ResponseWriter: w, rec: recording{rp: rp, key: key, renewal: renewal}}
		next.ServeHTTP(rw, r)
		rec := &rw.rec
		if rec.ok() {
			rp.put(key, r.Method, rec)
		}
		if rec.teaches {
			rp.putTemplate(key, rec.header, rec.pages)
		}
		if !rec.settled {
			rp.settle(key)
		}
		rp.taught(key, rec.teaches)
	})
	rp.handler = h
	return h
}

// MayReplay lets Replay answer requests like this one, until fresh and while
// current reports true, with the response about to be written: a complete
// 200 whose bytes depend on nothing but the request's key and the data.
// Replay keeps it when other requests for it wait, when it was asked for
// again soon, and so may well be again, or when Replay renews it. w is the
// handler's writer, which wraps Replay's.
func MayReplay(w http.ResponseWriter, fresh time.Time, current func() bool) {
	if rec := recordingOf(w); rec != nil {
		rec.allowed, rec.fresh, rec.current = true, fresh, current
	}
}

// recordingOf returns the recording of the response w writes, found through
// the writers that wrap Replay's, or nil when Replay does not record it.
func recordingOf(w http.ResponseWriter) *recording {
	for {
		switch ww := w.(type) {
		case *recordWriter:
			return &ww.rec
		case interface{ Unwrap() http.ResponseWriter }:
			w = ww.Unwrap()
		default:
			return nil
		}
	}
}

// recording is a response being written that may be kept.
type recording struct {
	rp        *Replay
	key       string
	renewal   bool // a render of a response kept, to renew it
	allowed   bool
	fresh     time.Time
	current   func() bool
	capturing bool
	settled   bool // those waiting for it are told
	failed    bool // too big to keep
	status    int
	header    http.Header
	body      []byte
	pages     pageServer // see mayServePages
	teaches   bool       // its head is to be the template of its like
}

// ok reports whether the response was recorded whole. A HEAD is recorded
// as its GET, which net/http sends without the body.
func (rec *recording) ok() bool {
	return rec.capturing && !rec.failed && rec.status == http.StatusOK &&
		rec.header.Get("Content-Length") == strconv.Itoa(len(rec.body))
}

// recordWriter copies what is written of a response that may be replayed.
type recordWriter struct {
	http.ResponseWriter
	rec recording
}

func (w *recordWriter) WriteHeader(code int) {
	rec := &w.rec
	if rec.status == 0 && code >= 200 {
		rec.status = code
		switch {
		case !rec.allowed || code != http.StatusOK:
			// Nothing to replay: those waiting for it need not wait on.
			rec.rp.settle(rec.key)
			rec.settled = true
		case rec.renewal || rec.rp.wanted(rec.key):
			rec.capturing, rec.header = true, w.Header().Clone()
		default:
			rec.rp.settle(rec.key)
			rec.settled = true
		}
		if rec.pages != nil && code == http.StatusOK && !rec.rp.hasTemplate(rec.key) {
			if rec.header == nil {
				rec.header = w.Header().Clone()
			}
			rec.teaches = true
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordWriter) Write(b []byte) (int, error) {
	if w.rec.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if rec := &w.rec; rec.capturing && !rec.failed {
		if len(rec.body)+len(b) > replayMaxBody {
			rec.failed, rec.body = true, nil
		} else {
			rec.body = append(rec.body, b...)
		}
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// put keeps rec's response under key.
func (rp *Replay) put(key, method string, rec *recording) {
	head := []byte("HTTP/1.1 200 OK\r\n")
	names := make([]string, 0, len(rec.header))
	for name := range rec.header {
		if name != "Date" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		head = appendHeader(head, name, rec.header[name])
	}
	body := rec.body
	if method == http.MethodHead {
		body = nil
	}
	rp.keep(key, &replayEntry{head: head, body: body, size: len(rec.body), file: -1, fresh: rec.fresh, current: rec.current})
}

// appendHeader appends a header's lines, one for each of its values.
func appendHeader(b []byte, name string, values []string) []byte {
	for _, v := range values {
		b = append(append(append(append(b, name...), ": "...), v...), "\r\n"...)
	}
	return b
}

// keep keeps e, a new entry, under key.
func (rp *Replay) keep(key string, e *replayEntry) {
	e.refs.Store(1)
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if _, ok := rp.entries[key]; !ok && len(rp.entries) >= replayEntries {
		// The one made longest ago makes room.
		var oldest string
		for k, old := range rp.entries {
			if oldest == "" || old.fresh.Before(rp.entries[oldest].fresh) {
				oldest = k
			}
		}
		rp.entries[oldest].release()
		delete(rp.entries, oldest)
	}
	if old, ok := rp.entries[key]; ok {
		old.release()
	}
	rp.entries[key] = e
}

// get returns the entry kept under key, for the caller to release.
func (rp *Replay) get(key []byte) *replayEntry {
	rp.mu.RLock()
	defer rp.mu.RUnlock()
	e := rp.entries[string(key)]
	if e != nil {
		e.refs.Add(1)
	}
	return e
}

// drop forgets e, kept under key, unless it has been replaced.
func (rp *Replay) drop(key string, e *replayEntry) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.entries[key] == e {
		delete(rp.entries, key)
		e.release()
	}
}

// settle wakes the requests waiting for key to be answered by net/http.
func (rp *Replay) settle(key string) {
	if rp.nAsked.Load() == 0 {
		return
	}
	rp.askedMu.Lock()
	defer rp.askedMu.Unlock()
	rp.sweep(time.Now())
	if a, ok := rp.asked[key]; ok && !a.answered {
		close(a.done)
		a.answered, a.waiters = true, 0
	}
}

// wanted reports whether a response to key is worth keeping: requests
// wait for it, or it was asked for again soon after.
func (rp *Replay) wanted(key string) bool {
	if rp.nAsked.Load() == 0 {
		return false
	}
	rp.askedMu.Lock()
	defer rp.askedMu.Unlock()
	rp.sweep(time.Now())
	a, ok := rp.asked[key]
	return ok && (a.waiters > 0 || a.again)
}

// sweep forgets, once a replayAgain at most, the requests asked for longer
// ago than that, among them those net/http refused before any handler,
// which are never answered. The caller holds askedMu.
func (rp *Replay) sweep(now time.Time) {
	if now.Sub(rp.swept) < replayAgain {
		return
	}
	rp.swept = now
	for k, a := range rp.asked {
		if now.Sub(a.since) >= replayAgain {
			delete(rp.asked, k)
		}
	}
	rp.nAsked.Store(int32(len(rp.asked)))
}

// await reports, for a request about to leave for net/http, whether the
// same request is already there: then it waits for its answer, which may
// be replayed. Otherwise it notes that this one is.
func (rp *Replay) await(key []byte) bool {
	now := time.Now()
	rp.askedMu.Lock()
	a, ok := rp.asked[string(key)]
	if ok && !a.answered && now.Sub(a.since) < replayWait {
		a.waiters++
		done := a.done
		rp.askedMu.Unlock()
		t := time.NewTimer(replayWait)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			rp.askedMu.Lock()
			a.waiters = max(0, a.waiters-1)
			rp.askedMu.Unlock()
		}
		return true
	}
	again := ok && now.Sub(a.since) < replayAgain
	rp.sweep(now)
	if ok || len(rp.asked) < replayAsked {
		rp.asked[string(key)] = &askedRequest{since: now, done: make(chan struct{}), again: again}
		rp.nAsked.Store(int32(len(rp.asked)))
	}
	rp.askedMu.Unlock()
	return false
}

// Listener takes ln's connections first; the http.Server serving the
// Handler should Serve the listener returned, which yields the connections
// Replay hands over.
func (rp *Replay) Listener(ln net.Listener) net.Listener {
	l := &replayListener{Listener: ln, rp: rp, errc: make(chan error, 1)}
	go l.accept()
	return l
}

type replayListener struct {
	net.Listener
	rp   *Replay
	errc chan error
}

// accept serves the connections of l's listener until it is closed.
func (l *replayListener) accept() {
	var wait time.Duration
	for {
		c, err := l.Listener.Accept()
		if err == nil {
			wait = 0
			l.rp.serve(c)
			continue
		}
		if !temporary(err) {
			l.errc <- err
			return
		}
		// Out of file descriptors, say: wait and try again, as net/http
		// does, from 5 ms up to a second.
		wait = min(max(2*wait, 5*time.Millisecond), time.Second)
		l.rp.logError("accept error; retrying", err, "in", wait)
		time.Sleep(wait)
	}
}

// logError logs an error where ReplayConfig.ErrorLog says.
func (rp *Replay) logError(msg string, err error, args ...any) {
	log := rp.errLog
	if log == nil {
		log = slog.Default()
	}
	log.Error(msg, append([]any{"err", err}, args...)...)
}

// temporary reports whether an accept error may pass, as net/http takes
// them: a timeout, or the process or system out of a resource for now.
func temporary(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Close closes the listener; a connection Replay would hand over is then
// closed instead: net/http, shutting down, would close it unanswered too.
func (l *replayListener) Close() error {
	l.rp.closeOnce.Do(func() { close(l.rp.closed) })
	return l.Listener.Close()
}

func (l *replayListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.rp.handoff:
		return c, nil
	case err := <-l.errc:
		l.errc <- err // for the next call
		return nil, err
	}
}

// replayConn is a connection Replay holds.
type replayConn struct {
	net.Conn
	br                *bufio.Reader
	bufs              net.Buffers // the response being written
	head              []byte      // its head, when its body is sent from a file or is a page's
	key               []byte      // the request's
	pkey              []byte      // its page key
	readSet, writeSet time.Time   // when the deadlines were last moved
	idle              atomic.Bool
}

func (rp *Replay) serve(c net.Conn) {
	rc := &replayConn{Conn: c, br: bufio.NewReaderSize(c, 4<<10)}
	rp.connsMu.Lock()
	if rp.closing.Load() {
		rp.connsMu.Unlock()
		c.Close()
		return
	}
	rp.conns[rc] = struct{}{}
	rp.connsWG.Add(1)
	rp.connsMu.Unlock()
	go func() {
		defer rp.connsWG.Done()
		keep := rp.loop(rc)
		rp.connsMu.Lock()
		delete(rp.conns, rc)
		rp.connsMu.Unlock()
		if !keep {
			c.Close()
		}
	}()
}

// loop answers rc's requests until one is not for it; it reports whether
// it handed the connection over.
func (rp *Replay) loop(rc *replayConn) bool {
	timeout := rp.readHeaderTimeout
	for {
		// In this order, so that Shutdown, which sets closing and then
		// wakes the idle, cannot be missed.
		if now := time.Now(); now.Sub(rc.readSet) > deadlineStep {
			rc.readSet = now
			rc.SetReadDeadline(now.Add(timeout + deadlineStep))
		}
		rc.idle.Store(true)
		if rp.closing.Load() {
			return false
		}
		head, err := readHead(rc.br, func() {
			// A request has begun after a wait between two: its head
			// must arrive within ReadHeaderTimeout, as net/http asks.
			if timeout == rp.idleTimeout {
				rc.readSet = time.Time{}
				rc.SetReadDeadline(time.Now().Add(rp.readHeaderTimeout))
			}
		})
		rc.idle.Store(false)
		if errors.Is(err, errHeadTooLong) {
			return rp.handOver(rc)
		}
		if err != nil {
			return false
		}
		start := time.Now()
		req, ok := parseRequest(head, rc.key[:0])
		rc.key = req.key
		if !ok {
			return rp.handOver(rc)
		}
		e := rp.get(req.key)
		if e == nil && rp.await(req.key) {
			e = rp.get(req.key)
		}
		if e != nil && (start.After(e.fresh) || !e.current()) {
			e = rp.render(rc, head, e)
		}
		var sent bool
		var size int
		if e != nil {
			rc.br.Discard(len(head))
			sent, size = rp.write(rc, e, req.head, req.close), e.size
			e.release()
		} else if sent, size, ok = rp.servePage(rc, req, len(head)); !ok {
			return rp.handOver(rc)
		}
		if rp.log != nil {
			// As LogRequests logs it: the path decoded, and a HEAD's size
			// as the handler wrote it.
			path, query, _ := strings.Cut(string(req.target), "?")
			if u, err := url.ParseRequestURI(string(req.target)); err == nil {
				path = u.Path
			}
			logRequest(context.Background(), rp.log, string(req.method), path, query, http.StatusOK, int64(size), time.Since(start), rc.RemoteAddr().String())
		}
		if !sent || req.close {
			return false
		}
		if timeout != rp.idleTimeout {
			timeout, rc.readSet = rp.idleTimeout, time.Time{}
		}
	}
}

// render makes the stale e anew through the handler, as a request like
// head, and returns the fresh entry; one request does at a time, the
// others replay e meanwhile if its data is still served. nil: it is no
// longer one to replay. It releases e but when it returns it.
func (rp *Replay) render(rc *replayConn, head []byte, e *replayEntry) *replayEntry {
	if !e.renders.CompareAndSwap(false, true) {
		if e.current() {
			return e
		}
		e.release()
		return nil
	}
	defer e.renders.Store(false)
	defer e.release()
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(head)))
	if err != nil {
		rp.drop(string(rc.key), e)
		return nil
	}
	r.RemoteAddr = rc.RemoteAddr().String()
	key, _ := requestKey(r)
	rp.handler.ServeHTTP(&renderWriter{header: http.Header{}}, r)
	fresh := rp.get([]byte(key))
	if fresh == nil || fresh == e || !fresh.current() {
		rp.drop(key, e)
		if fresh != nil {
			fresh.release()
		}
		return nil
	}
	return fresh
}

// renderWriter takes a response rendered only to be recorded.
type renderWriter struct {
	header http.Header
}

func (w *renderWriter) Header() http.Header         { return w.header }
func (w *renderWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *renderWriter) WriteHeader(int)             {}
func (w *renderWriter) Flush()                      {}

// end returns what ends a head sent now, its Date and, when closing, the
// Connection: close that net/http adds, and moves rc's write deadline.
func (rp *Replay) end(rc *replayConn, closing bool) []byte {
	now := time.Now()
	d := rp.date.Load()
	if d == nil || d.sec != now.Unix() {
		date := "Date: " + now.UTC().Format(http.TimeFormat) + "\r\n"
		d = &replayDate{sec: now.Unix(), line: []byte(date + "\r\n"), closing: []byte(date + "Connection: close\r\n\r\n")}
		rp.date.Store(d)
	}
	if now.Sub(rc.writeSet) > deadlineStep {
		rc.writeSet = now
		rc.SetWriteDeadline(now.Add(rp.writeTimeout + deadlineStep))
	}
	if closing {
		return d.closing
	}
	return d.line
}

// write sends e: head, Date, and body but for HEAD.
func (rp *Replay) write(rc *replayConn, e *replayEntry, head, closing bool) bool {
	end := rp.end(rc, closing)
	if !head {
		e.fileOnce.Do(func() { e.file = newBodyFile(e.body) })
	}
	if e.file >= 0 && !head {
		rc.head = append(append(rc.head[:0], e.head...), end...)
		if done, err := sendBody(rc.Conn, rc.head, e.file, e.body); done {
			return err == nil
		}
	}
	// Else one writev, the body from where it is kept, not copied.
	rc.bufs = append(rc.bufs[:0], e.head, end)
	if !head {
		rc.bufs = append(rc.bufs, e.body)
	}
	bufs := rc.bufs // WriteTo consumes the slice it is called on
	_, err := bufs.WriteTo(rc.Conn)
	return err == nil
}

// deadlineStep is how often a connection's deadlines are moved, at most:
// moving them is a timer's change, which costs more than the rest of a
// replayed request's work. They fall up to that much later.
const deadlineStep = time.Second

// handOver gives rc, with all it has read, to the http.Server.
func (rp *Replay) handOver(rc *replayConn) bool {
	rc.SetDeadline(time.Time{}) // net/http sets its own
	pre, _ := rc.br.Peek(rc.br.Buffered())
	hc := &handedConn{Conn: rc.Conn, pre: bytes.Clone(pre)}
	select {
	case rp.handoff <- hc:
		return true
	case <-rp.closed:
		return false
	}
}

// Shutdown closes the connections Replay holds: at once those waiting for
// a request, the others once their response is sent. It waits for them
// until ctx is done, then closes them all. A request that waits for the
// same one in net/http when the listener closes is closed unanswered, as
// net/http closes one it reads once shutting down.
func (rp *Replay) Shutdown(ctx context.Context) error {
	rp.connsMu.Lock()
	rp.closing.Store(true)
	for rc := range rp.conns {
		if rc.idle.Load() {
			rc.SetReadDeadline(time.Now())
		}
	}
	rp.connsMu.Unlock()
	done := make(chan struct{})
	go func() { rp.connsWG.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		rp.connsMu.Lock()
		for rc := range rp.conns {
			rc.Close()
		}
		rp.connsMu.Unlock()
		return ctx.Err()
	}
}

// Close closes at once every connection Replay holds.
func (rp *Replay) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := rp.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// handedConn is a connection handed to net/http: it reads first what
// Replay had read of it.
type handedConn struct {
	net.Conn
	pre []byte
}

func (c *handedConn) Read(p []byte) (int, error) {
	if len(c.pre) > 0 {
		n := copy(p, c.pre)
		c.pre = c.pre[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http close its side after an error, as it would on
// the connection itself.
func (c *handedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps net/http's sendfile path.
func (c *handedConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// readHead reads a request's head, through its blank line, from br,
// leaving it buffered; whole is called when the first bytes read do not
// hold all of it. A head longer than br's buffer is errHeadTooLong.
func readHead(br *bufio.Reader, whole func()) ([]byte, error) {
	if _, err := br.Peek(1); err != nil {
		return nil, err
	}
	for first := true; ; first = false {
		buf, _ := br.Peek(br.Buffered())
		// A head may end its lines in LF alone, which net/http takes and
		// parseRequest does not.
		if i := bytes.Index(buf, []byte("\n\r\n")); i >= 0 {
			if j := bytes.Index(buf[:i], []byte("\n\n")); j >= 0 {
				return buf[:j+2], nil
			}
			return buf[:i+3], nil
		}
		if j := bytes.Index(buf, []byte("\n\n")); j >= 0 {
			return buf[:j+2], nil
		}
		if len(buf) == br.Size() {
			return nil, errHeadTooLong
		}
		if first {
			whole() // the rest of the head must come in time
		}
		if _, err := br.Peek(len(buf) + 1); err != nil {
			return nil, err
		}
	}
}

// errHeadTooLong is a head that does not fit Replay's buffer: net/http
// reads it.
var errHeadTooLong = errors.New("request head too long")

// replayRequest is what Replay needs of a request it may answer.
type replayRequest struct {
	key, method, target []byte
	head, close         bool
}

// The headers a request may have and still be replayed: those in its key,
// once each, and those no handler reads.
var (
	keyHeaders    = []string{"Host", "Accept", "Accept-Encoding", "Origin"}
	ignoreHeaders = []string{"User-Agent", "Accept-Language", "Referer", "Cache-Control", "Pragma", "Dnt",
		"Priority", "Upgrade-Insecure-Requests", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest",
		"Sec-Fetch-User", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform"}
)

// requestKey is parseRequest's key for a request net/http has read, and
// whether it is one Replay may answer.
func requestKey(r *http.Request) (string, bool) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.ProtoMajor != 1 || r.ProtoMinor != 1 ||
		r.ContentLength != 0 || len(r.TransferEncoding) > 0 || !strings.HasPrefix(r.RequestURI, "/") {
		return "", false
	}
	// net/http moves Host out of the header, into r.Host.
	vals := [4]string{r.Host}
	for name, vs := range r.Header {
		if i := slices.Index(keyHeaders, name); i >= 0 {
			if len(vs) != 1 {
				return "", false
			}
			vals[i] = vs[0]
			continue
		}
		if name == "Connection" {
			for _, v := range vs {
				if !connectionToken(v) {
					return "", false
				}
			}
			continue
		}
		if !slices.Contains(ignoreHeaders, name) {
			return "", false
		}
	}
	if vals[0] == "" {
		return "", false
	}
	key := r.Method + " " + r.RequestURI
	for _, v := range vals {
		key += "\n" + v
	}
	return key, true
}

func connectionToken(v string) bool {
	return strings.EqualFold(v, "keep-alive") || strings.EqualFold(v, "close")
}

// parseRequest reads a request head that Replay may answer: GET or HEAD of
// an origin-form target in HTTP/1.1, each header a token, a colon and a
// value of visible characters, and only the headers requestKey allows. Its
// key is appended to key.
func parseRequest(head, key []byte) (replayRequest, bool) {
	var req replayRequest
	// Every line ends in CRLF, and only the last is empty.
	if !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		return req, false
	}
	line, rest, _ := bytes.Cut(head, []byte("\r\n"))
	method, line, _ := bytes.Cut(line, []byte(" "))
	target, proto, _ := bytes.Cut(line, []byte(" "))
	switch {
	case string(method) == http.MethodGet:
	case string(method) == http.MethodHead:
		req.head = true
	default:
		return req, false
	}
	if string(proto) != "HTTP/1.1" || len(target) == 0 || target[0] != '/' {
		return req, false
	}
	for _, c := range target {
		if c <= ' ' || c >= 0x7f || c == '#' {
			return req, false
		}
	}
	var vals [4][]byte
	var seen [4]bool
	for len(rest) > 2 {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		if len(line) == 0 {
			return req, false
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 {
			return req, false
		}
		for _, c := range name {
			if !isTokenChar(c) {
				return req, false
			}
		}
		value = bytes.Trim(value, " \t")
		for _, c := range value {
			if c < ' ' && c != '\t' || c == 0x7f {
				return req, false
			}
		}
		if i := slices.IndexFunc(keyHeaders, func(h string) bool { return strings.EqualFold(h, string(name)) }); i >= 0 {
			if seen[i] {
				return req, false
			}
			seen[i], vals[i] = true, value
			continue
		}
		if strings.EqualFold(string(name), "Connection") {
			if !connectionToken(string(value)) {
				return req, false
			}
			req.close = req.close || strings.EqualFold(string(value), "close")
			continue
		}
		if !slices.ContainsFunc(ignoreHeaders, func(h string) bool { return strings.EqualFold(h, string(name)) }) {
			return req, false
		}
	}
	if len(vals[0]) == 0 {
		return req, false
	}
	key = append(append(append(key, method...), ' '), target...)
	for _, v := range vals {
		key = append(append(key, '\n'), v...)
	}
	req.key, req.method, req.target = key, method, target
	return req, true
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
