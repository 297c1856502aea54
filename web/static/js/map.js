// The Leaflet map: panes in drawing order, our basemap with the layers the
// server offers over it (the user's vector or raster tiles, OpenStreetMap),
// place labels, and view helpers that keep the target clear of the panels
// floating over the map.

import { createBasemapLayer } from './basemap.js';
import { createLabelManager, placeLabels } from './labels.js';
import { fetchBasemap, fetchMapLayers } from './api.js';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

const PANES = [
  ['basemap', 200],
  ['vectorTiles', 250],
  ['rasterTiles', 260],
  ['countryLabels', 350],
  ['tracks', 420],
  ['placeLabels', 450],
];

/**
 * Adds the layers the server offers over our basemap, with a control to
 * switch them; shown are those the URL names (layers, null for the
 * defaults), and each change is told to onLayers with what the URL should
 * now say.
 */
async function addOverlays({ L, map, container, shown, onLayers, onDepth }) {
  let layers;
  let tiles;
  try {
    // tiles.js (and the vector style it imports) is loaded beside the list
    // of layers, not with the page, whose first frame needs neither.
    [{ layers }, tiles] = await Promise.all([fetchMapLayers(), import('./tiles.js')]);
  } catch {
    return; // Our own basemap still shows; there is nothing to switch.
  }
  const { createOverlays, escapeHTML, shownLayers, urlLayers, deepestZoom } = tiles;
  const style = getComputedStyle(container);
  const colours = { land: style.getPropertyValue('--land').trim(), sea: style.getPropertyValue('--sea').trim(), ink: style.getPropertyValue('--ink').trim() };
  const overlays = createOverlays({ L, map, layers, colours });
  const on = shownLayers(layers, shown);
  const control = {};
  for (const { layer, leaflet } of overlays) {
    control[escapeHTML(layer.title)] = leaflet;
    if (on.includes(layer.id)) leaflet.addTo(map);
  }
  L.control.layers(null, control, { position: 'topright', collapsed: true }).addTo(map);
  // Place labels get a backdrop over raster tiles, which draw their own names.
  const markTiles = () => container.classList.toggle('tiles-on', overlays.some((o) => o.layer.kind === 'raster' && map.hasLayer(o.leaflet)));
  const shownIds = () => overlays.filter((o) => map.hasLayer(o.leaflet)).map((o) => o.layer.id);
  markTiles();
  onDepth(deepestZoom(layers, shownIds()));
  map.on('overlayadd overlayremove', () => {
    markTiles();
    onDepth(deepestZoom(layers, shownIds()));
    onLayers(urlLayers(layers, shownIds()));
  });
}

// Leaflet draws its controls above the tooltip pane, so a tooltip by the
// zoom buttons would run under them (or off the map, or under a panel): it
// opens instead on the side of its event, or of the pointer on a track,
// that hides least of it, slid along that side into the clear if need be.
const SIDES = [
  { direction: 'top', offset: [0, -10] }, { direction: 'bottom', offset: [0, 10] },
  { direction: 'left', offset: [-10, 0] }, { direction: 'right', offset: [10, 0] },
];

function overlap(a, b) {
  return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
}

function keepTooltipsClear(map, insets) {
  const container = map.getContainer();
  const own = new WeakMap(); // each tooltip's own side, tried first
  let open = null;

  /** Puts tooltip on side; returns how much of it lies outside m (the clear map) or under a control. */
  function put(tooltip, { direction, offset }, m) {
    const el = tooltip.getElement();
    Object.assign(tooltip.options, { direction, offset });
    el.style.removeProperty('--slide');
    tooltip.update();
    let r = el.getBoundingClientRect();
    const across = /tooltip-(top|bottom)/.test(el.className);
    const [before, after, size] = across ? [m.left - r.left, m.right - r.right, r.width] : [m.top - r.top, m.bottom - r.bottom, r.height];
    // Its arrow, moved back by as much, stays on the tooltip and at the event.
    const room = Math.max(0, size / 2 - 12);
    const slide = Math.max(-room, Math.min(room, before > 0 ? before : Math.min(after, 0)));
    if (slide) {
      tooltip.options.offset = across ? [offset[0] + slide, offset[1]] : [offset[0], offset[1] + slide];
      el.style.setProperty('--slide', `${-slide}px`);
      tooltip.update();
      r = el.getBoundingClientRect();
    }
    let hidden = overlap(r, r) - overlap(r, m);
    for (const c of container.querySelectorAll('.leaflet-control')) hidden += overlap(r, c.getBoundingClientRect());
    return hidden;
  }

  function place(tooltip) {
    if (!own.has(tooltip)) own.set(tooltip, { direction: tooltip.options.direction, offset: tooltip.options.offset });
    const first = own.get(tooltip);
    const c = container.getBoundingClientRect();
    const i = insets();
    const m = { left: c.left + i.left, top: c.top + i.top, right: c.right - i.right, bottom: c.bottom - i.bottom };
    let best = null;
    for (const side of [first, ...SIDES.filter((s) => s.direction !== first.direction)]) {
      const hidden = put(tooltip, side, m);
      if (hidden < 1) return; // px², clear but for rounding
      if (!best || hidden < best.hidden) best = { side, hidden };
    }
    put(tooltip, best.side, m);
  }

  map.on('tooltipopen', (e) => {
    open = e.tooltip;
    place(open);
  });
  map.on('tooltipclose', (e) => {
    if (open === e.tooltip) open = null;
  });
  // A track's tooltip follows the pointer; others move with the map.
  map.on('mousemove', () => {
    if (open?.options.sticky) place(open);
  });
  map.on('zoomend moveend', () => {
    if (open) place(open);
  });
}

