// Layers over our own basemap, as /api/basemap/layers lists them: the
// user's vector tiles (--basemap, drawn by protomaps-leaflet), their raster
// tile server (--tiles) and OpenStreetMap. A layer from another server is
// probed with one tile before it asks for a screenful, so that offline the
// map says so once, on the map, instead of failing every tile.

import { h, loadScript } from './dom.js';
import { vectorRules } from './vectorstyle.js';

/** How long a tile server that failed is left alone before a move tries it again. */
const RETRY_MS = 15000;
/** Failed tiles in a row, none loaded, after which a server counts as unreachable. */
const MAX_FAILS = 4;

/** The URL of tile z/x/y from a Leaflet URL template. */
export function tileURL(template, { z, x, y }, subdomains = '') {
  const values = { z, x, y, '-y': 2 ** z - 1 - y, s: subdomains ? subdomains[Math.abs(x + y) % subdomains.length] : '', r: '' };
  return template.replace(/\{(-y|[xyzsr])\}/g, (_, k) => String(values[k]));
}

/** The Web Mercator tile holding lat, lng at zoom z. */
export function tileAt(lat, lng, z) {
  const n = 2 ** z;
  const r = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  const x = Math.floor(((((lng + 180) % 360) + 360) % 360) / 360 * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, x), y: Math.min(n - 1, Math.max(0, y)) };
}

