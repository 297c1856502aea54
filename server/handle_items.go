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
	raw := c.Request().URL.RawQuery
	ctx := c.Request().Context()
	q, info, version, err := col.itemsQuery(ctx, raw)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	if q.format != "geojson" && q.format != "json" {
		return s.writeFormat(c, formats[q.format], selection{ctx: ctx, store: col.store, info: info,
			meta: exportMeta(info.Meta, false), filter: q.filter, offset: q.offset, limit: q.limit})
	}
	gz, _ := c.Get(ctxGzip).(bool)
	p := &itemsPages{s: s, col: col, site: siteBase(c), path: c.Request().URL.Path, gzip: gz}
	defer col.turns.take()()
	pg, err := p.page(ctx, q, raw, version)
	if err != nil {
		return err
	}
	if col.turns != nil {
		// In memory, the data changes only when its file is read again.
		MayReplay(c.Response().Writer, pg.fresh, pg.current)
		// A client that refuses identity gets even small pages gzipped by
		// compress, which serve does not do.
		if forced, _ := c.Get(ctxGzipForced).(bool); !forced {
			mayServePages(c.Response().Writer, p.serve)
		}
	}
	if pg.gzipped {
		c.Response().Header().Set(echo.HeaderContentEncoding, "gzip")
	}
	// A length, so the body goes out in one piece rather than in chunks.
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(pg.body)))
	return sent(c, c.Blob(http.StatusOK, contentTypeGeoJSON, pg.body))
}

// itemsPages makes the items pages of one collection for requests alike but
// for their query: the same site, path and encodings. The handler makes
// one for each request; Replay keeps one to answer such requests itself
// (mayServePages), without net/http, echo and the middleware, which cost
// more CPU than the page (docs/performance-log.md).
type itemsPages struct {
	s          *Server
	col        *collection
	site, path string // siteBase, and the URL's path: ETags hash them
	gzip       bool   // whether the client takes gzip
}

// page returns q's page of the collection at version, from the response
// cache or made and cached, as it is sent.
func (p *itemsPages) page(ctx context.Context, q itemsQuery, raw, version string) (page, error) {
	base := p.site + "/api"
	now := time.Now()
	key := p.col.id + "\x00" + version + "\x00" + base + "\x00" + raw
	cb := p.s.cache.get(key, now)
	if cb == nil {
		matched, rows, err := p.col.store.Query(ctx, q.filter, q.offset, q.limit)
		if err != nil {
			return page{}, err
		}
		body := featureCollection(itemsPage{
			Type:           "FeatureCollection",
			NumberMatched:  matched,
			NumberReturned: len(rows),
			TimeStamp:      now.UTC().Format(time.RFC3339),
			Links:          pageLinks(base+"/collections/"+p.col.id+"/items", q, matched),
		}, rows)
		cb = p.s.cache.put(key, body, now)
	}
	pg := page{body: cb.body, fresh: cb.made.Add(cacheFresh), current: func() bool {
		v, err := p.col.store.Version(context.Background())
		return err == nil && v == version
	}}
	if p.gzip && len(cb.body) >= gzipMinLength {
		pg.body, pg.gzipped = cb.gzipped(), true
	}
	return pg, nil
}

// serve answers, for Replay, the request for raw's page, as handleItems
// would, with send. It reports false, having sent nothing, for a request
// handleItems must answer: a query it refuses or whose answer is not a
// GeoJSON page.
func (p *itemsPages) serve(raw string, send func(page)) bool {
	if len(raw) > p.s.maxQuery {
		return false
	}
	ctx := context.Background()
	q, _, version, err := p.col.itemsQuery(ctx, raw)
	if err != nil || q.format != "geojson" && q.format != "json" {
		return false
	}
	defer p.col.turns.take()()
	pg, err := p.page(ctx, q, raw, version)
	if err != nil {
		return false
	}
	pg.etag = etagOf(version, p.site, p.path, raw)
	if p.gzip {
		pg.etag = gzipETag(pg.etag) // as compress names it
	}
	send(pg)
	return true
}

