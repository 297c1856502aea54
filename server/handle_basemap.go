package server

import (
	"math"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
)

// maxViewTiles is the widest view, in 256-pixel tiles, the basemap answers.
const maxViewTiles = 32

// maxWorldZoom is the deepest zoom at which the whole world, 2^zoom tiles
// wide, fits in maxViewTiles: the deepest a request without bbox may ask.
const maxWorldZoom = 5

// handleBasemap answers the map's background for a zoom level and viewport.
func (s *Server) handleBasemap(c echo.Context) error {
	if s.basemap == nil {
		return notFound("this server has no basemap")
	}
	v, err := queryParams(c.Request().URL.RawQuery, paramZoom, paramBBox)
	if err != nil {
		return err
	}
	zoom, err := parseInt(paramZoom, v.Get(paramZoom), 2, 0, maxZoom, false)
	if err != nil {
		return err
	}
	boxes, err := parseBBox(v.Get(paramBBox))
	if err != nil {
		return badParam(paramBBox, "%v", err)
	}
	// The basemap clips to one box: a view across the antimeridian gets the
	// whole width of the world, and so does a request with no box, whose
	// width is the world's.
	bbox := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	width := 0.0
	for _, b := range boxes {
		width += b.Max.Lon() - b.Min.Lon()
	}
	if len(boxes) == 0 {
		width = 360
	}
	if len(boxes) == 1 {
		bbox = boxes[0]
	} else if len(boxes) == 2 {
		bbox.Min[1], bbox.Max[1] = boxes[0].Min[1], boxes[0].Max[1]
	}
	// A view is at most a few thousand pixels wide: a wider box at a deep
	// zoom asks for megabytes no screen can show.
	if tiles := width / (360 / math.Exp2(float64(zoom))); tiles > maxViewTiles {
		if len(boxes) == 0 {
			return badParam(paramBBox, "is needed at zoom %d: without it the view is the whole world, %.0f tiles wide; at most %d (send the view's box, or zoom %d or less)",
				zoom, tiles, maxViewTiles, maxWorldZoom)
		}
		return badParam(paramBBox, "is %.0f tiles wide at zoom %d; at most %d (zoom out or send the view's box)", tiles, zoom, maxViewTiles)
	}
	if notModified(c, etagFor("basemap", c)) {
		return c.NoContent(http.StatusNotModified)
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
	return c.Blob(http.StatusOK, contentTypeGeoJSON, s.basemap.Layer(zoom, bbox))
}
