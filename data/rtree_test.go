package data

import "testing"

func TestOrdered32(t *testing.T) {
	xs := []float64{-1e30, -180, -1.5, -1e-40, 0, 1e-40, 1.5, 90, 180, 1e30}
	for i := 1; i < len(xs); i++ {
		if ordered32(xs[i-1]) > ordered32(xs[i]) {
			t.Errorf("ordered32(%g) > ordered32(%g)", xs[i-1], xs[i])
		}
	}
}
