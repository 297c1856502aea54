package server

import (
	"bytes"
	"encoding/json"
	"testing"
)

// featureCollection writes what encoding/json would: the page as it was
// marshalled before, with the features spliced into it.
func TestFeatureCollectionIsJSONMarshal(t *testing.T) {
	features := [][]byte{[]byte(`{"type":"Feature","id":"a"}`), []byte(`{"type":"Feature","id":"b"}`)}
	for _, tc := range []struct {
		name     string
		page     itemsPage
		features [][]byte
	}{
		{"no links, no features", itemsPage{Type: "FeatureCollection"}, nil},
		{"empty links", itemsPage{Type: "FeatureCollection", NumberMatched: 3, Links: []link{}}, features[:1]},
		{"links with and without type and title", itemsPage{Type: "FeatureCollection", NumberMatched: 1234567, NumberReturned: 2,
			TimeStamp: "2020-01-03T00:32:00Z", Links: []link{
				{Href: "http://h/api/collections/x/items?q=a%26b&f=kml", Rel: "self", Type: "application/geo+json", Title: "This page"},
				{Href: "http://h/x", Rel: "next"},
				{Href: "", Rel: "prev", Title: "<b>\"quoted\" \\ \u2028 é \x01 \xff</b>"},
			}}, features},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head, err := json.Marshal(tc.page)
			if err != nil {
				t.Fatal(err)
			}
			want := append(head[:len(head)-1], `,"features":[`...)
			want = append(append(want, bytes.Join(tc.features, []byte(","))...), "]}"...)
			if got := featureCollection(tc.page, tc.features); !bytes.Equal(got, want) {
				t.Errorf("featureCollection =\n%s\nwant\n%s", got, want)
			}
		})
	}
}
