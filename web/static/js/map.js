// The Leaflet map: panes in drawing order, our basemap (or OpenStreetMap
// tiles for users online), place labels, and view helpers that keep the
// target clear of the panels floating over the map.

import { createBasemapLayer } from './basemap.js';
import { createLabelManager, placeLabels } from './labels.js';
import { fetchBasemap } from './api.js';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

const PANES = [
  ['basemap', 200],
  ['countryLabels', 350],
  ['tracks', 420],
  ['placeLabels', 450],
];

export function createMap({ L, container, places, insets = () => ({ left: 0, right: 0, top: 0, bottom: 0 }), reserve }) {
  const map = L.map(container, {
    zoomControl: false, minZoom: 2, maxZoom: 12, zoomSnap: 0.25, zoomDelta: 0.5,
    worldCopyJump: true,
  });
  for (const [name, z] of PANES) map.createPane(name).style.zIndex = String(z);
  map.getPane('countryLabels').style.pointerEvents = 'none';
  map.getPane('placeLabels').style.pointerEvents = 'none';

  L.control.zoom({ position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomright', imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');

  const labels = createLabelManager(map, { reserve });
  const placeItems = placeLabels({ L, places, pane: 'placeLabels' });
  labels.set('places', placeItems);

  const basemap = createBasemapLayer({ L, fetchBasemap, labels });
  const osm = L.tileLayer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19, attribution: '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors',
  });
  basemap.addTo(map);
  L.control.layers(
    { 'Offline map': basemap, 'OpenStreetMap (online)': osm },
    null,
    { position: 'topright', collapsed: true },
  ).addTo(map);
  map.on('baselayerchange', (e) => container.classList.toggle('tiles-on', e.layer === osm));

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
