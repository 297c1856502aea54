package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"chronomap/data"

	"github.com/labstack/echo/v4"
)

// DefaultMaxQuery is the longest query string served, in bytes, unless
// configured: far more than any request of the API needs, and a bound on
// what links and messages echo.
const DefaultMaxQuery = 8 << 10

// ctxBase is where checkRequest leaves the request's base URL.
const ctxBase = "chronomap.base"

// hostRE is a Host header links may be built from: a name or an IPv4
// address, or an IPv6 one in brackets, with an optional port.
var hostRE = regexp.MustCompile(`^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?|\[[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9._~-]+)?\])(?::[0-9]{1,5})?$`)

// checkRequest refuses requests the API will not echo: a query string over
// the configured maximum, and, when no base URL is configured, a Host that is not a host.
// It leaves the base URL that links in the response start with.
func (s *Server) checkRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if n := len(r.URL.RawQuery); n > s.maxQuery {
			return &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
				Description: fmt.Sprintf("the query string is %d bytes long; at most %d", n, s.maxQuery)}
		}
		base := s.baseURL
		if base == "" {
			var err error
			if base, err = s.requestBase(c); err != nil {
				return err
			}
		}
		c.Set(ctxBase, base)
		return next(c)
	}
}

// requestBase is the base URL of links made from the request's scheme and
// Host, once the Host is checked. The last one made is kept: clients
// nearly always send the same Host, and the check is a regular expression.
func (s *Server) requestBase(c echo.Context) (string, error) {
	host, sch := c.Request().Host, scheme(c)
	if last := s.lastBase.Load(); last != nil && last.host == host && last.scheme == sch {
		return last.base, nil
	}
	if len(host) > 261 || !hostRE.MatchString(host) {
		return "", &apiError{Status: http.StatusBadRequest, Code: codeInvalidParameter,
			Description: fmt.Sprintf("header \"Host\": %q is not a host name or address with an optional port", data.Clip(host))}
	}
	b := &requestBase{host: host, scheme: sch, base: sch + "://" + host}
	s.lastBase.Store(b)
	return b.base, nil
}

// requestBase is a base URL made from a request, and what it was made from.
type requestBase struct{ host, scheme, base string }

// scheme is the request's scheme, as a proxy's X-Forwarded-Proto may tell,
// but only http or https.
func scheme(c echo.Context) string {
	if s := strings.ToLower(c.Scheme()); s == "http" || s == "https" {
		return s
	}
	if c.Request().TLS != nil {
		return "https"
	}
	return "http"
}

// siteBase is the absolute URL the server's paths are relative to: the
// configured base URL, or one made from the request.
func siteBase(c echo.Context) string {
	if base, ok := c.Get(ctxBase).(string); ok {
		return base
	}
	return scheme(c) + "://" + c.Request().Host
}

// ParseBaseURL checks a base URL for links, such as
// https://maps.example.org/chronomap, and returns it without a trailing
// slash.
func ParseBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("base URL %q: %v", s, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base URL %q: want an http or https URL", s)
	case u.Host == "" || !hostRE.MatchString(u.Host):
		return "", fmt.Errorf("base URL %q: want a host name", s)
	case u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("base URL %q: want no user, query or fragment", s)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}
