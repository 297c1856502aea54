package server

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/labstack/echo/v4"
)

// Content types, named once.
const (
	contentTypeGeoJSON = "application/geo+json"
	contentTypeJSON    = "application/json"
)

// contentSecurityPolicy lets the page load only its own files; images may
// also come from the tile servers' origins, and from no other.
func contentSecurityPolicy(tiles ...TileServer) string {
	img := []string{"'self'", "data:"}
	for _, ts := range tiles {
		img = append(img, ts.Origins...)
	}
	return "default-src 'self'; img-src " + strings.Join(img, " ") + "; " +
		"style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

func securityHeaders(csp string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			return next(c)
		}
	}
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
	h := sha256.Sum256([]byte(siteBase(c) + "\n" + r.URL.Path + "?" + r.URL.RawQuery))
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
