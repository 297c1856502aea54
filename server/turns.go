package server

import (
	"net/http"
	"sync/atomic"
	"time"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// turns lets as many requests answer at once as there are cores, and the
// rest wait in the order they came. Without it, a server with every core
// busy picks up a connection's request only when the scheduler next polls
// the network, in batches, and some wait several times longer than the
// mean: at 1M events and 64 connections, p99 of a 1-hour window fell from
// 15–17 to 10 ms with turns (docs/performance-log.md).
//
// A turn ends when its handler returns, or after most, whichever is first:
// a client that does not read its response blocks the handler's write, and
// must not hold up the others for longer than that.
// maxTurn is the most a turn lasts: about fifty pages of the default limit.
const maxTurn = 5 * time.Millisecond

type turns struct {
	free chan struct{} // a token for each request answering now
	most time.Duration
}

func newTurns(n int, most time.Duration) *turns {
	return &turns{free: make(chan struct{}, n), most: most}
}

// take waits for a turn, in order of arrival (a channel's blocked senders
// are woken first in, first out), and returns the function that ends it.
// Nil turns are no turns: take returns at once.
func (t *turns) take() (done func()) {
	if t == nil {
		return func() {}
	}
	t.free <- struct{}{}
	var ended atomic.Bool
	end := func() {
		if ended.CompareAndSwap(false, true) {
			<-t.free
		}
	}
	timer := time.AfterFunc(t.most, end)
	return func() {
		timer.Stop()
		end()
	}
}

// inMemory reports whether store answers from this process's memory: its
// queries are CPU work, which turns put in order. A database's queries
// mostly wait on the database, and holding a turn meanwhile would leave
// the cores idle and the database one query at a time per core.
func inMemory(store data.Store) bool {
	switch store.(type) {
	case *data.MemStore, *data.FileStore:
		return true
	}
	return false
}

// sent flushes the response written, unless writing it failed with err, so
// that it leaves within the handler's turn: net/http would send its end
// after the handler returns, and with Listener all of it. Sends outside the
// turns run beside them and undo their order: p99 of a 1-hour window at 1M
// events went from 11 to 16-18 ms.
func sent(c echo.Context, err error) error {
	if err != nil {
		return err
	}
	return http.NewResponseController(c.Response().Writer).Flush()
}
