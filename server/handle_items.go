package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// itemsPage is an OGC items response but for its features, which
// featureCollection appends.
type itemsPage struct {
	Type           string `json:"type"`
	NumberMatched  int    `json:"numberMatched"`
	NumberReturned int    `json:"numberReturned"`
	TimeStamp      string `json:"timeStamp"`
	Links          []link `json:"links"`
}

func (s *Server) handleItems(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	q, err := parseItemsQuery(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	info, version, err := col.snapshot(ctx)
	if err != nil {
		return err
	}
	if err := knownCategories(q.values, info.Meta.Categories); err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	if q.format != "geojson" && q.format != "json" {
		return s.writeFormat(c, formats[q.format], selection{ctx: ctx, store: col.store, info: info,
			meta: exportMeta(info.Meta, false), filter: q.filter, offset: q.offset, limit: q.limit})
	}
	defer col.turns.take()()
	base := apiBase(c)
	now := time.Now()
	key := col.id + "\x00" + version + "\x00" + base + "\x00" + c.Request().URL.RawQuery
	cb := s.cache.get(key, now)
	if cb == nil {
		matched, page, err := col.store.Query(ctx, q.filter, q.offset, q.limit)
		if err != nil {
			return err
		}
		body := featureCollection(itemsPage{
			Type:           "FeatureCollection",
			NumberMatched:  matched,
			NumberReturned: len(page),
			TimeStamp:      now.UTC().Format(time.RFC3339),
			Links:          pageLinks(base+"/collections/"+col.id+"/items", q, matched),
		}, page)
		cb = s.cache.put(key, body, now)
	}
	if col.turns != nil {
		// In memory, the data changes only when its file is read again.
		MayReplay(c.Response().Writer, cb.made.Add(cacheFresh), func() bool {
			v, err := col.store.Version(context.Background())
			return err == nil && v == version
		})
	}
	body := cb.body
	if gz, _ := c.Get(ctxGzip).(bool); gz && len(cb.body) >= gzipMinLength {
		c.Response().Header().Set(echo.HeaderContentEncoding, "gzip")
		body = cb.gzipped()
	}
	// A length, so the body goes out in one piece rather than in chunks.
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return sent(c, c.Blob(http.StatusOK, contentTypeGeoJSON, body))
}

func parseItemsQuery(raw string) (itemsQuery, error) {
	var q itemsQuery
	v, err := queryParams(raw, append(filterParams, paramLimit, paramOffset, paramF)...)
	if err != nil {
		return q, err
	}
	q.values = v
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

// pageLinks returns self, the page in the other formats, and next and prev
// where there are more pages.
func pageLinks(href string, q itemsQuery, matched int) []link {
	// The request's parameters, each encoded once, in the order
	// url.Values.Encode writes them: by name.
	type param struct{ name, encoded string }
	given := make([]param, 0, len(q.values))
	size := len(href) + 32 // and the few parameters a link sets
	for name, vs := range q.values {
		given = append(given, param{name, encodeParam(name, vs...)})
		size += len(given[len(given)-1].encoded) + 1
	}
	slices.SortFunc(given, func(a, b param) int { return strings.Compare(a.name, b.name) })
	// with is this request's URL with some parameters set (name, value, …,
	// in name order), merged into the given ones in one pass.
	with := func(set ...string) string {
		var b strings.Builder
		b.Grow(size)
		b.WriteString(href)
		sep := byte('?')
		write := func(s string) {
			b.WriteByte(sep)
			b.WriteString(s)
			sep = '&'
		}
		i := 0
		for _, p := range given {
			for ; i < len(set) && set[i] < p.name; i += 2 {
				write(encodeParam(set[i], set[i+1]))
			}
			if i < len(set) && set[i] == p.name {
				write(encodeParam(set[i], set[i+1]))
				i += 2
				continue
			}
			write(p.encoded)
		}
		for ; i < len(set); i += 2 {
			write(encodeParam(set[i], set[i+1]))
		}
		return b.String()
	}
	page := func(offset int) string {
		return with(paramLimit, strconv.Itoa(q.limit), paramOffset, strconv.Itoa(offset))
	}
	links := []link{{Href: with(), Rel: "self", Type: contentTypeGeoJSON, Title: "This page"}}
	for _, name := range formatNames[1:] {
		links = append(links, link{Href: with(paramF, name), Rel: "alternate", Type: formats[name].contentType,
			Title: "This page as " + strings.ToUpper(name)})
	}
	if q.offset < matched-q.limit {
		links = append(links, link{Href: page(q.offset + q.limit), Rel: "next", Type: contentTypeGeoJSON, Title: "Next page"})
	}
	if q.offset > 0 {
		// Before a page past the end of the matches is the last page.
		links = append(links, link{Href: page(max(0, min(q.offset, matched)-q.limit)), Rel: "prev", Type: contentTypeGeoJSON, Title: "Previous page"})
	}
	return links
}

// encodeParam writes name's values as url.Values.Encode does.
func encodeParam(name string, values ...string) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	return b.String()
}

func (s *Server) handleItem(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	v, err := queryParams(c.Request().URL.RawQuery, paramF)
	if err != nil {
		return err
	}
	if _, err := parseFormat(paramF, v.Get(paramF), "geojson", "geojson", "json"); err != nil {
		return err
	}
	defer col.turns.take()()
	id := c.Param("featureId")
	ctx := c.Request().Context()
	version, err := col.store.Version(ctx)
	if err != nil {
		return err
	}
	f, err := col.store.Feature(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return notFound("no event %q in collection %q", data.Clip(id), col.id)
	}
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	href := apiBase(c) + "/collections/" + col.id
	links, err := json.Marshal([]link{
		{Href: href + "/items/" + url.PathEscape(id), Rel: "self", Type: contentTypeGeoJSON, Title: "This event"},
		{Href: href, Rel: "collection", Type: contentTypeJSON, Title: "The collection"},
	})
	if err != nil {
		return err
	}
	// The feature comes encoded; its links depend on the request, so they
	// are spliced in before the closing brace.
	body := make([]byte, 0, len(f)+len(links)+10)
	body = append(append(append(body, f[:len(f)-1]...), `,"links":`...), links...)
	return c.Blob(http.StatusOK, contentTypeGeoJSON, append(body, '}'))
}
