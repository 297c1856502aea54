// Map labels that never overlap: place names from the events and country
// names from the basemap, placed greedily in priority order after every
// zoom or pan, so the busiest places win at low zoom and more appear as
// the user zooms in.

/** Boxes {x, y, w, h} in priority order → indexes of those that fit. */
export function declutter(boxes, { margin = 4 } = {}) {
  const placed = [];
  const keep = [];
  boxes.forEach((b, i) => {
    if (!b) return;
    const hit = placed.some((p) => b.x < p.x + p.w + margin && p.x < b.x + b.w + margin
      && b.y < p.y + p.h + margin && p.y < b.y + b.h + margin);
    if (!hit) {
      placed.push(b);
      keep.push(i);
    }
  });
  return keep;
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
 * { marker, el, minZoom }; earlier groups win. reserve() may return boxes
 * that labels must avoid.
 */
export function createLabelManager(map, { reserve = () => [] } = {}) {
  const groups = new Map();
  let frame = null;

  function run() {
    frame = null;
    const zoom = map.getZoom();
    const size = map.getSize();
    const items = [];
    const boxes = [];
    for (const b of reserve()) boxes.push(b);
    const fixed = boxes.length;
    for (const group of groups.values()) {
      for (const item of group) {
        items.push(item);
        if (zoom < (item.minZoom ?? 0) || !map.hasLayer(item.marker)) {
          boxes.push(null);
          continue;
        }
        const r = item.el.getBoundingClientRect();
        const origin = map.getContainer().getBoundingClientRect();
        const box = { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
        const onScreen = box.x + box.w > 0 && box.y + box.h > 0 && box.x < size.x && box.y < size.y;
        boxes.push(onScreen ? box : null);
      }
    }
    const keep = new Set(declutter(boxes));
    items.forEach((item, i) => {
      item.el.parentElement?.classList.toggle('label-hidden', !keep.has(i + fixed));
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
