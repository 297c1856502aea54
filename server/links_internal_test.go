package server

import (
	"net/url"
	"strconv"
	"testing"
)

// TestPageLinksEncodeAsURLValues: the links are the request's URL with
// parameters set, written exactly as url.Values.Encode writes them.
func TestPageLinksEncodeAsURLValues(t *testing.T) {
	const href = "http://example.com/api/collections/events/items"
	for _, raw := range []string{
		"",
		"limit=5",
		"offset=10&limit=5",
		"bbox=44,33,45,34&category=strike,protest&datetime=2020-01-02/..&f=geojson",
		"q=a%20b%26c&zz=1&a=%C3%A9",
		"category=x&category=y",
	} {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		q := itemsQuery{values: v, limit: 5, offset: 10}
		if s := v.Get(paramLimit); s != "" {
			q.limit, _ = strconv.Atoi(s)
		}
		if s := v.Get(paramOffset); s != "" {
			q.offset, _ = strconv.Atoi(s)
		}
		want := func(set ...string) string {
			w := url.Values{}
			for k, vs := range v {
				w[k] = vs
			}
			for i := 0; i < len(set); i += 2 {
				w.Set(set[i], set[i+1])
			}
			if len(w) == 0 {
				return href
			}
			return href + "?" + w.Encode()
		}
		got := map[string]string{}
		for _, l := range pageLinks(href, q, 1000) {
			got[l.Rel+" "+l.Title] = l.Href
		}
		for key, w := range map[string]string{
			"self This page":             want(),
			"alternate This page as KML": want(paramF, "kml"),
			"alternate This page as GPX": want(paramF, "gpx"),
			"next Next page":             want(paramLimit, strconv.Itoa(q.limit), paramOffset, strconv.Itoa(q.offset+q.limit)),
			"prev Previous page":         want(paramLimit, strconv.Itoa(q.limit), paramOffset, strconv.Itoa(max(0, q.offset-q.limit))),
		} {
			if got[key] != w {
				t.Errorf("%q: %s = %s, want %s", raw, key, got[key], w)
			}
		}
	}
}
