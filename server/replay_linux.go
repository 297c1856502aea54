package server

import (
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
		if err != nil {
			unix.Close(fd)
			return -1
		}
		b = b[n:]
	}
	return fd
}

func closeBodyFile(fd int) { unix.Close(fd) }

// sendBody sends head, then the size bytes of file, on c: the head with
// MSG_MORE, so that it leaves with the body rather than in a packet of its
// own, and the body with sendfile. done is false when c is not a socket it
// can send on this way.
func sendBody(c net.Conn, head []byte, file, size int) (done bool, err error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false, nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false, nil
	}
	// The functions return false to wait until the socket takes more.
	var serr error
	err = raw.Write(func(fd uintptr) bool {
		for len(head) > 0 {
			n, err := unix.SendmsgN(int(fd), head, nil, nil, unix.MSG_MORE|unix.MSG_NOSIGNAL)
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
	var off int64
	if err == nil && serr == nil {
		err = raw.Write(func(fd uintptr) bool {
			for off < int64(size) {
				_, err := unix.Sendfile(int(fd), file, &off, size-int(off))
				if err == unix.EAGAIN {
					return false
				}
				if err != nil {
					serr = err
					return true
				}
			}
			return true
		})
	}
	return true, errOr(err, serr)
}

func errOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
