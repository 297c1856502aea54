package data

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// A directory search must give what a binary search of the whole column
// gives, for times clustered, repeated, spread over centuries, and at the
// column's ends.
func TestSortedTimesSearch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 63, 64, 65, 1000, 5000} {
		for _, spread := range []int64{1, 1000, 3600_000, 1 << 50} {
			v := make([]int64, n)
			for i := range v {
				v[i] = rnd.Int64N(spread) - spread/2
				if i > 0 && rnd.IntN(4) == 0 {
					v[i] = v[i-1] // repeats
				}
			}
			slices.Sort(v)
			st := newSortedTimes(v)
			probes := []int64{-1 << 62, 1 << 62, -spread, spread}
			for _, x := range v {
				probes = append(probes, x-1, x, x+1)
			}
			for range 100 {
				probes = append(probes, rnd.Int64N(2*spread+1)-spread)
			}
			for _, x := range probes {
				want, _ := slices.BinarySearch(v, x)
				if got := st.search(x); got != want {
					t.Fatalf("n %d spread %d: search(%d) = %d; want %d", n, spread, x, got, want)
				}
			}
		}
	}
}

// nearRFC3339 never panics, suggests only a time that parses, and only for
// one that does not.
func FuzzNearRFC3339(f *testing.F) {
	for _, s := range []string{"2021-03-23 07:40:00+02:00", "2021-03-24T12:00+02:00", "2021-03-24T12:00:00+0900", "2021-03-24T12:00:00.123-05", "2021-03-24T12:00:00Z", "2021-03-24 12:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		changes, fixed := nearRFC3339(s)
		if changes == nil {
			return
		}
		if _, err := time.Parse(time.RFC3339, s); err == nil {
			t.Errorf("%q parses, yet nearRFC3339 suggests %v", s, changes)
		}
		if _, err := time.Parse(time.RFC3339, fixed); err != nil {
			t.Errorf("%q: suggested %q does not parse: %v", s, fixed, err)
		}
	})
}
