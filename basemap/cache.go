package basemap

import (
	"sync"

	"github.com/paulmach/orb"
)

// Cache limits: a z6 Middle-East answer is ~100 KB, so the byte budget,
// not the entry count, is what usually bounds memory.
const (
	cacheEntries = 256
	cacheBytes   = 32 << 20
)

// cacheKey is exact because snapped bounds are grid values.
type cacheKey struct {
	zoom int
	box  orb.Bound
}

// cache keeps encoded answers, evicting the oldest insertions first
// (panning revisits recent cells, so FIFO is nearly as good as LRU and
// needs no bookkeeping on hits).
type cache struct {
	mu      sync.Mutex
	entries map[cacheKey][]byte
	// order is insertion order, oldest first. Popping from the front does
	// not leak: append reallocates copying only the live tail.
	order    []cacheKey
	size     int // bytes held
	maxCount int
	maxBytes int
}

func newCache(maxCount, maxBytes int) *cache {
	return &cache{entries: make(map[cacheKey][]byte), maxCount: maxCount, maxBytes: maxBytes}
}

func (c *cache) get(k cacheKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[k]
	return v, ok
}

// put stores v unless it alone exceeds the byte budget. When two requests
// race to fill the same key, the first stored value wins and is returned,
// so callers always hand out identical bytes for a key.
func (c *cache) put(k cacheKey, v []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[k]; ok {
		return old
	}
	if len(v) > c.maxBytes {
		return v
	}
	for len(c.order) > 0 && (len(c.order) >= c.maxCount || c.size+len(v) > c.maxBytes) {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.entries[oldest])
		delete(c.entries, oldest)
	}
	c.entries[k] = v
	c.order = append(c.order, k)
	c.size += len(v)
	return v
}

// clear empties the cache (benchmarks use it to measure misses).
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.order = c.order[:0]
	c.size = 0
}
