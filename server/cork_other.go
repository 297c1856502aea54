//go:build !linux

package server

import "net"

// setCork does nothing where there is no TCP_CORK: responses are the same,
// in more segments.
func setCork(net.Conn, bool) {}
