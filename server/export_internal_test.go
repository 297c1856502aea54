package server

import (
	"testing"
	"time"

	"chronomap/data"
)

func TestExportName(t *testing.T) {
	at := time.Date(2020, 1, 7, 23, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		dataset string
		filter  data.Filter
		want    string
	}{
		"all":                {"events", data.Filter{}, "events_all"},
		"window":             {"events", data.Filter{From: at, To: at.Add(4 * time.Hour)}, "events_20200107T2300Z-20200108T0300Z"},
		"open end":           {"events", data.Filter{From: at}, "events_20200107T2300Z-end"},
		"quotes and spaces":  {`we"ird ü;name`, data.Filter{}, "we-ird-name_all"},
		"nothing safe in it": {`"""`, data.Filter{}, "events_all"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := exportName(tc.dataset, tc.filter); got != tc.want {
				t.Errorf("exportName = %q, want %q", got, tc.want)
			}
		})
	}
}