/** Plain text made safe for Leaflet's attribution, which is HTML. */
export function escapeHTML(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An MBTiles attribution (HTML, from a file) as text for Leaflet: its tags
 * are dropped, its entities kept, and no tag can remain.
 */
export function attributionFromHTML(html) {
  return String(html ?? '').replace(/<[^>]*>?/g, '').replace(/>/g, '&gt;').trim();
}

/**
 * How far in the map may zoom with the layers of these ids shown: 12 on
 * our own basemap alone, which is countries only; a vector basemap three
 * zooms past its deepest tiles, which are drawn larger and stay sharp;
 * raster tiles to their deepest (19 unless the layer says).
 */
export function deepestZoom(layers, ids, base = 12) {
  let zoom = base;
  for (const l of layers) {
    if (ids.includes(l.id)) zoom = Math.max(zoom, l.kind === 'vector' ? (l.maxzoom || 14) + 3 : l.maxzoom || 19);
  }
  return Math.min(zoom, 19);
}

/** The ids of the layers shown: those the URL names, else those on by default. */
export function shownLayers(layers, fromURL) {
  return layers.filter((l) => (fromURL ? fromURL.includes(l.id) : l.on)).map((l) => l.id);
}

/** The layers for the URL: null when they are the default ones, so links stay short. */
export function urlLayers(layers, ids) {
  const shown = layers.filter((l) => ids.includes(l.id)).map((l) => l.id);
  const defaults = shownLayers(layers, null);
  return shown.join() === defaults.join() ? null : shown;
}

/** A box on the map for messages about its layers, one per layer. */
export function createNotice({ L, map }) {
  const box = L.DomUtil.create('div', 'map-notice');
  box.setAttribute('role', 'status');
  box.hidden = true;
  const Notice = L.Control.extend({ onAdd: () => box });
  new Notice({ position: 'bottomleft' }).addTo(map);
  const messages = new Map();
  const render = () => {
    box.replaceChildren(...[...messages.values()].map((text) => h('p', {}, text)));
    box.hidden = messages.size === 0;
  };
  return {
    show(id, text) {
      if (messages.get(id) === text) return;
      messages.set(id, text);
      render();
    },
    hide(id) {
      if (messages.delete(id)) render();
    },
  };
}

function probeImage(url, referrerPolicy) {
  return new Promise((resolve) => {
    const img = new Image();
    if (referrerPolicy) img.referrerPolicy = referrerPolicy;
    img.onload = () => resolve(true);
    img.onerror = () => resolve(false);
    img.src = url;
  });
}

/**
 * A raster tile layer from another server that the map may not reach: it
 * loads one tile first and draws the rest only when that one came; when
 * tiles fail it steps aside with a message and tries again on a later move
 * or when the browser comes back online.
 */
export function createRasterLayer({ L, layer, pane, notice, probe = probeImage }) {
  // OpenStreetMap's tile policy asks web pages to say where they are; the
  // page itself sends no referrer.
  const referrerPolicy = layer.id === 'osm' ? 'strict-origin' : '';
  const tiles = L.tileLayer(layer.tiles, {
    pane, maxZoom: 19, maxNativeZoom: layer.maxzoom || 19, subdomains: layer.subdomains || 'abc', referrerPolicy: referrerPolicy || undefined,
  });
  const unreachable = `${layer.title.replace(/ \(online\)$/, '')} cannot be reached, so its tiles are not shown; the offline map is. Moving the map tries again.`;
  let state = 'off'; // 'probing', 'on', 'failed'
  let retryAt = 0;
  let fails = 0;
  let map = null;

  function failed() {
    state = 'failed';
    retryAt = Date.now() + RETRY_MS;
    if (map?.hasLayer(tiles)) map.removeLayer(tiles);
    notice.show(layer.id, unreachable);
  }

  async function check() {
    if (!map || state === 'on' || state === 'probing' || (state === 'failed' && Date.now() < retryAt)) return;
    state = 'probing';
    const z = Math.min(Math.round(map.getZoom()), layer.maxzoom || 19);
    const c = map.getCenter();
    const ok = await probe(tileURL(layer.tiles, tileAt(c.lat, c.lng, z), layer.subdomains), referrerPolicy);
    if (!map || state !== 'probing') return;
    if (!ok) {
      failed();
      return;
    }
    state = 'on';
    fails = 0;
    notice.hide(layer.id);
    map.addLayer(tiles);
  }

  tiles.on('tileload', () => { fails = 0; });
  tiles.on('tileerror', () => {
    fails += 1;
    if (fails >= MAX_FAILS && state === 'on') failed();
  });
  const online = () => {
    retryAt = 0;
    check();
  };

  const Guarded = L.Layer.extend({
    onAdd(m) {
      map = m;
      map.on('moveend', check);
      window.addEventListener('online', online);
      check();
    },
    onRemove(m) {
      m.off('moveend', check);
      window.removeEventListener('online', online);
      if (m.hasLayer(tiles)) m.removeLayer(tiles);
      notice.hide(layer.id);
      map = null;
      state = 'off';
    },
    getAttribution: () => escapeHTML(layer.attribution),
  });
  return new Guarded();
}

/**
 * The --basemap vector tiles, drawn by protomaps-leaflet, which loads on
 * first use: a group the layer joins once the renderer has come.
 */
export function createVectorLayer({ L, layer, pane, notice, colours }) {
  const group = L.layerGroup();
  let inner = null;
  group.on('add', async () => {
    if (inner) return;
    try {
      const P = await loadScript('/vendor/protomaps-leaflet/protomaps-leaflet.js', 'protomapsL');
      const [w, s, e, n] = layer.bounds;
      inner = P.leafletLayer({
        url: layer.tiles, pane, maxDataZoom: layer.maxzoom, bounds: [[s, w], [n, e]],
        attribution: attributionFromHTML(layer.attribution) || 'Basemap: your MBTiles file',
        ...vectorRules(P, colours),
      });
      group.addLayer(inner);
      notice.hide(layer.id);
    } catch (err) {
      notice.show(layer.id, `Your basemap cannot be drawn (${err.message}).`);
    }
  });
  return group;
}

/** The overlays /api/basemap/layers lists, each a Leaflet layer under its title. */
export function createOverlays({ L, map, layers, colours }) {
  const notice = createNotice({ L, map });
  return layers.map((layer) => ({
    layer,
    leaflet: layer.kind === 'vector'
      ? createVectorLayer({ L, layer, pane: 'vectorTiles', notice, colours })
      : createRasterLayer({ L, layer, pane: 'rasterTiles', notice }),
  }));
}
