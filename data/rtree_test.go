package data

import (
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

func TestOrdered32(t *testing.T) {
	xs := []float64{-1e30, -180, -1.5, -1e-40, 0, 1e-40, 1.5, 90, 180, 1e30}
	for i := 1; i < len(xs); i++ {
		if ordered32(xs[i-1]) > ordered32(xs[i]) {
			t.Errorf("ordered32(%g) > ordered32(%g)", xs[i-1], xs[i])
		}
	}
}
