package server

import (
	"io"
	"net"
	"sync"
	"time"
)

// net/http writes a response through a 4 KiB buffer on each connection.
// One that does not fit leaves in two writes or more: the full buffer
// (headers and the start of the body), then the rest. Each write is a
// system call and, on a connection without Nagle's delay (Go's default),
// a packet of its own, which wakes the client twice to read one response.
// A page of events is 5–13 KB, the whole built-in collection 34 KB
// gzipped: with one write instead of two, net/http alone answered a 7 KB
// body 30% faster, with a quarter less CPU on each side
// (docs/performance-log.md).
//
// connBuffer is the size of net/http's buffer: the writes it makes when
// the buffer fills, and only those, wait for the next one.
const connBuffer = 4 << 10

// heldMost is the longest a held write waits. A write does not wait for
// long in practice: the next write follows at once, or the server reads the
// next request, or closes. It may wait here only after a handler flushes
// exactly a full buffer and then pauses.
const heldMost = time.Millisecond

// Listener wraps ln so that a response that fills net/http's buffer goes
// to the client in one write with what follows it.
func Listener(ln net.Listener) net.Listener { return listener{ln, heldMost} }

type listener struct {
	net.Listener
	most time.Duration // heldConn.most
}

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return c, nil
	}
	return &heldConn{TCPConn: tc, most: l.most}, nil
}

// heldConn holds a write of exactly connBuffer bytes until the next write,
// which sends both in one writev, or until a read, a close or most, which
// send it alone.
type heldConn struct {
	*net.TCPConn
	most time.Duration
	// mu guards what follows and keeps writes in order: it is held through
	// each write, which a client that reads slowly can make long, so a
	// close does not wait for it.
	mu    sync.Mutex
	held  []byte
	timer *time.Timer // sends what is held after most
	err   error       // of a send no caller was waiting for
}

func (c *heldConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if len(c.held) > 0 {
		c.timer.Stop()
		held := len(c.held)
		bufs := net.Buffers{c.held, p}
		n, err := bufs.WriteTo(c.TCPConn)
		c.held = c.held[:0]
		return max(0, int(n)-held), err
	}
	if len(p) != connBuffer {
		return c.TCPConn.Write(p)
	}
	if c.held == nil {
		c.held = make([]byte, 0, connBuffer)
		c.timer = time.AfterFunc(c.most, c.sendHeld)
	} else {
		c.timer.Reset(c.most)
	}
	c.held = append(c.held, p...)
	return len(p), nil
}

// send writes what is held; the caller holds c.mu.
func (c *heldConn) send() error {
	if len(c.held) == 0 || c.err != nil {
		return c.err
	}
	c.timer.Stop()
	_, c.err = c.TCPConn.Write(c.held)
	c.held = c.held[:0]
	return c.err
}

func (c *heldConn) sendHeld() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.send()
}

// Read sends what is held first: the client may be waiting for it before it
// sends anything more.
func (c *heldConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	err := c.send()
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return c.TCPConn.Read(p)
}

// ReadFrom sends what is held before the copy (net/http's sendfile path),
// which would otherwise overtake it.
func (c *heldConn) ReadFrom(r io.Reader) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.send(); err != nil {
		return 0, err
	}
	return c.TCPConn.ReadFrom(r)
}

// CloseWrite and Close send what is held, unless a write is under way:
// closing must cut a write stuck on a client that does not read, as it
// does on a plain connection, not wait for it.
func (c *heldConn) CloseWrite() error {
	if c.mu.TryLock() {
		c.send()
		c.mu.Unlock()
	}
	return c.TCPConn.CloseWrite()
}

func (c *heldConn) Close() error {
	if c.mu.TryLock() {
		c.send()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.mu.Unlock()
	}
	return c.TCPConn.Close()
}
