package server

import (
	"context"
	"net"
	"net/http"
)

// CorkResponses makes srv send each GET or HEAD response in as few TCP
// segments as it fills. net/http writes a response's header and the start
// of its body through a 4 KiB buffer and the rest after it, so a 7 KB page
// of events left as two segments, each a trip through the network stack on
// both ends. While such a request is answered the connection is corked
// (TCP_CORK on Linux); it is uncorked when net/http has flushed the whole
// response and the connection turns idle, or it is closed, which sends what
// is held too. Requests that may carry a body are not corked: their
// "100 Continue" must leave at once. Call it once srv's Handler and hooks
// are set; it keeps them.
func CorkResponses(srv *http.Server) {
	next, nextContext, nextState := srv.Handler, srv.ConnContext, srv.ConnState
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if nextContext != nil {
			ctx = nextContext(ctx, c)
		}
		return context.WithValue(ctx, connKey{}, c)
	}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			if c, ok := r.Context().Value(connKey{}).(net.Conn); ok {
				setCork(c, true)
			}
		}
		next.ServeHTTP(w, r)
	})
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateIdle {
			setCork(c, false)
		}
		if nextState != nil {
			nextState(c, s)
		}
	}
}

// connKey holds, in a request's context, the connection it came on.
type connKey struct{}
