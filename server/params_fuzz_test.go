package server

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"chronomap/data"
)

// Each parser either accepts its input or rejects it with an *apiError
// that names the parameter: never a panic, never a bare error.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"datetime=2020-01-08T02:30:00%2B03:30", "datetime=../2020-01-08", "datetime=a/b/c", "datetime=2020-01-09T00:00:00Z/2020-01-08T00:00:00Z",
		"bbox=1,2,3", "bbox=170,30,-70,50", "bbox=1,2,3,4,5,6", "bbox=NaN,0,1,1", "category=strike,,politics", "category=,", "q=%00",
	} {
		f.Add(s)
	}
	cats := []data.Category{{ID: "strike"}, {ID: "politics"}}
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		flt, err := parseFilter(v)
		if err == nil {
			err = knownCategories(v, cats)
		}
		if err != nil {
			wantParamError(t, err, paramDatetime, paramBBox, paramCategory, paramQ)
			return
		}
		if !flt.From.IsZero() && !flt.To.IsZero() && flt.To.Before(flt.From) {
			t.Fatalf("accepted an interval that ends before it starts: %q", query)
		}
		for _, b := range flt.BBoxes {
			if b.Min.Lat() > b.Max.Lat() || b.Min.Lon() > b.Max.Lon() || b.Max.Lat() > 90 || b.Min.Lat() < -90 {
				t.Fatalf("accepted a box it cannot use: %v from %q", b, query)
			}
		}
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"", "0", "-1", "abc", "10001", "99999999999999999999", "1e3", " 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseInt(paramLimit, s, defaultLimit, 1, maxLimit, true)
		if err != nil {
			wantParamError(t, err, paramLimit)
			return
		}
		if n < 1 || n > maxLimit {
			t.Fatalf("parseInt(%q) = %d, outside [1, %d]", s, n, maxLimit)
		}
	})
}

func wantParamError(t *testing.T, err error, names ...string) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != 400 || ae.Code != codeInvalidParameter {
		t.Fatalf("error %v is not a 400 InvalidParameterValue", err)
	}
	for _, n := range names {
		if strings.HasPrefix(ae.Description, `parameter "`+n+`"`) {
			return
		}
	}
	t.Fatalf("description %q names none of %v", ae.Description, names)
}
