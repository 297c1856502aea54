package server

import (
	"testing"
	"time"

	"chronomap/data"

	"github.com/paulmach/orb"
)

func TestExportName(t *testing.T) {
	at := time.Date(2020, 1, 7, 23, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		dataset string
		filter  data.Filter
		want    string
	}{
		"all":                              {"events", data.Filter{}, "events_all"},
		"window":                           {"events", data.Filter{From: at, To: at.Add(4 * time.Hour)}, "events_20200107T2300Z-20200108T0300Z"},
		"open end":                         {"events", data.Filter{From: at}, "events_20200107T2300Z-end"},
		"quotes and spaces":                {`we"ird ü;name`, data.Filter{}, "we-ird-name_all"},
		"nothing safe in it":               {`"""`, data.Filter{}, "events_all"},
		"categories, by name":              {"events", data.Filter{To: at, Categories: map[string]bool{"strike": true, "missile-attack": true}}, "events_missile-attack+strike_start-20200107T2300Z"},
		"many categories, counted":         {"events", data.Filter{Categories: map[string]bool{"a": true, "b": true, "c": true, "d": true, "e": true}}, "events_a+b+c+2more_all"},
		"no category":                      {"events", data.Filter{Categories: map[string]bool{}}, "events_none_all"},
		"a search, its first letters":      {"events", data.Filter{Text: "Qasem Soleimani at Baghdad airport"}, "events_q-Qasem-Soleimani-at_all"},
		"a long word":                      {"events", data.Filter{Text: "Supercalifragilisticexpialidocious"}, "events_q-Supercalifragilisticexpi_all"},
		"a search with nothing safe in it": {"events", data.Filter{Text: "قاسم"}, "events_all"},
		"a box":                            {"events", data.Filter{BBoxes: []orb.Bound{{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}, From: at}, "events_box_20200107T2300Z-end"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := exportName(tc.dataset, tc.filter); got != tc.want {
				t.Errorf("exportName = %q, want %q", got, tc.want)
			}
		})
	}
}
