package basemap

import (
	"testing"
)

func TestCache(t *testing.T) {
	key := func(z int) cacheKey { return cacheKey{zoom: z} }
	tests := []struct {
		name               string
		maxCount, maxBytes int
		puts               []int // zooms, each storing z+1 bytes
		wantKept           []int
	}{
		{"under the limits", 4, 100, []int{1, 2, 3}, []int{1, 2, 3}},
		{"count evicts oldest", 2, 100, []int{1, 2, 3}, []int{2, 3}},
		{"bytes evict oldest", 10, 7, []int{1, 2, 3}, []int{2, 3}},
		{"bytes evict as many as needed", 10, 5, []int{1, 2, 3}, []int{3}},
		{"too big alone is not kept", 10, 3, []int{1, 5}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCache(tt.maxCount, tt.maxBytes)
			for _, z := range tt.puts {
				c.put(key(z), make([]byte, z+1))
			}
			kept := map[int]bool{}
			for _, z := range tt.wantKept {
				kept[z] = true
			}
			for _, z := range tt.puts {
				if _, ok := c.get(key(z)); ok != kept[z] {
					t.Errorf("key %d kept = %v, want %v", z, ok, kept[z])
				}
			}
		})
	}
}

func TestCachePutKeepsFirst(t *testing.T) {
	c := newCache(4, 100)
	first := []byte("first")
	c.put(cacheKey{}, first)
	if got := c.put(cacheKey{}, []byte("second")); string(got) != "first" {
		t.Errorf("put returned %q, want the stored %q", got, first)
	}
	c.clear()
	if _, ok := c.get(cacheKey{}); ok || c.size != 0 {
		t.Error("clear left entries")
	}
}
