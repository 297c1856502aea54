// The events on the map: one marker per point event, and for movements a
// track drawn as far as the moving head. Layers are built once; at each
// time step only what changed is touched (added, removed, re-styled). The
// glyphs also mark the selected and hovered events above the GPU layer.

import { stateAt, headAt, travelledLatLngs } from './visibility.js';
import { headingAt } from './track.js';
import { formatTime } from './format.js';
import { SHAPES } from './dom.js';
import { clusterPoints, fanOut } from './spiderfy.js';

// Markers closer than this (px) stack: the top one shows their count.
const STACK_PX = 16;

// Heads point east (0°) and are rotated to the track's heading.
const HEADS = {
  plane: 'M9,0L3,-1.2L-1,-8H-3L-1,-1.2H-6L-8,-4H-9.2L-8,0L-9.2,4H-8L-6,1.2H-1L-3,8H-1L3,1.2Z',
  arrow: 'M9,0L-6,-5.5L-3,0L-6,5.5Z',
};

function svg(path, className) {
  return `<svg class="${className}" viewBox="-10 -10 20 20" aria-hidden="true" focusable="false"><path d="${path}"/></svg>`;
}

export function tooltipContent(ev) {
  const el = document.createElement('span');
  const title = document.createElement('strong');
  title.textContent = ev.title;
  const when = document.createElement('span');
  when.className = 'tt-when';
  when.textContent = `${formatTime(ev.start, { offset: ev.startOffset, precision: ev.precision })} · ${ev.placeLabel}`;
  el.append(title, when);
  return el;
}

export function pointLayer(L, ev, onSelect) {
  const el = document.createElement('div');
  el.className = `ev-glyph ${ev.cls} shape-${ev.shape} loc-${ev.locPrecision}`;
  el.dataset.eventId = ev.id;
  el.innerHTML = `<span class="ev-ring"></span>${svg(SHAPES[ev.shape] ?? SHAPES.circle, 'ev-shape')}<span class="ev-count" hidden></span>`;
  const icon = L.divIcon({ className: 'ev-marker', html: el, iconSize: [22, 22] });
  const marker = L.marker([ev.lonlat[1], ev.lonlat[0]], { icon, keyboard: false, riseOnHover: true, zIndexOffset: ev.index });
  marker.bindTooltip(tooltipContent(ev), { direction: 'top', offset: [0, -10], className: 'ev-tooltip' });
  marker.on('click', () => onSelect(ev));
  return { marker, el };
}

export function trackLayers(L, ev, onSelect) {
  const line = L.polyline([], {
    className: `ev-track ${ev.cls} loc-${ev.locPrecision}`, weight: 3, opacity: 1, lineCap: 'round', interactive: true, pane: 'tracks',
  });
  line.bindTooltip(tooltipContent(ev), { sticky: true, className: 'ev-tooltip' });
  line.on('click', () => onSelect(ev));
  const el = document.createElement('div');
  el.className = `ev-head-glyph ${ev.cls}`;
  el.dataset.eventId = ev.id;
  el.innerHTML = svg(ev.category === 'aviation' ? HEADS.plane : HEADS.arrow, 'ev-head-shape');
  const [lon, lat] = ev.track.coords[0];
  const head = L.marker([lat, lon], {
    icon: L.divIcon({ className: 'ev-head', html: el, iconSize: [24, 24] }), keyboard: false, interactive: false, zIndexOffset: 5000,
  });
  const full = ev.track.coords.map(([x, y]) => [y, x]);
  return { line, head, el, full };
}