// itemsQuery parses raw, an items request's query, and checks it against
// the collection as it is now, whose description and version it returns.
func (col *collection) itemsQuery(ctx context.Context, raw string) (itemsQuery, data.Info, string, error) {
	q, err := parseItemsQuery(raw)
	if err != nil {
		return q, data.Info{}, "", err
	}
	info, version, err := col.snapshot(ctx)
	if err != nil {
		return q, info, version, err
	}
	return q, info, version, knownCategories(q.values, info.Meta.Categories)
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
// where there are more pages. Their hrefs and titles are written into one
// buffer, made one string: built one by one, they were a third of a page's
// allocations.
func pageLinks(href string, q itemsQuery, matched int) []link {
	// The request's parameters, each encoded once, in the order
	// url.Values.Encode writes them: by name.
	type param struct {
		name     string
		from, to int // where its encoding lies in enc
	}
	var givenBuf [8]param
	given := givenBuf[:0]
	var encBuf [256]byte
	enc := encBuf[:0]
	for name, vs := range q.values {
		from := len(enc)
		enc = appendParam(enc, name, vs...)
		given = append(given, param{name, from, len(enc)})
	}
	slices.SortFunc(given, func(a, b param) int { return strings.Compare(a.name, b.name) })
	b := make([]byte, 0, (3+2*len(formatNames))*(len(href)+len(enc)+48))
	var spansBuf [12][2]int // where each href and title lies in b
	spans := spansBuf[:0]
	// with writes this request's URL with some parameters set (name, value,
	// …, in name order), merged into the given ones in one pass.
	with := func(set ...string) {
		from := len(b)
		b = append(b, href...)
		sep := byte('?')
		next := func() {
			b = append(b, sep)
			sep = '&'
		}
		i := 0
		for _, p := range given {
			for ; i < len(set) && set[i] < p.name; i += 2 {
				next()
				b = appendParam(b, set[i], set[i+1])
			}
			next()
			if i < len(set) && set[i] == p.name {
				b = appendParam(b, set[i], set[i+1])
				i += 2
				continue
			}
			b = append(b, enc[p.from:p.to]...)
		}
		for ; i < len(set); i += 2 {
			next()
			b = appendParam(b, set[i], set[i+1])
		}
		spans = append(spans, [2]int{from, len(b)})
	}
	pageAt := func(offset int) {
		with(paramLimit, strconv.Itoa(q.limit), paramOffset, strconv.Itoa(offset))
	}
	with()
	for _, name := range formatNames[1:] {
		with(paramF, name)
		from := len(b)
		b = append(b, "This page as "...)
		for _, c := range []byte(name) {
			b = append(b, c-'a'+'A') // the names are in lower case
		}
		spans = append(spans, [2]int{from, len(b)})
	}
	next, prev := q.offset < matched-q.limit, q.offset > 0
	if next {
		pageAt(q.offset + q.limit)
	}
	if prev {
		// Before a page past the end of the matches is the last page.
		pageAt(max(0, min(q.offset, matched)-q.limit))
	}
	all := string(b)
	at := func(i int) string { return all[spans[i][0]:spans[i][1]] }
	links := make([]link, 0, 2+len(formatNames))
	links = append(links, link{Href: at(0), Rel: "self", Type: contentTypeGeoJSON, Title: "This page"})
	i := 1
	for _, name := range formatNames[1:] {
		links = append(links, link{Href: at(i), Rel: "alternate", Type: formats[name].contentType, Title: at(i + 1)})
		i += 2
	}
	if next {
		links = append(links, link{Href: at(i), Rel: "next", Type: contentTypeGeoJSON, Title: "Next page"})
		i++
	}
	if prev {
		links = append(links, link{Href: at(i), Rel: "prev", Type: contentTypeGeoJSON, Title: "Previous page"})
	}
	return links
}

// appendParam appends name's values as url.Values.Encode writes them.
func appendParam(b []byte, name string, values ...string) []byte {
	for i, v := range values {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendQueryEscape(b, name)
		b = append(b, '=')
		b = appendQueryEscape(b, v)
	}
	return b
}

// appendQueryEscape appends s as url.QueryEscape writes it, without the
// string it makes: letters, digits and -_.~ as they are, a space as +, and
// every other byte as %XX.
func appendQueryEscape(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
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
