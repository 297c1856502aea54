package server

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// heldPair returns a heldConn that holds writes for most, and the client's
// end of its connection.
func heldPair(t *testing.T, most time.Duration) (*heldConn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	c, err := listener{ln, most}.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*heldConn), client
}

// receive reads n bytes from c, failing the test if they take longer than
// wait.
func receive(t *testing.T, c net.Conn, n int, wait time.Duration) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(wait))
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("reading %d bytes: %v", n, err)
	}
	return b
}

// nothingYet checks that c receives nothing for a while.
func nothingYet(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, err := c.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("received %d bytes (%v) of a write that should be held", n, err)
	}
}

func TestHeldConn(t *testing.T) {
	full := bytes.Repeat([]byte{'a'}, connBuffer)
	rest := []byte("the rest")
	t.Run("a full buffer waits for the next write", func(t *testing.T) {
		c, client := heldPair(t, time.Hour)
		if n, err := c.Write(full); n != len(full) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		nothingYet(t, client)
		if n, err := c.Write(rest); n != len(rest) || err != nil {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(rest))
		}
		if got := receive(t, client, len(full)+len(rest), 5*time.Second); !bytes.Equal(got, append(full, rest...)) {
			t.Fatal("the bytes arrived out of order")
		}
	})
	t.Run("other writes go at once", func(t *testing.T) {
		c, client := heldPair(t, time.Hour)
		for _, n := range []int{1, connBuffer - 1, connBuffer + 1, 64 << 10} {
			c.Write(make([]byte, n))
			receive(t, client, n, 5*time.Second)
		}
	})
	t.Run("a read sends it", func(t *testing.T) {
		c, client := heldPair(t, time.Hour)
		c.Write(full)
		go func() {
			// A client that does not get it all closes, and Read fails.
			client.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.ReadFull(client, make([]byte, len(full))); err != nil {
				client.Close()
				return
			}
			client.Write([]byte("next request"))
		}()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 64)); err != nil {
			t.Fatalf("the client never answered: %v", err)
		}
	})
	t.Run("closing sends it", func(t *testing.T) {
		c, client := heldPair(t, time.Hour)
		c.Write(full)
		c.Close()
		receive(t, client, len(full), 5*time.Second)
	})
	t.Run("it waits no longer than most", func(t *testing.T) {
		c, client := heldPair(t, 10*time.Millisecond)
		c.Write(full)
		receive(t, client, len(full), 5*time.Second)
		c.Write(full) // held again, through the timer made by the first
		receive(t, client, len(full), 5*time.Second)
	})
	t.Run("a copy goes after it", func(t *testing.T) {
		c, client := heldPair(t, time.Hour)
		c.Write(full)
		if _, err := c.ReadFrom(bytes.NewReader(rest)); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, client, len(full)+len(rest), 5*time.Second); !bytes.Equal(got, append(full, rest...)) {
			t.Fatal("the bytes arrived out of order")
		}
	})
}

// TestHeldConnCloseCutsAStuckWrite: a write blocked on a client that reads
// nothing ends when the connection is closed, as on a plain connection.
func TestHeldConnCloseCutsAStuckWrite(t *testing.T) {
	c, _ := heldPair(t, time.Hour)
	done := make(chan error, 1)
	go func() {
		big := make([]byte, 1<<20)
		for {
			if _, err := c.Write(big); err != nil {
				done <- err
				return
			}
		}
	}()
	time.Sleep(100 * time.Millisecond) // the socket's buffers fill
	closed := make(chan struct{})
	go func() {
		c.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a write the client never reads")
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the write did not end when the connection closed")
	}
}