export function createMarkers({ L, map, events, onSelect }) {
  const recs = new Map();
  // A click on a stack fans it out; on a fanned-out or lone marker, selects.
  const onClick = (ev) => {
    const rec = recs.get(ev.id);
    if (!fanned.includes(rec) && (stackOf.get(rec)?.length ?? 1) > 1) fan(stackOf.get(rec));
    else onSelect(ev);
  };
  for (const ev of events) {
    const rec = { ev, shown: false, opacity: -1, active: false, drawn: null, key: false };
    Object.assign(rec, ev.kind === 'track' ? trackLayers(L, ev, onSelect) : pointLayer(L, ev, onClick));
    if (rec.line) {
      // Leaflet makes a new <path> each time a line is added: tag it again.
      rec.line.on('add', () => {
        const path = rec.line.getElement();
        path.dataset.eventId = ev.id;
        path.classList.toggle('selected', rec.el.classList.contains('selected'));
        path.classList.toggle('past', !rec.active);
        path.classList.toggle('key', rec.key);
      });
    }
    recs.set(ev.id, rec);
  }

  let stackOf = new Map(); // rec → the shown point recs stacked with it
  let fanned = []; // the recs fanned out now
  let legs = [];

  /** Recounts the stacks of shown point markers at this zoom; the latest on top carries the count. */
  function restack() {
    const shown = [...recs.values()].filter((r) => r.shown && r.marker);
    const pts = shown.map((r) => map.latLngToLayerPoint(r.home ?? r.marker.getLatLng()));
    stackOf = new Map();
    for (const group of clusterPoints(pts, STACK_PX)) {
      const stack = group.map((i) => shown[i]);
      const top = stack.reduce((a, b) => (b.ev.index > a.ev.index ? b : a));
      for (const r of stack) {
        stackOf.set(r, stack);
        const count = r.el.querySelector('.ev-count');
        count.hidden = r !== top || stack.length < 2;
        count.textContent = String(stack.length);
        r.el.classList.toggle('stacked', stack.length > 1);
      }
    }
  }

  function fan(stack) {
    collapse();
    const centre = map.latLngToLayerPoint(stack[0].marker.getLatLng());
    const offsets = fanOut(stack.length);
    // In time order round the circle, the first at the top.
    [...stack].sort((a, b) => a.ev.index - b.ev.index).forEach((r, i) => {
      r.home = r.marker.getLatLng();
      const at = map.layerPointToLatLng([centre.x + offsets[i].x, centre.y + offsets[i].y]);
      legs.push(L.polyline([r.home, at], { className: 'spider-leg', interactive: false, pane: 'tracks', weight: 1.5 }).addTo(map));
      r.marker.setLatLng(at);
      r.el.classList.add('fanned');
    });
    fanned = stack;
  }

  function collapse() {
    for (const r of fanned) {
      r.marker.setLatLng(r.home);
      r.home = null;
      r.el.classList.remove('fanned');
    }
    for (const leg of legs) leg.remove();
    fanned = [];
    legs = [];
  }
  map.on('zoomstart click', collapse);
  map.on('zoomend', restack);

  function pulse(el) {
    el.classList.remove('pulse');
    void el.offsetWidth; // restart the CSS animation
    el.classList.add('pulse');
  }
  map.getPane('markerPane').addEventListener('animationend', (e) => {
    if (e.animationName === 'ev-pulse') e.target.closest('.ev-glyph')?.classList.remove('pulse');
  });

  function setOpacity(rec, o) {
    if (Math.abs(o - rec.opacity) < 0.01) return;
    rec.opacity = o;
    if (rec.marker) rec.marker.setOpacity(o);
    else rec.line.setStyle({ opacity: o });
  }

  function showTrack(rec, t) {
    const h = headAt(rec.ev, t);
    if (rec.active) {
      rec.line.setLatLngs(travelledLatLngs(rec.ev, h));
      rec.drawn = 'part';
      rec.head.setLatLng([h.lat, h.lon]);
      if (!map.hasLayer(rec.head)) rec.head.addTo(map);
      rec.el.firstChild.style.transform = `rotate(${headingAt(rec.ev.track, h.index)}deg)`;
    } else {
      if (rec.drawn !== 'full') rec.line.setLatLngs(rec.full);
      rec.drawn = 'full';
      if (map.hasLayer(rec.head)) rec.head.remove();
    }
  }

  /**
   * Shows the state at t. shown: ids passing the filters; pulse: whether
   * newly appearing events should pulse (not on load or filter changes).
   * Returns whether any event appeared or disappeared.
   */
  function update(t, { fadeMs, shown, pulse: animate = false }) {
    let changed = false;
    for (const rec of recs.values()) {
      const st = stateAt(rec.ev, t, { fadeMs });
      const show = st.visible && shown.has(rec.ev.id);
      if (show !== rec.shown) {
        changed = true;
        rec.shown = show;
        const layer = rec.marker ?? rec.line;
        if (show) {
          layer.addTo(map);
          if (animate && rec.marker) pulse(rec.el);
        } else {
          layer.remove();
          rec.head?.remove();
          rec.opacity = -1;
        }
      }
      if (!show) continue;
      if (st.active !== rec.active) {
        rec.active = st.active;
        rec.el.classList.toggle('active', st.active);
        rec.line?.getElement()?.classList.toggle('past', !st.active);
      }
      setOpacity(rec, st.opacity);
      if (rec.line) showTrack(rec, t);
    }
    if (changed) {
      collapse();
      restack();
    }
    return changed;
  }

  let selected = null;
  function select(id) {
    if (selected) {
      selected.el.classList.remove('selected');
      selected.line?.getElement()?.classList.remove('selected');
      selected.marker?.setZIndexOffset(selected.ev.index);
    }
    selected = recs.get(id) ?? null;
    if (!selected) return;
    // A tap opens a tooltip that would stay over the details it opened.
    selected.marker?.closeTooltip();
    selected.line?.closeTooltip();
    selected.el.classList.add('selected');
    selected.marker?.setZIndexOffset(10000);
    const path = selected.line?.getElement();
    if (path) {
      path.classList.add('selected');
      selected.line.bringToFront();
    }
  }

  function highlight(id, on) {
    const rec = recs.get(id);
    if (!rec) return;
    rec.el.classList.toggle('hover', on);
    rec.line?.getElement()?.classList.toggle('hover', on);
  }

  /** Marks the events a story chapter is about. */
  function setKeys(ids) {
    for (const rec of recs.values()) {
      rec.key = ids.has(rec.ev.id);
      rec.el.classList.toggle('key', rec.key);
      rec.line?.getElement()?.classList.toggle('key', rec.key);
    }
  }

  /** Screen boxes of the shown point markers, for label decluttering. */
  function boxes() {
    const out = [];
    for (const rec of recs.values()) {
      if (!rec.shown || !rec.marker) continue;
      const p = map.latLngToContainerPoint(rec.marker.getLatLng());
      // A stack's count sticks out at the top right.
      const counted = !rec.el.querySelector('.ev-count').hidden;
      out.push(counted ? { x: p.x - 9, y: p.y - 19, w: 41, h: 28 } : { x: p.x - 9, y: p.y - 9, w: 18, h: 18 });
    }
    return out;
  }

  function boundsOf(ev) {
    const rec = recs.get(ev.id);
    return rec.line ? L.latLngBounds(rec.full) : L.latLngBounds([rec.marker.getLatLng()]);
  }

  const isShown = (id) => recs.get(id)?.shown ?? false;

  /** Shown events at least minOpacity bright, latest first, with where they are. */
  function fresh(minOpacity) {
    const out = [];
    for (const rec of recs.values()) {
      if (!rec.shown || rec.opacity < minOpacity) continue;
      out.push({ ev: rec.ev, latlng: rec.marker ? rec.marker.getLatLng() : rec.full[rec.full.length - 1] });
    }
    return out.reverse();
  }

  return { update, select, highlight, setKeys, boxes, boundsOf, isShown, fresh };
}
