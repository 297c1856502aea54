// The selected and hovered events drawn above the GPU layer with the
// glyphs of the small-collection map (markers.js), so they stand out of a
// crowd of dots.

import { pointLayer, trackLayers } from '../markers.js';
import { SHAPES } from '../dom.js';

export function createHighlight({ L, map, onSelect }) {
  let selected = null; // { layers, bounds }
  let hovered = null;

  function clear(h) {
    for (const layer of h?.layers ?? []) layer.remove();
  }

  return {
    /** ev: a prepared event (events.js), or null. */
    select(ev) {
      clear(selected);
      selected = null;
      if (!ev) return;
      if (ev.kind === 'track') {
        const { line, full } = trackLayers(L, ev, onSelect);
        line.setLatLngs(full);
        line.addTo(map);
        line.getElement()?.classList.add('selected');
        selected = { layers: [line], bounds: L.latLngBounds(full) };
      } else {
        const { marker, el } = pointLayer(L, ev, onSelect);
        el.classList.add('selected', 'active');
        marker.setZIndexOffset(10000).addTo(map);
        selected = { layers: [marker], bounds: L.latLngBounds([marker.getLatLng()]) };
      }
    },
    /** h: { lat, lon, cls } of the event under the pointer, or null. */
    hover(h) {
      clear(hovered);
      hovered = null;
      if (!h) return;
      const el = document.createElement('div');
      el.className = `ev-glyph hover ${h.cls}`;
      el.innerHTML = `<svg class="ev-shape" viewBox="-10 -10 20 20" aria-hidden="true"><path d="${SHAPES.circle}"/></svg>`;
      const marker = L.marker([h.lat, h.lon], {
        icon: L.divIcon({ className: 'ev-marker', html: el, iconSize: [22, 22] }), interactive: false, keyboard: false,
      }).addTo(map);
      hovered = { layers: [marker] };
    },
    bounds: () => selected?.bounds ?? null,
  };
}
