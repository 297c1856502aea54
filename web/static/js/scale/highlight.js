// The selected and hovered events drawn above the GPU layer with the
// glyphs of the small-collection map (markers.js), so they stand out of a
// crowd of dots; the hovered one gets its tooltip once its details arrive.

import { pointLayer, trackLayers, tooltipContent } from '../markers.js';
import { SHAPES } from '../dom.js';

/** details(id): a Promise of the prepared event, for the hover tooltip. */
export function createHighlight({ L, map, onSelect, details }) {
  let selected = null; // { id, layers, bounds }
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
        selected = { id: ev.id, layers: [line], bounds: L.latLngBounds(full) };
      } else {
        const { marker, el } = pointLayer(L, ev, onSelect);
        el.classList.add('selected', 'active');
        marker.setZIndexOffset(10000).addTo(map);
        selected = { id: ev.id, layers: [marker], bounds: L.latLngBounds([marker.getLatLng()]) };
      }
    },
    /** h: { id, lat, lon, cls } of the event under the pointer (for a movement, where along it), or null. */
    hover(h) {
      if (h && hovered?.id === h.id) {
        // Along a movement, the ring and its tooltip follow the pointer.
        hovered.layers[0].setLatLng([h.lat, h.lon]);
        return;
      }
      clear(hovered);
      hovered = null;
      // The selected event's glyph has a tooltip of its own.
      if (!h || h.id === selected?.id) return;
      const el = document.createElement('div');
      el.className = `ev-glyph hover ${h.cls}`;
      el.innerHTML = `<svg class="ev-shape" viewBox="-10 -10 20 20" aria-hidden="true"><path d="${SHAPES.circle}"/></svg>`;
      const marker = L.marker([h.lat, h.lon], {
        icon: L.divIcon({ className: 'ev-marker', html: el, iconSize: [22, 22] }), interactive: false, keyboard: false,
      }).addTo(map);
      const mine = { id: h.id, layers: [marker] };
      hovered = mine;
      // Only a pointer that rests asks the server for the title.
      setTimeout(() => {
        if (hovered !== mine) return;
        details(h.id).then((ev) => {
          if (hovered !== mine) return;
          marker.bindTooltip(tooltipContent(ev), { direction: 'top', offset: [0, -10], className: 'ev-tooltip' }).openTooltip();
        }, () => {});
      }, 200);
    },
    bounds: () => selected?.bounds ?? null,
  };
}
