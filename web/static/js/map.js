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
