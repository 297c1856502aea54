package server

import (
	"chronomap/data"
	"context"
	"net/http"
	"time"

	"chronomap/geo"

	"github.com/labstack/echo/v4"
)

// OGC API – Features identifiers.
const (
	confCore    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
	confGeoJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
	confOAS30   = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
	crs84       = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	trsGregory  = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

type extent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
	Temporal struct {
		Interval [][2]string `json:"interval"`
		TRS      string      `json:"trs"`
	} `json:"temporal"`
}

type collectionInfo struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Extent      extent   `json:"extent"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	Links       []link   `json:"links"`
	// Chronomap is the dataset's own metadata (data/SCHEMA.md): the page's
	// categories, clock, view and story.
	Chronomap data.Meta `json:"chronomap"`
}

// apiBase is the absolute URL of /api for this request: under --base-url,
// or else the host name the client used.
func apiBase(c echo.Context) string {
	return siteBase(c) + "/api"
}

// metadata answers a metadata endpoint: 304 when the client has it, else v.
// The ETag covers the OpenAPI document and the collections cols, whose
// data the body describes.
func (s *Server) metadata(c echo.Context, cols []*collection, v func() (any, error)) error {
	version, err := s.metaVersion(c.Request().Context(), cols)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	body, err := v()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, body)
}

// fixed is a metadata body that depends on nothing that can fail.
func fixed(v any) func() (any, error) { return func() (any, error) { return v, nil } }

// onlyJSON checks the parameters of the metadata endpoints, which take only f=json.
func onlyJSON(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery, paramF)
	if err != nil {
		return err
	}
	_, err = parseFormat(paramF, q.Get(paramF), "json", "json")
	return err
}

func (s *Server) handleLanding(c echo.Context) error {
	if err := onlyJSON(c); err != nil {
		return err
	}
	base := apiBase(c)
	return s.metadata(c, nil, fixed(map[string]any{
		"title":       "Chronomap",
		"description": "Chronologies of events as OGC API – Features.",
		"links": []link{
			{Href: base, Rel: "self", Type: contentTypeJSON, Title: "This document"},
			{Href: base + "/openapi.json", Rel: "service-desc", Type: contentTypeOpenAPI, Title: "The API's OpenAPI 3.0 description"},
			{Href: base + "/conformance", Rel: "conformance", Type: contentTypeJSON, Title: "Conformance classes"},
			{Href: base + "/collections", Rel: "data", Type: contentTypeJSON, Title: "Collections"},
			{Href: base + "/export?format=geojson", Rel: "enclosure", Type: contentTypeGeoJSON, Title: "All events as a GeoJSON file"},
		},
	}))
}

func (s *Server) handleConformance(c echo.Context) error {
	if err := onlyJSON(c); err != nil {
		return err
	}
	return s.metadata(c, nil, fixed(map[string]any{"conformsTo": []string{confCore, confGeoJSON, confOAS30}}))
}

func (s *Server) handleCollections(c echo.Context) error {
	if err := onlyJSON(c); err != nil {
		return err
	}
	base := apiBase(c)
	return s.metadata(c, s.collections, func() (any, error) {
		infos := make([]collectionInfo, len(s.collections))
		for i, col := range s.collections {
			info, err := col.info(c.Request().Context(), base)
			if err != nil {
				return nil, err
			}
			infos[i] = info
		}
		return map[string]any{
			"links":       []link{{Href: base + "/collections", Rel: "self", Type: contentTypeJSON}},
			"collections": infos,
		}, nil
	})
}

func (s *Server) handleCollection(c echo.Context) error {
	col, err := s.collection(c)
	if err != nil {
		return err
	}
	if err := onlyJSON(c); err != nil {
		return err
	}
	return s.metadata(c, []*collection{col}, func() (any, error) { return col.info(c.Request().Context(), apiBase(c)) })
}

func (col *collection) info(ctx context.Context, base string) (collectionInfo, error) {
	d, err := col.store.Info(ctx)
	if err != nil {
		return collectionInfo{}, err
	}
	href := base + "/collections/" + col.id
	info := collectionInfo{
		ID:          col.id,
		Title:       d.Title,
		Description: d.Meta.Description,
		ItemType:    "feature",
		CRS:         []string{crs84},
		Links: []link{
			{Href: href, Rel: "self", Type: contentTypeJSON},
			{Href: href + "/items", Rel: "items", Type: contentTypeGeoJSON, Title: "Events"},
		},
	}
	if info.Description == "" {
		info.Description = "One feature per event, in time order; start and end carry the local UTC offset."
	}
	info.Chronomap = d.Meta
	info.Extent.Spatial.BBox = [][4]float64{geo.BBox(d.Bound)}
	info.Extent.Spatial.CRS = crs84
	info.Extent.Temporal.Interval = [][2]string{{d.First.UTC().Format(time.RFC3339), d.Last.UTC().Format(time.RFC3339)}}
	info.Extent.Temporal.TRS = trsGregory
	return info, nil
}
