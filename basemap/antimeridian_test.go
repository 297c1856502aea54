package basemap

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestSplitAntimeridian(t *testing.T) {
	tests := []struct {
		name string
		ring orb.Ring
		want []orb.Bound
	}{{
		name: "crossing ring is cut in two",
		ring: orb.Ring{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}, {179, -1}},
		want: []orb.Bound{bound(179, -1, 180, 1), bound(-180, -1, -179, 1)},
	}, {
		name: "crossing westward is cut in two",
		ring: orb.Ring{{-179, -1}, {-179, 1}, {179, 1}, {179, -1}, {-179, -1}},
		want: []orb.Bound{bound(-180, -1, -179, 1), bound(179, -1, 180, 1)},
	}, {
		name: "ring around the pole is closed through it",
		ring: orb.Ring{{-180, -80}, {0, -75}, {180, -80}, {-180, -80}},
		want: []orb.Bound{bound(-180, -90, 180, -75)},
	}, {
		name: "ring already along the pole is kept",
		ring: orb.Ring{{-180, -80}, {0, -80}, {180, -80}, {180, -90}, {-180, -90}, {-180, -80}},
		want: []orb.Bound{bound(-180, -90, 180, -80)},
	}, {
		name: "ordinary ring is kept",
		ring: orb.Ring{{10, 10}, {20, 10}, {20, 20}, {10, 10}},
		want: []orb.Bound{bound(10, 10, 20, 20)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := unwrap(tt.ring)
			if r.Orientation() == orb.CW {
				r.Reverse()
			}
			parts := splitAntimeridian(orb.Polygon{r})
			if len(parts) != len(tt.want) {
				t.Fatalf("got %d parts %v, want %d", len(parts), parts, len(tt.want))
			}
			for i, p := range parts {
				if b := p.Bound(); b != tt.want[i] {
					t.Errorf("part %d bound %v, want %v", i, b, tt.want[i])
				}
				if p[0].Orientation() != orb.CCW {
					t.Errorf("part %d is not counterclockwise", i)
				}
			}
		})
	}
}

func TestNoRingJumpsTheAntimeridian(t *testing.T) {
	b := loadBasemap(t)
	for z := MinZoom; z <= MaxZoom; z++ {
		for _, s := range b.levelShapes(z) {
			for _, p := range s.polys {
				for _, r := range p.poly {
					for i := 1; i < len(r); i++ {
						alongPole := math.Abs(r[i][1]) == 90 && r[i][1] == r[i-1][1]
						if dx := r[i][0] - r[i-1][0]; (dx > 180 || dx < -180) && !alongPole {
							t.Fatalf("z%d %s: ring jumps from %v to %v", z, s.name, r[i-1], r[i])
						}
					}
				}
			}
		}
	}
}
