// Map labels that never overlap: place names from the events and country
// names from the basemap, placed greedily in priority order after every
// zoom or pan. A place name may sit right, left, above or below its point,
// whichever is free first, and is never cut short; places with events shown
// win over quiet ones, the busiest first, and more appear as the user zooms in.

const GAP = 14; // px from a place's point to its name

/**
 * Where a label of size w × h may go around its anchor point {x, y}:
 * candidate boxes in order of preference. side: a place's four positions;
 * otherwise centred on the point.
 */
export function candidates({ x, y }, w, h, side) {
  if (!side) return [{ x: x - w / 2, y: y - h / 2, w, h, pos: 'centre' }];
  return [
    { x: x + GAP, y: y - h / 2, w, h, pos: 'right' },
    { x: x - GAP - w, y: y - h / 2, w, h, pos: 'left' },
    { x: x - w / 2, y: y - GAP - h, w, h, pos: 'top' },
    { x: x - w / 2, y: y + GAP, w, h, pos: 'bottom' },
  ];
}

const overlaps = (a, b, margin) => a.x < b.x + b.w + margin && b.x < a.x + a.w + margin
  && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;

/**
 * Labels in priority order, each an array of candidate boxes (or null, not
 * shown): the first candidate of each that overlaps nothing placed or
 * reserved and lies inside bounds {w, h}. Returns the chosen box per
 * label, or null.
 */
export function arrange(labels, { reserved = [], bounds = null, margin = 4 } = {}) {
  const placed = [...reserved];
  return labels.map((cands) => {
    const inside = (b) => !bounds || (b.x >= 0 && b.y >= 0 && b.x + b.w <= bounds.w && b.y + b.h <= bounds.h);
    const box = cands?.find((b) => inside(b) && !placed.some((p) => overlaps(b, p, margin))) ?? null;
    if (box) placed.push(box);
    return box;
  });
}

function labelMarker({ L, latlng, text, className, pane, title }) {
  const el = document.createElement('span');
  el.className = 'label-text';
  el.textContent = text;
  if (title && title !== text) el.title = title;
  const icon = L.divIcon({ className, html: el, iconSize: null });
  const marker = L.marker(latlng, { icon, pane, interactive: false, keyboard: false });
  return { marker, el };
}

/**
 * Shows groups of labels on a map, decluttered. Each group is an array of
 * { marker, el, minZoom, side }; earlier groups win. reserve() may return
 * boxes that labels must avoid.
 */
export function createLabelManager(map, { reserve = () => [] } = {}) {
  const groups = new Map();
  let frame = null;

  // The map's own controls (zoom, layers, scale, attribution) are reserved too.
  function controlBoxes(origin) {
    return [...map.getContainer().querySelectorAll('.leaflet-control')].map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
    }).filter((b) => b.w > 0);
  }

  function run() {
    frame = null;
    const zoom = map.getZoom();
    const size = map.getSize();
    const origin = map.getContainer().getBoundingClientRect();
    const items = [];
    for (const group of groups.values()) {
      // Within a group, labels of places with something shown come first.
      const lively = group.filter((item) => !item.el.classList.contains('dormant'));
      const quiet = group.filter((item) => item.el.classList.contains('dormant'));
      items.push(...lively, ...quiet);
    }
    const labels = items.map((item) => {
      if (zoom < (item.minZoom ?? 0) || !map.hasLayer(item.marker)) return null;
      const at = map.latLngToContainerPoint(item.marker.getLatLng());
      return candidates(at, item.el.offsetWidth, item.el.offsetHeight, item.side);
    });
    const chosen = arrange(labels, { reserved: [...reserve(), ...controlBoxes(origin)], bounds: { w: size.x, h: size.y } });
    items.forEach((item, i) => {
      const icon = item.el.parentElement;
      if (!icon) return;
      icon.classList.toggle('label-hidden', !chosen[i]);
      if (item.side && chosen[i]) icon.dataset.pos = chosen[i].pos;
    });
  }

  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(run);
  };
  map.on('zoomend moveend resize', schedule);

  return {
    /** Replaces a group's labels on the map; groups keep their first-set priority. */
    set(name, items) {
      for (const old of groups.get(name) ?? []) old.marker.remove();
      for (const item of items) item.marker.addTo(map);
      groups.set(name, items);
      schedule();
    },
    schedule,
  };
}

/** Place labels for the events' locations, busiest first. */
export function placeLabels({ L, places, pane }) {
  return places.map((p) => ({
    ...labelMarker({ L, latlng: [p.lonlat[1], p.lonlat[0]], text: p.name, className: 'place-label', pane }),
    minZoom: p.count > 2 ? 4 : 5,
    side: true,
    ids: p.ids,
  }));
}

/** Country labels from basemap label points. */
export function countryLabels({ L, points, pane }) {
  return points.map((f) => ({
    ...labelMarker({
      L, latlng: [f.geometry.coordinates[1], f.geometry.coordinates[0]], text: f.properties.name, className: 'country-label', pane,
    }),
    minZoom: 0,
  }));
}
