// The server's endpoints. Errors come back as JSON {code, description}.

import { toISO } from './format.js';
import { readBody } from './columns.js';

async function getJSON(url, { signal } = {}) {
  // No headers of our own: the first requests must match the preloads in
  // the page's Link header to take their answers (server/handle_page.go).
  return (await fetchOK(url, { signal })).json();
}

/** The collections the server serves: {collections: [{id, title, extent, …}]}. */
export function fetchCollections() {
  return getJSON('/api/collections');
}

/** The response to url, or an Error with its status and the description the server gave. */
export async function fetchOK(url, opts) {
  const res = await fetch(url, opts);
  if (res.ok) return res;
  let detail = res.statusText;
  try {
    detail = (await res.json()).description ?? detail;
  } catch {
    // The body was not JSON; keep the status text.
  }
  const err = new Error(`${url}: ${res.status} ${detail}`);
  err.status = res.status;
  throw err;
}

/** The collection's columns as an Arrow IPC stream (bytes). */
export async function fetchColumns(collection, onProgress) {
  return readBody(await fetchOK(`/api/collections/${encodeURIComponent(collection)}/columns`), onProgress);
}

/** Rows matching a text query, as an Arrow IPC stream (bytes) of one uint32 column. */
export async function fetchMatchingRows(collection, q, { signal } = {}) {
  const res = await fetchOK(`/api/collections/${encodeURIComponent(collection)}/columns?q=${encodeURIComponent(q)}`, { signal });
  return new Uint8Array(await res.arrayBuffer());
}

/** One event's feature. */
export function fetchEvent(collection, id, { signal } = {}) {
  return getJSON(`/api/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`, { signal });
}

/** A page of the events matching cats (Set or null) and q, in time order. */
export function fetchEventPage(collection, { cats = null, q = '', offset = 0, limit = 100, signal } = {}) {
  const p = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (cats) p.set('category', [...cats].sort().join(','));
  if (q.trim()) p.set('q', q.trim());
  return getJSON(`/api/collections/${encodeURIComponent(collection)}/items?${p}`, { signal });
}

export function fetchBasemap({ zoom, bbox, signal }) {
  const box = bbox.map((v) => Number(v.toFixed(4))).join(',');
  return getJSON(`/api/basemap?zoom=${zoom}&bbox=${box}`, { signal });
}

/** The layers the server offers over the map's own basemap: {layers: [{id, kind, title, tiles, attribution, on, …}]}. */
export function fetchMapLayers() {
  return getJSON('/api/basemap/layers');
}

/** The export formats /api/export writes; the first is the default. */
export const EXPORT_FORMATS = Object.freeze([
  { id: 'geojson', label: 'GeoJSON', name: 'GeoJSON' },
  { id: 'kml', label: 'KML (Google Earth)', name: 'KML' },
  { id: 'csv', label: 'CSV', name: 'CSV' },
  { id: 'gpx', label: 'GPX', name: 'GPX' },
]);

export const formatById = (id) => EXPORT_FORMATS.find((f) => f.id === id) ?? EXPORT_FORMATS[0];

/**
 * The export of what the map shows at t: events started by t (an open
 * interval "../t", which the server matches by overlap), in the chosen
 * categories and matching the query. cats null means all; allIds lets an
 * explicit full set be left out too. Without a collection the server
 * exports its first. Returns null when nothing can match.
 */
export function exportURL({ t, cats = null, allIds = [], q = '', format = 'geojson', collection = null }) {
  const p = new URLSearchParams({ format: formatById(format).id });
  if (collection) p.set('collection', collection);
  p.set('datetime', `../${toISO(t)}`);
  if (cats) {
    if (cats.size === 0) return null;
    if (!allIds.every((c) => cats.has(c))) p.set('category', [...cats].sort().join(','));
  }
  const query = String(q).trim();
  if (query) p.set('q', query);
  return `/api/export?${p}`;
}
