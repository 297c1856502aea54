package data

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortOnCores(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 4095, 4096, 8193, 50000} {
		for parts := 1; parts <= 5; parts++ {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = rnd.Uint64N(uint64(n/2 + 1)) // with repeats
			}
			want := slices.Sorted(slices.Values(keys))
			if sortOnCores(keys, parts); !slices.Equal(keys, want) {
				t.Errorf("n %d, %d parts: not sorted", n, parts)
			}
		}
	}
}

func TestSortedByStart(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, spread := range []int64{3, 1e6, 1 << 62} { // many ties; few; too wide for a key
		rows := make([]row, 20000)
		for i := range rows {
			rows[i] = row{id: fmt.Sprintf("event-%016d", rnd.IntN(1e9)), start: rnd.Int64N(spread) - spread/2}
		}
		want := make([]int32, len(rows))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortFunc(want, func(a, b int32) int {
			if c := cmp.Compare(rows[a].start, rows[b].start); c != 0 {
				return c
			}
			return cmp.Compare(rows[a].id, rows[b].id)
		})
		got := sortedByStart(rows)
		for i := range got {
			if g, w := rows[got[i]], rows[want[i]]; g.start != w.start || g.id != w.id {
				t.Fatalf("spread %d: place %d holds %s at %d, want %s at %d", spread, i, g.id, g.start, w.id, w.start)
			}
		}
	}
}
