package server

import (
	"encoding/json"
	"fmt"
	"net/http"

	"chronomap/mbtiles"

	"github.com/labstack/echo/v4"
)

const contentTypeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"

// obj keeps the document below readable.
type obj = map[string]any

// openAPI builds the OpenAPI 3.0 description of the API once, from the same
// names, limits, formats and categories the handlers use, so it cannot
// drift from what the server does.
func openAPI(collectionIDs []string) ([]byte, error) {
	ref := func(kind, name string) obj { return obj{"$ref": "#/components/" + kind + "/" + name} }
	params := func(names ...string) []any {
		out := make([]any, len(names))
		for i, n := range names {
			out[i] = ref("parameters", n)
		}
		return out
	}
	jsonBody := func(desc, schema string) obj {
		return obj{"description": desc, "content": obj{contentTypeJSON: obj{"schema": ref("schemas", schema)}}}
	}
	geoBody := func(desc, schema string) obj {
		return obj{"description": desc, "content": obj{contentTypeGeoJSON: obj{"schema": ref("schemas", schema)}}}
	}
	// op is a GET that answers 200, 304 to a matching If-None-Match, 400 for
	// a bad parameter, and 404 when its path names something missing.
	op := func(id, summary string, parameters []any, ok obj) obj {
		responses := obj{"200": ok, "304": obj{"description": "Not modified: the If-None-Match ETag still holds."},
			"400": ref("responses", "BadRequest")}
		for _, p := range parameters {
			if p.(obj)["$ref"] == "#/components/parameters/collectionId" {
				responses["404"] = ref("responses", "NotFound")
			}
		}
		return obj{"get": obj{"operationId": id, "summary": summary, "parameters": parameters, "responses": responses}}
	}
	fileTypes := obj{}
	for _, name := range formatNames {
		fileTypes[formats[name].contentType] = obj{"schema": obj{"type": "string"}}
	}
	str := obj{"type": "string"}
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{"title": "Chronomap API", "version": "1.0.0",
			"description": "Chronologies of events as OGC API – Features (Part 1: Core, GeoJSON), with exports and a basemap."},
		"servers": []any{obj{"url": "/"}},
		"paths": obj{
			"/api":                            op("getLandingPage", "Landing page", params("f"), jsonBody("Links to the API's resources.", "LandingPage")),
			"/api/openapi.json":               obj{"get": obj{"operationId": "getAPI", "summary": "This document", "responses": obj{"200": obj{"description": "OpenAPI 3.0", "content": obj{contentTypeOpenAPI: obj{"schema": obj{"type": "object"}}}}}}},
			"/api/conformance":                op("getConformance", "Conformance classes", params("f"), jsonBody("The classes this API conforms to.", "Conformance")),
			"/api/collections":                op("getCollections", "Collections", params("f"), jsonBody("The collections of events.", "Collections")),
			"/api/collections/{collectionId}": op("describeCollection", "A collection", params("collectionId", "f"), jsonBody("The collection and its extent.", "Collection")),
			"/api/collections/{collectionId}/items": op("getFeatures", "Events, in time order",
				params("collectionId", "datetime", "bbox", "category", "q", "limit", "offset", "fItems"),
				obj{"description": "A page of matching events; f=kml, csv or gpx gives the page in that format.",
					"content": mergeObj(obj{contentTypeGeoJSON: obj{"schema": ref("schemas", "FeatureCollection")}}, fileTypes)}),
			"/api/collections/{collectionId}/items/{featureId}": op("getFeature", "One event", params("collectionId", "featureId", "fFeature"), geoBody("The event, with links to itself and its collection.", "Feature")),
			"/api/collections/{collectionId}/columns": op("getColumns", "Every event's position, times and category, for drawing at scale",
				params("collectionId", "q"),
				obj{"description": "An Apache Arrow IPC stream of one record batch, a row per event in time order (row numbers are positions in items' unfiltered order): id (utf8), lon, lat (float32; a movement's end), start, end (int32 seconds from the schema metadata's chronomap:base, Unix seconds), offset (int16, the start's UTC offset in minutes), category (uint8, an index into chronomap:categories) and track (list of {lon, lat, t}, null for a place). With q, one uint32 column, row: the rows whose title, summary or place contain q. X-Decoded-Length gives the size before gzip.",
					"content": obj{contentTypeArrow: obj{"schema": obj{"type": "string", "format": "binary"}}}}),
			"/api/export": op("export", "Download the matching events as a file",
				params("format", "collection", "datetime", "bbox", "category", "q"),
				obj{"description": "An attachment named after the dataset and the time window.",
					"headers": obj{"Content-Disposition": obj{"schema": str}}, "content": fileTypes}),
			"/api/basemap": op("getBasemap", "The map's background: countries and their labels", params("zoom", "bbox"),
				geoBody("Country polygons clipped to bbox and simplified for zoom, and label points.", "FeatureCollection")),
			"/api/validate": obj{"post": obj{"operationId": "validate", "summary": "Check a dataset file, storing nothing",
				"parameters": []any{
					obj{"name": paramName, "in": "query", "description": "The file's name: its extension chooses CSV or GeoJSON, and messages name it.", "schema": str},
					obj{"name": paramFeatures, "in": "query", "description": "true: a good file comes back as the GeoJSON the server would serve for it.", "schema": obj{"type": "boolean", "default": false}},
				},
				"requestBody": obj{"required": true, "description": "The file itself, or a form with the file in \"file\" and its metadata (a sidecar) in \"meta\".",
					"content": obj{contentTypeGeoJSON: obj{"schema": str}, "text/csv": obj{"schema": str},
						"multipart/form-data": obj{"schema": obj{"type": "object", "properties": obj{"file": obj{"type": "string", "format": "binary"}, "meta": obj{"type": "string", "format": "binary"}}}}}},
				"responses": obj{
					"200": obj{"description": "The file is valid: a summary, or with features=true the dataset as GeoJSON.",
						"content": obj{contentTypeJSON: obj{"schema": obj{"type": "object"}}, contentTypeGeoJSON: obj{"schema": ref("schemas", "FeatureCollection")}}},
					"400": ref("responses", "BadRequest"),
					"413": obj{"description": "The file is larger than --max-upload-mb.", "content": obj{contentTypeJSON: obj{"schema": ref("schemas", "Exception")}}},
					"422": obj{"description": "The file is not a valid dataset: its problems, each with file, unit, index, id, field and message.", "content": obj{contentTypeJSON: obj{"schema": obj{"type": "object"}}}},
					"503": obj{"description": "Other files are being checked; Retry-After says when to try again."},
				}}},
			"/api/basemap/layers": op("getBasemapLayers", "The layers the map offers over its own basemap", params(),
				jsonBody("The --basemap vector tiles, the --tiles server and OpenStreetMap, with their URL templates and attributions.", "MapLayers")),
			"/api/basemap/tiles.json": op("getTileJSON", "The --basemap vector tiles as TileJSON 3.0.0", params(),
				obj{"description": "TileJSON; 404 when the server has no --basemap.", "content": obj{contentTypeJSON: obj{"schema": obj{"type": "object"}}}}),
			"/api/basemap/tiles/{z}/{x}/{y}": obj{"get": obj{"operationId": "getTile", "summary": "A vector tile of the --basemap file, rows from the north (XYZ)",
				"parameters": params("tileZ", "tileX", "tileY"),
				"responses": obj{
					"200": obj{"description": "A Mapbox Vector Tile; Content-Encoding: gzip when the file keeps it gzipped and the client takes gzip.",
						"content": obj{contentTypeMVT: obj{"schema": obj{"type": "string", "format": "binary"}}}},
					"204": obj{"description": "The file has no tile here: nothing to draw."},
					"304": obj{"description": "Not modified: the If-None-Match ETag still holds."},
					"400": ref("responses", "BadRequest"),
					"404": ref("responses", "NotFound")}}},
			"/healthz": obj{"get": obj{"operationId": "health", "summary": "Health", "responses": obj{"200": jsonBody("The server is up.", "Health")}}},
		},
		"components": obj{
			"parameters": obj{
				"collectionId": obj{"name": "collectionId", "in": "path", "required": true, "schema": obj{"type": "string", "enum": collectionIDs}},
				"featureId":    obj{"name": "featureId", "in": "path", "required": true, "schema": str},
				paramDatetime: obj{"name": paramDatetime, "in": "query", "style": "form", "explode": false, "schema": str,
					"description": "An RFC 3339 time with offset, a date (that UTC day), or an interval start/end with .. for an open end. Events whose [start, end] overlaps match. GDAL's shortened UTC times (2020-01-03T, 2020-01-03T05Z, 2020-01-03T05:30Z) stand for that day, hour or minute; given more than once, an event must overlap each."},
				paramBBox: obj{"name": paramBBox, "in": "query", "style": "form", "explode": false,
					"description": "minLon,minLat,maxLon,maxLat in CRS84; minLon > maxLon crosses the antimeridian.",
					"schema":      obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}}},
				paramCategory: obj{"name": paramCategory, "in": "query", "style": "form", "explode": false,
					"description": "Comma-separated category ids, each one of the collection's categories (its metadata lists them).",
					"schema":      obj{"type": "array", "items": obj{"type": "string"}}},
				paramQ:      obj{"name": paramQ, "in": "query", "description": "Case-insensitive text in title, summary and place.", "schema": obj{"type": "string", "maxLength": maxQ}},
				paramLimit:  obj{"name": paramLimit, "in": "query", "description": "Larger values are clamped to the maximum.", "schema": obj{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
				paramOffset: obj{"name": paramOffset, "in": "query", "schema": obj{"type": "integer", "minimum": 0, "default": 0}},
				"f":         obj{"name": paramF, "in": "query", "schema": obj{"type": "string", "enum": []string{"json"}}},
				"fFeature":  obj{"name": paramF, "in": "query", "schema": obj{"type": "string", "enum": []string{"json", "geojson"}}},
				"fItems": obj{"name": paramF, "in": "query", "description": "json and geojson give GeoJSON; the others give the page as a file in that format.",
					"schema": obj{"type": "string", "enum": append([]string{"json"}, formatNames...), "default": "geojson"}},
				paramFormat: obj{"name": paramFormat, "in": "query", "schema": obj{"type": "string", "enum": formatNames, "default": "geojson"}},
				paramCollection: obj{"name": paramCollection, "in": "query", "description": "Defaults to the first collection.",
					"schema": obj{"type": "string", "enum": collectionIDs}},
				"tileZ": obj{"name": "z", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 0, "maximum": mbtiles.MaxZoom}},
				"tileX": obj{"name": "x", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 0}, "description": "Below 2^z."},
				"tileY": obj{"name": "y", "in": "path", "required": true, "description": "The row, below 2^z, counted from the north, and .pbf (or .mvt).",
					"schema": obj{"type": "string", "pattern": `^[0-9]+\.(pbf|mvt)$`, "example": "3.pbf"}},
				paramZoom: obj{"name": paramZoom, "in": "query", "schema": obj{"type": "integer", "minimum": 0, "maximum": maxZoom, "default": 2}},
			},
			"responses": obj{
				"BadRequest": jsonBody("A parameter cannot be used; the description names it and says why.", "Exception"),
				"NotFound":   jsonBody("No such collection, event or path.", "Exception"),
			},
			"schemas": obj{
				"Exception": obj{"type": "object", "required": []string{"code", "description"},
					"properties": obj{"code": str, "description": str}},
				"Link": obj{"type": "object", "required": []string{"href", "rel"},
					"properties": obj{"href": str, "rel": str, "type": str, "title": str}},
				"LandingPage": obj{"type": "object", "properties": obj{"title": str, "description": str, "links": obj{"type": "array", "items": ref("schemas", "Link")}}},
				"Conformance": obj{"type": "object", "properties": obj{"conformsTo": obj{"type": "array", "items": str}}},
				"Collection": obj{"type": "object", "required": []string{"id", "links"}, "properties": obj{
					"id": str, "title": str, "description": str, "itemType": str,
					"crs":    obj{"type": "array", "items": str},
					"extent": obj{"type": "object"},
					"links":  obj{"type": "array", "items": ref("schemas", "Link")}}},
				"Collections": obj{"type": "object", "properties": obj{
					"links":       obj{"type": "array", "items": ref("schemas", "Link")},
					"collections": obj{"type": "array", "items": ref("schemas", "Collection")}}},
				"Feature": obj{"type": "object", "required": []string{"type", "geometry", "properties"}, "properties": obj{
					"type": obj{"type": "string", "enum": []string{"Feature"}}, "id": str,
					"geometry":   obj{"type": "object", "description": "A GeoJSON Point or LineString."},
					"properties": obj{"type": "object", "description": "The event's fields; see data/SCHEMA.md."}}},
				"FeatureCollection": obj{"type": "object", "required": []string{"type", "features"}, "properties": obj{
					"type":           obj{"type": "string", "enum": []string{"FeatureCollection"}},
					"features":       obj{"type": "array", "items": ref("schemas", "Feature")},
					"numberMatched":  obj{"type": "integer"},
					"numberReturned": obj{"type": "integer"},
					"timeStamp":      obj{"type": "string", "format": "date-time"},
					"links":          obj{"type": "array", "items": ref("schemas", "Link")}}},
				"MapLayers": obj{"type": "object", "properties": obj{"layers": obj{"type": "array", "items": obj{"type": "object",
					"required": []string{"id", "kind", "tiles", "attribution"}, "properties": obj{
						"id": str, "title": str, "tiles": str, "attribution": str, "subdomains": str,
						"kind":    obj{"type": "string", "enum": []string{"vector", "raster"}},
						"minzoom": obj{"type": "integer"}, "maxzoom": obj{"type": "integer"},
						"bounds": obj{"type": "array", "items": obj{"type": "number"}},
						"on":     obj{"type": "boolean", "description": "Shown unless the user turns it off."}}}}}},
				"Health": obj{"type": "object", "properties": obj{"status": str, "collections": obj{"type": "integer"}, "events": obj{"type": "integer"}}},
			},
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return b, nil
}

func mergeObj(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func (s *Server) handleOpenAPI(c echo.Context) error {
	if err := onlyJSON(c); err != nil {
		return err
	}
	version, err := s.metaVersion(c.Request().Context(), nil)
	if err != nil {
		return err
	}
	if notModified(c, etagFor(version, c)) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentTypeOpenAPI, s.openapi)
}
