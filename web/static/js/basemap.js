// Our own basemap: country polygons and label points from /api/basemap,
// fetched for the view after each move (debounced), cached, and swapped in
// only when the new layer has arrived so the map never goes blank.

import { countryLabels } from './labels.js';

const STEPS = [90, 45, 20, 10, 5, 2, 1, 0.5, 0.25, 0.1, 0.05];

/** The view's bbox snapped outward to a grid that coarsens with zoom, so small pans reuse a response. */
export function snapBBox([w, s, e, n], zoom) {
  const tile = 360 / 2 ** zoom;
  const step = STEPS.find((x) => x <= tile) ?? 0.05;
  const snap = (v, f) => Number((f(v / step) * step).toFixed(4));
  return [
    Math.max(-180, snap(w, Math.floor)), Math.max(-85, snap(s, Math.floor)),
    Math.min(180, snap(e, Math.ceil)), Math.min(85, snap(n, Math.ceil)),
  ];
}

export function createBasemapLayer({ L, fetchBasemap, labels, debounce = 180 }) {
  const cache = new Map();
  let current = null;
  let currentKey = '';
  let timer = null;
  let controller = null;
  let disabled = false;
  let renderer = null;

  function draw(map, data, key) {
    const countries = data.features.filter((f) => f.properties?.kind === 'country');
    const points = data.features.filter((f) => f.properties?.kind === 'label');
    const next = L.geoJSON(countries, {
      renderer, interactive: false,
      style: { className: 'land', weight: 0.7, fillOpacity: 1, opacity: 1 },
    });
    next.addTo(map);
    if (current) map.removeLayer(current);
    current = next;
    currentKey = key;
    labels.set('countries', countryLabels({ L, points, pane: 'countryLabels' }));
  }

  async function refresh(map) {
    timer = null;
    if (disabled || !map) return;
    const zoom = Math.max(0, Math.round(map.getZoom()));
    const b = map.getBounds().pad(0.2);
    const bbox = snapBBox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    const key = `${zoom}|${bbox}`;
    if (key === currentKey) return;
    if (cache.has(key)) {
      draw(map, cache.get(key), key);
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const data = await fetchBasemap({ zoom, bbox, signal: controller.signal });
      cache.set(key, data);
      if (cache.size > 24) cache.delete(cache.keys().next().value);
      if (instance._map === map) draw(map, data, key);
    } catch (err) {
      // A server without a basemap answers 404: the sea colour stays the
      // background and the events still show. Other failures retry on the next move.
      if (err.status === 404) disabled = true;
    }
  }

  const Basemap = L.Layer.extend({
    onAdd(map) {
      renderer = renderer ?? L.svg({ pane: 'basemap', padding: 0.3 });
      map.on('moveend', this.schedule, this);
      map.getContainer().classList.add('basemap-on');
      refresh(map);
    },
    onRemove(map) {
      map.off('moveend', this.schedule, this);
      map.getContainer().classList.remove('basemap-on');
      if (current) map.removeLayer(current);
      current = null;
      currentKey = '';
      labels.set('countries', []);
    },
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => refresh(this._map), debounce);
    },
    getAttribution: () => 'Basemap <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener">Natural Earth</a>',
  });
  const instance = new Basemap();
  return instance;
}
