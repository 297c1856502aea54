package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"
)

// Content types, named once.
const (
	contentTypeGeoJSON = "application/geo+json"
	contentTypeJSON    = "application/json"
)

// contentSecurityPolicy lets the page load only its own files; images may
// also come from the tile servers' origins, and from no other. The
// frame-ancestors sources follow: 'none' unless FrameAncestors says.
func contentSecurityPolicy(tiles ...TileServer) string {
	img := []string{"'self'", "data:"}
	for _, ts := range tiles {
		img = append(img, ts.Origins...)
	}
	return "default-src 'self'; img-src " + strings.Join(img, " ") + "; " +
		"style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors "
}

// DefaultFrameAncestors lets no other page embed the map.
const DefaultFrameAncestors = "'none'"

type frameAncestorsKey struct{}

func securityHeaders(csp string) echo.MiddlewareFunc {
	// The values are made once and shared by every response, under keys
	// already canonical: a header set replaces a value, never changes it.
	policy := []string{csp + DefaultFrameAncestors}
	nosniff, noReferrer := []string{"nosniff"}, []string{"no-referrer"}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h["Content-Security-Policy"] = policy
			if ancestors, _ := c.Request().Context().Value(frameAncestorsKey{}).(string); ancestors != "" {
				h["Content-Security-Policy"] = []string{csp + ancestors}
			}
			h["X-Content-Type-Options"] = nosniff
			h["Referrer-Policy"] = noReferrer
			return next(c)
		}
	}
}

// FrameAncestors lets the pages at sources (as ParseFrameAncestors returns
// them) embed the map in a frame: it sets the CSP's frame-ancestors for
// every response of next.
func FrameAncestors(next http.Handler, sources string) http.Handler {
	if sources == "" || sources == DefaultFrameAncestors {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), frameAncestorsKey{}, sources)))
	})
}

var (
	schemeSource = regexp.MustCompile(`^(?i)[a-z][a-z0-9+.-]*:$`)
	// A host-source of CSP Level 3: scheme, host (or *.host), port, path.
	hostSource = regexp.MustCompile(`^(?i)(?:[a-z][a-z0-9+.-]*://)?(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:[0-9]{1,5}|\*))?(?:/[a-z0-9._~!$&()*+=:@%/-]*)?$`)
)

// ParseFrameAncestors checks a list of CSP frame-ancestors sources,
// separated by spaces or commas ("'self' https://news.example.org"), and
// returns them as the header writes them. 'none' stands alone; self and
// none without quotes are the keywords.
func ParseFrameAncestors(s string) (string, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(fields) == 0 {
		return "", fmt.Errorf("no source given (want 'none', 'self', or origins such as https://example.org)")
	}
	for i, f := range fields {
		// A shell eats the quotes of --frame-ancestors 'self'.
		if f == "self" || f == "none" {
			f = "'" + f + "'"
			fields[i] = f
		}
		switch {
		case f == "'none'" && len(fields) > 1:
			return "", fmt.Errorf("'none' cannot be combined with other sources")
		case f == "'none'", f == "'self'", schemeSource.MatchString(f), hostSource.MatchString(f):
		default:
			return "", fmt.Errorf("%q is not a frame-ancestors source (want 'none', 'self', a scheme such as https:, or an origin such as https://example.org)", f)
		}
	}
	return strings.Join(fields, " "), nil
}

// decodePath lets the router see /api/%63ollections as /api/collections:
// echo routes on the raw path when there is one. An encoded slash is kept,
// since decoding it would change which route matches.
func decodePath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := c.Request().URL; !strings.Contains(strings.ToUpper(u.RawPath), "%2F") {
			u.RawPath = ""
		}
		return next(c)
	}
}

// etagFor names a response by what it depends on: the data's version and
// the request (base URL, path and query, since links in the body are
// absolute).
func etagFor(version string, c echo.Context) string {
	r := c.Request()
	return etagOf(version, siteBase(c), r.URL.Path, r.URL.RawQuery)
}

// etagOf is the ETag of the representation at version of the resource at
// site, path and query.
func etagOf(version, site, path, rawQuery string) string {
	h := sha256.Sum256([]byte(site + "\n" + path + "?" + rawQuery))
	return `W/"` + version + "-" + hex.EncodeToString(h[:8]) + `"`
}

// notModified sets ETag and Cache-Control, and reports whether the client's
// If-None-Match already names this representation, so that the handler can
// answer 304 before doing any work.
func notModified(c echo.Context, etag string) bool {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-cache")
	h.Set("ETag", etag)
	for _, tag := range strings.Split(c.Request().Header.Get("If-None-Match"), ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}
