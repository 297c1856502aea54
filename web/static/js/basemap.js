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
    instance.fire('draw');
  }

  /** Adds a ring or (nested) rings of lat/lngs to the 2D context's path, at layer points less origin. */
  function trace(ctx, map, latlngs, origin) {
    if (!Array.isArray(latlngs[0])) {
      latlngs.forEach((ll, i) => {
        const p = map.latLngToLayerPoint(ll).subtract(origin);
        if (i) ctx.lineTo(p.x, p.y); else ctx.moveTo(p.x, p.y);
      });
      ctx.closePath();
      return;
    }
    for (const part of latlngs) trace(ctx, map, part, origin);
  }

  /** The zoom and snapped bbox the map's view asks shapes for, and their cache key. */
  function wanted(map) {
    const zoom = Math.max(0, Math.round(map.getZoom()));
    const b = map.getBounds().pad(0.2);
    const bbox = snapBBox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    return { zoom, bbox, key: `${zoom}|${bbox}` };
  }

  async function refresh(map) {
    timer = null;
    if (disabled || !map) return;
    const { zoom, bbox, key } = wanted(map);
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
    /**
     * Paints what the SVG shows, sea and land, into a 2D context the size
     * of the map (in CSS pixels) whose top left is the layer point origin:
     * for an opaque canvas over the basemap, which the compositor then
     * draws instead of the SVG under it.
     */
    paint(ctx, origin) {
      const map = this._map;
      const style = getComputedStyle(map.getContainer());
      const size = map.getSize();
      ctx.fillStyle = style.getPropertyValue('--sea').trim();
      ctx.fillRect(0, 0, size.x, size.y);
      if (!current) return;
      ctx.beginPath();
      current.eachLayer((layer) => trace(ctx, map, layer.getLatLngs(), origin));
      ctx.fillStyle = style.getPropertyValue('--land').trim();
      ctx.fill('evenodd');
      ctx.strokeStyle = style.getPropertyValue('--border').trim();
      ctx.lineWidth = 0.8;
      ctx.lineJoin = 'round';
      ctx.stroke();
    },
    /** Whether shapes other than those drawn are coming for the view: after a zoom or a long pan. */
    expects() {
      return !disabled && Boolean(this._map) && wanted(this._map).key !== currentKey;
    },
    getAttribution: () => 'Basemap <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener">Natural Earth</a>',
  });
  const instance = new Basemap();
  return instance;
}
