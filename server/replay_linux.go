package server

import (
	"errors"
	"io"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// newBodyFile keeps body in a file in memory (memfd), so that the kernel
// sends it from there as nginx sends a file from the page cache, rather
// than copying it from the process for each response: at 34 KB that copy
// was a sixth of a replayed response's CPU. -1: no file, body is written.
func newBodyFile(body []byte) int {
	fd, err := unix.MemfdCreate("chronomap-replay", unix.MFD_CLOEXEC)
	if err != nil {
		return -1
	}
	for b := body; len(b) > 0; {
		n, err := unix.Write(fd, b)
		if err != nil || n == 0 {
			unix.Close(fd)
			return -1
		}
		b = b[n:]
	}
	return fd
}

func closeBodyFile(fd int) { unix.Close(fd) }

// sendBody sends head, then body, on c: the head with MSG_MORE, so that it
// leaves with the body rather than in a packet of its own, and the body
// with sendfile from file, which holds it. Where sendfile cannot send it
// (a kernel that refuses it), body is written. done is false when c is not
// a socket it can send on this way, and nothing was sent.
func sendBody(c net.Conn, head []byte, file int, body []byte) (done bool, err error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false, nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false, nil
	}
	flags := unix.MSG_NOSIGNAL
	if len(body) > 0 {
		flags |= unix.MSG_MORE
	}
	// The functions return false to wait until the socket takes more.
	var serr error
	err = raw.Write(func(fd uintptr) bool {
		for len(head) > 0 {
			n, err := unix.SendmsgN(int(fd), head, nil, nil, flags)
			if err == unix.EAGAIN {
				return false
			}
			if err != nil {
				serr = err
				return true
			}
			head = head[n:]
		}
		return true
	})
	if err = errors.Join(err, serr); err != nil {
		return true, err
	}
	var off int64
	err = raw.Write(func(fd uintptr) bool {
		for off < int64(len(body)) {
			n, err := unix.Sendfile(int(fd), file, &off, len(body)-int(off))
			switch {
			case err == unix.EAGAIN:
				return false
			case err != nil:
				serr = err
				return true
			case n == 0:
				serr = io.ErrUnexpectedEOF
				return true
			}
		}
		return true
	})
	if off == 0 && (errors.Is(serr, unix.EINVAL) || errors.Is(serr, unix.ENOSYS) || errors.Is(serr, unix.EOPNOTSUPP)) {
		_, err := c.Write(body)
		return true, err
	}
	return true, errors.Join(err, serr)
}
