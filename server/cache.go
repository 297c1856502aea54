package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"sync"
	"time"
)

// Limits of the response cache: a few hundred recent pages, each under a
// megabyte, each served for at most a second (its timeStamp says when it
// was made).
const (
	cacheEntries = 512
	cacheMaxBody = 1 << 20
	cacheFresh   = time.Second
)

// responseCache keeps recent item pages, plain and gzipped. A map that asks
// for the same page many times, or many readers of one chronology, cost a
// copy each rather than a query, an encoding and a compression.
type responseCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // most recently used first
}

// cachedBody is one page; its gzip form is made the first time it is asked for.
type cachedBody struct {
	key    string
	made   time.Time
	body   []byte
	gzOnce sync.Once
	gz     []byte
}

func newResponseCache() *responseCache {
	return &responseCache{entries: map[string]*list.Element{}, order: list.New()}
}

// get returns the page cached under key if it is still fresh.
func (rc *responseCache) get(key string, now time.Time) *cachedBody {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	el, ok := rc.entries[key]
	if !ok {
		return nil
	}
	cb := el.Value.(*cachedBody)
	if now.Sub(cb.made) > cacheFresh {
		rc.order.Remove(el)
		delete(rc.entries, key)
		return nil
	}
	rc.order.MoveToFront(el)
	return cb
}

// put caches body under key, unless it is too big to keep, and returns it
// as a cachedBody either way.
func (rc *responseCache) put(key string, body []byte, now time.Time) *cachedBody {
	cb := &cachedBody{key: key, made: now, body: body}
	if len(body) > cacheMaxBody {
		return cb
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.entries[key]; ok {
		rc.order.Remove(el)
	}
	rc.entries[key] = rc.order.PushFront(cb)
	for rc.order.Len() > cacheEntries {
		old := rc.order.Remove(rc.order.Back()).(*cachedBody)
		delete(rc.entries, old.key)
	}
	return cb
}

// gzipped returns the body compressed, compressing it once.
func (cb *cachedBody) gzipped() []byte {
	cb.gzOnce.Do(func() { cb.gz = gzipBytes(cb.body) })
	return cb.gz
}

// gzipBytes compresses a body that is kept and sent many times, so at
// gzip's default level rather than the pool's fastest.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}
