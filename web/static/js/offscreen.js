// Pointers at the map's edge to fresh events outside the view (a vote in
// Washington while the map shows Iraq): a chip in the event's colour with
// an arrow and the name of the place it points at (a movement's end);
// pressing it brings the event into view. Chips keep clear of the map's
// controls in its right-hand corners.

import { h } from './dom.js';

const MAX_CHIPS = 3;
const INSET = 8;

/**
 * Where the ray from the centre of rect towards p meets rect's border, as
 * { side, x, y, angle }: chips sit just inside that side.
 */
export function edgePoint(rect, p) {
  const cx = (rect.left + rect.right) / 2;
  const cy = (rect.top + rect.bottom) / 2;
  const dx = p.x - cx;
  const dy = p.y - cy;
  const hw = Math.max(1, (rect.right - rect.left) / 2);
  const hh = Math.max(1, (rect.bottom - rect.top) / 2);
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (Math.abs(dx) * hh >= Math.abs(dy) * hw) {
    const y = cy + (dy * hw) / Math.abs(dx);
    return { side: dx < 0 ? 'left' : 'right', x: dx < 0 ? rect.left + INSET : rect.right - INSET, y, angle };
  }
  const x = cx + (dx * hh) / Math.abs(dy);
  return { side: dy < 0 ? 'top' : 'bottom', x, y: dy < 0 ? rect.top + INSET : rect.bottom - INSET, angle };
}

/** The name on a chip: where the event is seen, the end of a movement. */
export const chipName = (ev) => (ev.kind === 'track' ? ev.endLabel : ev.placeLabel);

/**
 * Moves chips on the same side apart so they do not overlap, and keeps them
 * inside rect and out of the corners taken by controls: corners.topRight
 * and corners.bottomRight, each { w, h } in px.
 */
export function spread(chips, rect, corners = {}) {
  const tr = corners.topRight ?? { w: 0, h: 0 };
  const br = corners.bottomRight ?? { w: 0, h: 0 };
  for (const side of ['left', 'right', 'top', 'bottom']) {
    const vertical = side === 'left' || side === 'right';
    const key = vertical ? 'y' : 'x';
    const gap = vertical ? 30 : 150;
    let lo = (vertical ? rect.top : rect.left) + gap / 2;
    let hi = (vertical ? rect.bottom : rect.right) - gap / 2;
    if (side === 'right') {
      lo = Math.max(lo, rect.top + tr.h + gap / 2);
      hi = Math.min(hi, rect.bottom - br.h - gap / 2);
    } else if (side === 'top') {
      hi = Math.min(hi, rect.right - tr.w - gap / 2);
    } else if (side === 'bottom') {
      hi = Math.min(hi, rect.right - br.w - gap / 2);
    }
    const group = chips.filter((c) => c.at.side === side).sort((a, b) => a.at[key] - b.at[key]);
    let prev = -Infinity;
    for (const c of group) {
      c.at[key] = Math.min(hi, Math.max(lo, c.at[key], prev + gap));
      prev = c.at[key];
    }
  }
  return chips;
}

/** The size of the controls in a corner of the map, from their boxes. */
function cornerSize(container, corner) {
  const box = container.querySelector(`.leaflet-control-container .${corner}`);
  if (!box) return { w: 0, h: 0 };
  const c = container.getBoundingClientRect();
  let w = 0;
  let h = 0;
  for (const el of box.children) {
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    w = Math.max(w, c.right - r.left);
    h = Math.max(h, corner.includes('top') ? r.bottom - c.top : c.bottom - r.top);
  }
  return { w: w + 4, h: h + 4 };
}

export function createOffscreen({ map, insets, onReveal }) {
  const layer = h('div', { class: 'offscreen' });
  map.getContainer().append(layer);
  let shown = '';
  let last = [];

  function render(candidates) {
    last = candidates;
    const i = insets();
    const size = map.getSize();
    const rect = { left: i.left, top: i.top, right: size.x - i.right, bottom: size.y - i.bottom };
    const out = [];
    const seen = new Set();
    for (const c of candidates) {
      const p = map.latLngToContainerPoint(c.latlng);
      if (p.x >= rect.left && p.x <= rect.right && p.y >= rect.top && p.y <= rect.bottom) continue;
      if (seen.has(chipName(c.ev))) continue;
      seen.add(chipName(c.ev));
      out.push({ ev: c.ev, at: edgePoint(rect, p) });
      if (out.length === MAX_CHIPS) break;
    }
    // Right-hand controls sit inside the panel's inset when it is open.
    const container = map.getContainer();
    const shift = (s) => ({ w: Math.max(0, s.w - i.right), h: s.h });
    spread(out, rect, {
      topRight: shift(cornerSize(container, 'leaflet-top.leaflet-right')),
      bottomRight: shift(cornerSize(container, 'leaflet-bottom.leaflet-right')),
    });
    const key = out.map((o) => `${o.ev.id}@${Math.round(o.at.x)},${Math.round(o.at.y)}`).join('|');
    if (key === shown) return;
    shown = key;
    layer.replaceChildren(...out.map(({ ev, at }) => {
      const arrow = h('span', { class: 'offscreen-arrow', 'aria-hidden': 'true' }, '➜');
      arrow.style.transform = `rotate(${at.angle.toFixed(0)}deg)`;
      const chip = h('button', {
        type: 'button', class: `offscreen-chip side-${at.side} ${ev.cls}`, title: ev.title,
        'aria-label': `Off the map: ${ev.title}, ${chipName(ev)}. Show it.`,
      }, arrow, h('span', { class: 'offscreen-name' }, chipName(ev)));
      chip.style.left = `${at.x.toFixed(0)}px`;
      chip.style.top = `${at.y.toFixed(0)}px`;
      chip.addEventListener('click', () => onReveal(ev));
      return chip;
    }));
  }

  map.on('move zoom resize', () => render(last));
  return { update: render };
}
