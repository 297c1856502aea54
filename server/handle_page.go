package server

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// startPageLimit is the size of the first page of events the map asks for
// (SMALL in web/static/js/collections.js): a small collection whole.
const startPageLimit = 2000

// plainID is a collection id that encodeURIComponent in the page and the
// path here write the same, unescaped.
var plainID = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

// preloadStart adds to the page's own answer a Link header that has the
// browser fetch what the page asks for first (collections.js's fetchStart):
// the collections and the first page of events of the collection the URL's
// c names, else the first. Both are then under way while the page's ~50
// modules load, instead of starting once they have run. A file opened in
// the browser (local=1) needs neither. The page's fetches send no headers
// of their own, so that they match these and take their answers.
func (s *Server) preloadStart(r *http.Request, h http.Header) {
	q := r.URL.Query()
	if q.Get("local") == "1" {
		return
	}
	col, ok := s.byID[q.Get("c")]
	if !ok {
		col = s.collections[0]
	}
	links := []string{"</api/collections>; rel=preload; as=fetch; crossorigin"}
	if plainID.MatchString(col.id) {
		links = append(links, fmt.Sprintf("</api/collections/%s/items?limit=%d&offset=0>; rel=preload; as=fetch; crossorigin", col.id, startPageLimit))
	}
	h.Set("Link", strings.Join(links, ", "))
}