/** Gives a Leaflet map our panes, in drawing order; the inset map shares them. */
export function addPanes(map) {
  for (const [name, z] of PANES) map.createPane(name).style.zIndex = String(z);
  map.getPane('countryLabels').style.pointerEvents = 'none';
  map.getPane('placeLabels').style.pointerEvents = 'none';
}

export function createMap({
  L, container, places, insets = () => ({ left: 0, right: 0, top: 0, bottom: 0 }), reserve, layers = null, onLayers = () => {},
}) {
  const map = L.map(container, {
    zoomControl: false, minZoom: 2, maxZoom: 12, zoomSnap: 0.25, zoomDelta: 0.5,
    worldCopyJump: true,
  });
  addPanes(map);

  L.control.zoom({ position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomright', imperial: false }).addTo(map);
  keepTooltipsClear(map, insets);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');

  const labels = createLabelManager(map, { reserve });
  const placeItems = placeLabels({ L, places, pane: 'placeLabels' });
  labels.set('places', placeItems);

  const basemap = createBasemapLayer({ L, fetchBasemap, labels });
  basemap.addTo(map);
  // The zoom the page opened at (a link's, the dataset's), which may lie
  // deeper than the map allows until the layers that allow it arrive.
  let asked = null;
  addOverlays({
    L, map, container, shown: layers, onLayers,
    onDepth(zoom) {
      const was = map.getMaxZoom();
      map.setMaxZoom(zoom);
      if (asked !== null && asked > map.getZoom() && map.getZoom() >= was) map.setZoom(Math.min(asked, zoom), { animate: false });
      asked = null;
    },
  });

  function padding() {
    const i = insets();
    return { paddingTopLeft: [i.left + 24, i.top + 24], paddingBottomRight: [i.right + 24, i.bottom + 24] };
  }

  /** Whether bounds lie well inside the part of the map not covered by panels. */
  function inClearView(bounds, margin = 32) {
    const i = insets();
    const size = map.getSize();
    const a = map.latLngToContainerPoint(bounds.getNorthWest());
    const b = map.latLngToContainerPoint(bounds.getSouthEast());
    return a.x >= i.left + margin && a.y >= i.top + margin
      && b.x <= size.x - i.right - margin && b.y <= size.y - i.bottom - margin;
  }

  return {
    map,
    labels,
    basemap,
    /** Opens the map at lat, lng and zoom, as deep as the layers allow once they arrive. */
    open(lat, lng, zoom) {
      map.setView([lat, lng], zoom, { animate: false });
      asked = zoom;
    },
    fitRegion(bounds) {
      map.fitBounds(bounds, { ...padding(), animate: false });
    },
    /** Places where nothing has happened yet (or nothing shown) are labelled quietly. */
    setActivePlaces(isShown) {
      for (const item of placeItems) {
        item.el.classList.toggle('dormant', item.ids.length > 0 && !item.ids.some(isShown));
      }
      labels.schedule(); // places with events shown are labelled first
    },
    /** Brings bounds into the clear view: a short pan if near, a flight if far (unless far is false). */
    reveal(bounds, { far: flyFar = true } = {}) {
      if (inClearView(bounds)) return;
      const far = map.getCenter().distanceTo(bounds.getCenter()) > 2e6;
      if (far && !flyFar) return;
      const current = map.getZoom();
      const maxZoom = far ? Math.min(Math.max(current, 4), 5) : current;
      if (reducedMotion.matches) map.fitBounds(bounds, { ...padding(), maxZoom, animate: false });
      else map.flyToBounds(bounds, { ...padding(), maxZoom, duration: far ? 1.2 : 0.5 });
    },
  };
}
