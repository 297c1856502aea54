package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// itemsPage is an OGC items response; Features are encoded at start-up.
type itemsPage struct {
	Type           string            `json:"type"`
	NumberMatched  int               `json:"numberMatched"`
	NumberReturned int               `json:"numberReturned"`
	TimeStamp      string            `json:"timeStamp"`
	Links          []link            `json:"links"`
	Features       []json.RawMessage `json:"features"`
}

func (s *Server) handleItems(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	q, err := parseItemsQuery(c.QueryParams())
	if err != nil {
		return err
	}
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	matched := col.ds.Query(q.filter)
	page := matched[min(q.offset, len(matched)):min(q.offset+q.limit, len(matched))]
	if f, ok := formats[q.format]; ok && q.format != "geojson" {
		return writeFormat(c, f, col, page)
	}
	self := apiBase(c) + "/collections/" + col.id + "/items"
	return writeGeoJSON(c, itemsPage{
		Type:           "FeatureCollection",
		NumberMatched:  len(matched),
		NumberReturned: len(page),
		TimeStamp:      time.Now().UTC().Format(time.RFC3339),
		Links:          pageLinks(self, c.QueryParams(), q, len(matched)),
		Features:       col.encoded(page),
	})
}

func parseItemsQuery(v url.Values) (itemsQuery, error) {
	var q itemsQuery
	if err := checkParams(v, append(filterParams, paramLimit, paramOffset, paramF)...); err != nil {
		return q, err
	}
	var err error
	if q.filter, err = parseFilter(v); err != nil {
		return q, err
	}
	if q.limit, err = parseInt(paramLimit, v.Get(paramLimit), defaultLimit, 1, maxLimit, true); err != nil {
		return q, err
	}
	if q.offset, err = parseInt(paramOffset, v.Get(paramOffset), 0, 0, int(^uint(0)>>1), false); err != nil {
		return q, err
	}
	q.format, err = parseFormat(paramF, v.Get(paramF), "geojson", append(formatNames, "json")...)
	return q, err
}

// pageLinks returns self, and next and prev where there are more pages.
func pageLinks(href string, v url.Values, q itemsQuery, matched int) []link {
	at := func(offset int) string {
		u := url.Values{}
		for k, vs := range v {
			u[k] = vs
		}
		u.Set(paramLimit, strconv.Itoa(q.limit))
		u.Set(paramOffset, strconv.Itoa(offset))
		return href + "?" + u.Encode()
	}
	self := href
	if len(v) > 0 {
		self += "?" + v.Encode()
	}
	links := []link{{Href: self, Rel: "self", Type: contentTypeGeoJSON, Title: "This page"}}
	if q.offset+q.limit < matched {
		links = append(links, link{Href: at(q.offset + q.limit), Rel: "next", Type: contentTypeGeoJSON, Title: "Next page"})
	}
	if q.offset > 0 {
		links = append(links, link{Href: at(max(0, q.offset-q.limit)), Rel: "prev", Type: contentTypeGeoJSON, Title: "Previous page"})
	}
	return links
}

func (s *Server) handleItem(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	if err := onlyJSON(c); err != nil {
		return err
	}
	id := c.Param("featureId")
	if _, ok := col.ds.Get(id); !ok {
		return notFound("no event %q in collection %q", id, col.id)
	}
	if notModified(c, etagFor(col.ds.Version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	return writeGeoJSON(c, json.RawMessage(col.features[id]))
}

// encoded returns the start-up encodings of events.
func (col *collection) encoded(events []*data.Event) []json.RawMessage {
	out := make([]json.RawMessage, len(events))
	for i, ev := range events {
		out[i] = col.features[ev.ID]
	}
	return out
}

func writeGeoJSON(c echo.Context, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, contentTypeGeoJSON, b)
}
