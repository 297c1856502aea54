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
			"alternate This page as CSV": want(paramF, "csv"),
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

// TestAppendQueryEscape: every byte, alone and among others, as
// url.QueryEscape writes it.
func TestAppendQueryEscape(t *testing.T) {
	all := make([]byte, 256)
	for c := range all {
		all[c] = byte(c)
		if s := string(all[c : c+1]); string(appendQueryEscape(nil, s)) != url.QueryEscape(s) {
			t.Errorf("%q: %q, want %q", s, appendQueryEscape(nil, s), url.QueryEscape(s))
		}
	}
	for _, s := range []string{"", string(all), "2020-01-02T00:00:00+03:30/..", "a b&c=d", "é~_.-"} {
		if got := string(appendQueryEscape([]byte("x"), s)); got != "x"+url.QueryEscape(s) {
			t.Errorf("%q: %q, want %q", s, got, "x"+url.QueryEscape(s))
		}
	}
}

// TestPagePrevLink: the previous page of a page past the end of the
// matches is the last page, not the page just before the offset asked for,
// which may be a million pages from any match.
func TestPagePrevLink(t *testing.T) {
	const href = "http://example.com/items"
	tests := map[string]struct {
		offset, limit, matched int
		want                   string // the prev link's offset; "" for none
	}{
		"first page":                {0, 10, 100, ""},
		"second page":               {10, 10, 100, "0"},
		"between pages":             {5, 10, 100, "0"},
		"the last page, partial":    {95, 10, 100, "85"},
		"just past the end":         {100, 10, 100, "90"},
		"far past the end":          {2000000, 1, 1000000, "999999"},
		"at the largest offset":     {int(^uint(0) >> 1), 10000, 1000000, "990000"},
		"past the end of no match":  {500, 10, 0, "0"},
		"past the end of one page":  {30, 10, 4, "0"},
		"past the end, large limit": {50, 100, 20, "0"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			q := itemsQuery{values: url.Values{}, limit: tc.limit, offset: tc.offset}
			got := ""
			for _, l := range pageLinks(href, q, tc.matched) {
				if l.Rel == "prev" {
					u, err := url.Parse(l.Href)
					if err != nil {
						t.Fatal(err)
					}
					got = u.Query().Get(paramOffset)
				}
			}
			if got != tc.want {
				t.Errorf("prev offset = %q, want %q", got, tc.want)
			}
		})
	}
}
