package server

import (
	"net"
	"syscall"
)

// setCork sets or clears TCP_CORK on c. A connection that cannot take it
// (not TCP, or already closed) is left as it is: corking only saves
// segments, it changes no byte of a response.
func setCork(c net.Conn, on bool) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return
	}
	v := 0
	if on {
		v = 1
	}
	_ = raw.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v)
	})
}
