// The server's endpoints. Errors come back as JSON {code, description}.

import { toISO } from './format.js';

async function getJSON(url, { signal } = {}) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/geo+json, application/json' } });
  if (!res.ok) {
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
  return res.json();
}

export function fetchEvents() {
  return getJSON('/api/collections/events/items?limit=10000');
}

export function fetchCollection() {
  return getJSON('/api/collections/events');
}

export function fetchBasemap({ zoom, bbox, signal }) {
  const box = bbox.map((v) => Number(v.toFixed(4))).join(',');
  return getJSON(`/api/basemap?zoom=${zoom}&bbox=${box}`, { signal });
}

/**
 * The export of what the map shows at t: events started by t (an open
 * interval "../t", which the server matches by overlap), in the chosen
 * categories and matching the query. cats null means all; allIds lets an
 * explicit full set be left out too. Returns null when nothing can match.
 */
export function exportURL({ t, cats = null, allIds = [], q = '' }) {
  const p = new URLSearchParams({ format: 'geojson', datetime: `../${toISO(t)}` });
  if (cats) {
    if (cats.size === 0) return null;
    if (!allIds.every((c) => cats.has(c))) p.set('category', [...cats].sort().join(','));
  }
  const query = String(q).trim();
  if (query) p.set('q', query);
  return `/api/export?${p}`;
}
