// The close-up inset: a second Leaflet map over a corner of the main one
// that shows a small movement (inset.js picks which, and the zoom) so that
// it spans the inset, head moving, with our own basemap, place labels and
// the same markers as the main map. It never moves the main map.

import { addPanes } from './map.js';
import { createBasemapLayer } from './basemap.js';
import { createLabelManager, placeLabels } from './labels.js';
import { createMarkers } from './markers.js';
import { fetchBasemap } from './api.js';
import { pickMovement, screenSpan, insetZoom, clearArea, placeInset } from './inset.js';

const $ = (id) => document.getElementById(id);

/**
 * state() gives what the main map shows: { t, playing, selected (event or
 * null), shown (ids passing the filters), fadeMs }; avoid() the elements
 * (a caption) the inset should keep clear of; insets() the panels' insets.
 */
export function createMagnifier({ L, map, events, places, insets, state, avoid = () => [], onSelect }) {
  const root = $('inset');
  const name = $('inset-name');
  const mapEl = $('inset-map');
  let inset = null; // { map, markers }, built when first shown
  let shownKey = '';
  let currentId = null;
  let dismissed = null; // the movement whose close-up was closed

  function build(center, zoom) {
    const m = L.map(mapEl, {
      zoomControl: false, attributionControl: false, keyboard: false, dragging: false, touchZoom: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, zoomSnap: 0.25,
      zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false,
    });
    m.setView(center, zoom, { animate: false });
    addPanes(m);
    L.control.scale({ position: 'bottomleft', imperial: false, maxWidth: 80 }).addTo(m);
    const markers = createMarkers({ L, map: m, events, onSelect });
    const labels = createLabelManager(m, { reserve: () => markers.boxes() });
    labels.set('places', placeLabels({ L, places, pane: 'placeLabels' }));
    createBasemapLayer({ L, fetchBasemap, labels }).addTo(m);
    return { map: m, markers };
  }

  const latLngs = (ev) => ev.track.coords.map(([x, y]) => L.latLng(y, x));
  const onScreen = (ev) => latLngs(ev).map((ll) => map.latLngToContainerPoint(ll));

  function hide() {
    if (root.contains(document.activeElement)) map.getContainer().focus();
    root.hidden = true;
    currentId = null;
  }

  /** Where the inset goes, clear of the movement's points on the main map, or null if nowhere is. */
  function place(points) {
    const boxes = avoid().filter((el) => el.getClientRects().length).map((el) => {
      const r = el.getBoundingClientRect();
      const m = map.getContainer().getBoundingClientRect();
      return { x: r.left - m.left, y: r.top - m.top, w: r.width, h: r.height };
    });
    const area = clearArea(map.getSize(), insets());
    return placeInset({ area, size: { w: root.offsetWidth, h: root.offsetHeight }, points, boxes });
  }

  /** Shows, moves or hides the inset for the main map's state now. */
  function refresh() {
    const s = state();
    const ev = pickMovement(events, {
      t: s.t, playing: s.playing, selected: s.selected, shown: (id) => s.shown.has(id), spanOf: (e) => screenSpan(onScreen(e)),
    });
    if (!ev) dismissed = null;
    if (!ev || ev.id === dismissed) {
      hide();
      return;
    }
    if (ev.id !== currentId) name.textContent = ev.title;
    root.hidden = false;
    const points = onScreen(ev);
    const box = place(points);
    if (!box) {
      hide();
      return;
    }
    currentId = ev.id;
    const m = map.getContainer().getBoundingClientRect();
    const o = root.offsetParent.getBoundingClientRect();
    root.style.left = `${m.left - o.left + box.x}px`;
    root.style.top = `${m.top - o.top + box.y}px`;

    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const span = { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    const size = { w: mapEl.clientWidth, h: mapEl.clientHeight };
    const zoom = insetZoom({ span, zoom: map.getZoom(), size, maxZoom: map.getMaxZoom() });
    const center = L.latLngBounds(latLngs(ev)).getCenter();
    const key = `${ev.id}|${zoom}|${size.w}x${size.h}`;
    if (!inset) {
      inset = build(center, zoom);
    } else if (key !== shownKey) {
      inset.map.invalidateSize({ animate: false });
      inset.map.setView(center, zoom, { animate: false });
    }
    inset.markers.update(s.t, { fadeMs: s.fadeMs, shown: s.shown });
    if (key !== shownKey) inset.markers.select(ev.id);
    shownKey = key;
  }

  $('inset-close').addEventListener('click', () => {
    dismissed = currentId;
    hide();
  });
  map.on('zoomend moveend resize', refresh);

  return { refresh };
}
