package server

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chronomap/data"
)

func TestTurnsAtMostN(t *testing.T) {
	tr := newTurns(2, time.Hour)
	var now, most atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			end := tr.take()
			n := now.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(100 * time.Microsecond)
			now.Add(-1)
			end()
		})
	}
	wg.Wait()
	if m := most.Load(); m > 2 {
		t.Fatalf("%d turns at once, want at most 2", m)
	}
}

func TestTurnEndsAfterMost(t *testing.T) {
	tr := newTurns(1, 10*time.Millisecond)
	stuck := tr.take() // a handler whose write never returns
	got := make(chan struct{})
	go func() {
		tr.take()()
		close(got)
	}()
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("a turn that never ended held up the next one")
	}
	// Ending the stuck turn late frees nothing twice.
	stuck()
	tr.take()()
	if n := len(tr.free); n != 0 {
		t.Fatalf("%d turns held after all ended", n)
	}
}

func TestTurnsOnlyForStoresInMemory(t *testing.T) {
	for _, tc := range []struct {
		store data.Store
		want  bool
	}{
		{data.NewMemStore(nil), true},
		{data.NewFileStore("events.geojson", nil), true},
		{struct{ data.Store }{}, false}, // as a database's store
	} {
		if got := inMemory(tc.store); got != tc.want {
			t.Errorf("inMemory(%T) = %v, want %v", tc.store, got, tc.want)
		}
	}
	var none *turns
	none.take()() // no turns: returns at once
}
