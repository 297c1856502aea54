package data

import (
	"slices"
	"sync"
)

// sortOnCores sorts keys in parts shares at once, the shares then merged.
func sortOnCores(keys []uint64, parts int) {
	parts = min(parts, max(1, len(keys)/(1<<12)))
	if parts == 1 {
		slices.Sort(keys)
		return
	}
	var wg sync.WaitGroup
	bounds := make([]int, parts+1)
	for p := range parts {
		bounds[p+1] = (p + 1) * len(keys) / parts
		wg.Go(func() { slices.Sort(keys[bounds[p]:bounds[p+1]]) })
	}
	wg.Wait()
	// Neighbouring runs are merged in rounds, between keys and a buffer.
	src, dst := keys, make([]uint64, len(keys))
	for len(bounds) > 2 {
		var next []int
		for i := 0; i+1 < len(bounds); i += 2 {
			next = append(next, bounds[i])
			if i+2 >= len(bounds) {
				copy(dst[bounds[i]:], src[bounds[i]:bounds[i+1]])
				continue
			}
			wg.Go(func() { merge(dst[bounds[i]:bounds[i+2]], src[bounds[i]:bounds[i+1]], src[bounds[i+1]:bounds[i+2]]) })
		}
		wg.Wait()
		bounds = append(next, len(keys))
		src, dst = dst, src
	}
	copy(keys, src)
}

// merge writes the sorted a and b, in order, to dst.
func merge(dst, a, b []uint64) {
	i, j := 0, 0
	for k := range dst {
		if j == len(b) || i < len(a) && a[i] <= b[j] {
			dst[k] = a[i]
			i++
		} else {
			dst[k] = b[j]
			j++
		}
	}
}
