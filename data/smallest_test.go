package data

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSmallest(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 15, 16, 17, 100, 1000} {
		for _, k := range []int{1, 2, 5, n / 2, n} {
			if k < 1 || k > n {
				continue
			}
			rows := make([]int32, n)
			for i := range rows {
				rows[i] = rnd.Int32N(int32(n * 3))
			}
			want := slices.Sorted(slices.Values(rows))[:k]
			if got := smallest(slices.Clone(rows), k); !slices.Equal(got, want) {
				t.Errorf("n %d k %d: smallest = %v, want %v", n, k, got, want)
			}
		}
	}
}
