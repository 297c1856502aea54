package server

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// TileServer is a raster tile server the map may draw, as --tiles names
// it: a URL template with Leaflet's placeholders.
type TileServer struct {
	URL         string
	Attribution string   // plain text, required by every tile provider's terms
	Subdomains  string   // the letters {s} takes, or empty
	Origins     []string // every origin the template can name, for the page's CSP
}

// subdomains are the letters Leaflet puts in {s} unless told otherwise.
const subdomains = "abc"

// osmTiles is OpenStreetMap's tile server, which the page offers as an
// overlay for users online; OSM asks for this one name, without {s}.
var osmTiles = TileServer{
	URL:         "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
	Attribution: "© OpenStreetMap contributors",
	Origins:     []string{"https://tile.openstreetmap.org"},
}

var placeholderRE = regexp.MustCompile(`\{[^{}]*\}`)

// ParseTileServer checks a tile URL template, such as
// https://{s}.tiles.example.org/{z}/{x}/{y}.png, and its attribution.
func ParseTileServer(template, attribution string) (*TileServer, error) {
	ts := &TileServer{URL: template, Attribution: strings.TrimSpace(attribution)}
	if ts.Attribution == "" {
		return nil, fmt.Errorf("a tile server needs its attribution: tile providers require their credit on the map")
	}
	seen := map[string]bool{}
	for _, p := range placeholderRE.FindAllString(template, -1) {
		switch p {
		case "{z}", "{x}", "{y}", "{-y}", "{s}", "{r}":
			seen[p] = true
		default:
			return nil, fmt.Errorf("URL template %q: unknown placeholder %s (Leaflet fills {z} {x} {y} {-y} {s} {r})", template, p)
		}
	}
	if !seen["{z}"] || !seen["{x}"] || !(seen["{y}"] || seen["{-y}"]) {
		return nil, fmt.Errorf("URL template %q: want {z}, {x} and {y} (or {-y}) in it", template)
	}
	// Parse the template with each letter {s} may take: each gives an
	// origin the page may load images from.
	letters := []string{""}
	if seen["{s}"] {
		ts.Subdomains = subdomains
		letters = strings.Split(subdomains, "")
	}
	for _, s := range letters {
		u, err := url.Parse(placeholderRE.ReplaceAllStringFunc(template, func(p string) string {
			if p == "{s}" {
				return s
			}
			return "0"
		}))
		switch {
		case err != nil:
			return nil, fmt.Errorf("URL template %q: %v", template, err)
		case u.Scheme != "https" && u.Scheme != "http":
			return nil, fmt.Errorf("URL template %q: want an http or https URL", template)
		case u.Host == "" || u.User != nil:
			return nil, fmt.Errorf("URL template %q: want a host name, and no user name or password", template)
		}
		ts.Origins = append(ts.Origins, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return ts, nil
}
