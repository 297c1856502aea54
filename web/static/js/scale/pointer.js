// The pointer on a map drawn on the GPU: the nearest shown event within a
// few pixels is found on a grid built once on the columns, for a click
// (its panel) and for hovering (a glyph above it, a pointer cursor).

import { buildGrid, pickNear } from './pick.js';

/** accept(row): whether the row is drawn now; onPick(row) on click; onHover(row or -1, [lon, lat] of the point under the pointer). */
export function createPointer({ map, cols, accept, onPick, onHover, tolerancePx = 8 }) {
  const grid = buildGrid(cols);
  function pickAt(latlng, at = null) {
    const deg = (360 / (256 * 2 ** map.getZoom())) * tolerancePx;
    return pickNear(grid, {
      lon: latlng.lng, lat: latlng.lat, rx: deg, ry: deg * Math.cos((latlng.lat * Math.PI) / 180), accept, at,
    });
  }
  map.on('click', (e) => {
    const r = pickAt(e.latlng);
    if (r >= 0) onPick(r);
  });
  let frame = null;
  const at = [0, 0];
  const hover = (r) => {
    map.getContainer().classList.toggle('gpu-hover', r >= 0);
    onHover(r, at);
  };
  map.on('mousemove', (e) => {
    if (frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      hover(pickAt(e.latlng, at));
    });
  });
  // A pointer that leaves the map in one move (onto the time bar, say)
  // leaves no move on it to clear the hover by.
  map.on('mouseout', () => {
    cancelAnimationFrame(frame);
    frame = null;
    hover(-1);
  });
}
