// Which event is under the pointer: a grid over lon/lat built once on the
// columns (counting sort, no per-event objects), searched around a point.
// Movements are found along their vertices.

/** The grid: each entry a row (places, then movement vertices), bucketed by cell. */
export function buildGrid(cols) {
  const { n, lon, lat, tracks } = cols;
  const total = n + (tracks.rows.length ? tracks.first[tracks.rows.length - 1] + tracks.count[tracks.rows.length - 1] : 0);
  const ex = new Float32Array(total);
  const ey = new Float32Array(total);
  const erow = new Uint32Array(total);
  for (let r = 0; r < n; r++) { ex[r] = lon[r]; ey[r] = lat[r]; erow[r] = r; }
  let k = n;
  tracks.rows.forEach((r, i) => {
    for (let v = tracks.first[i]; v < tracks.first[i] + tracks.count[i]; v++) {
      ex[k] = tracks.lon[v]; ey[k] = tracks.lat[v]; erow[k] = r; k += 1;
    }
  });
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (let i = 0; i < total; i++) {
    x0 = Math.min(x0, ex[i]); x1 = Math.max(x1, ex[i]); y0 = Math.min(y0, ey[i]); y1 = Math.max(y1, ey[i]);
  }
  const side = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(total / 4))));
  const cw = Math.max(1e-6, (x1 - x0) / side);
  const ch = Math.max(1e-6, (y1 - y0) / side);
  const cellOf = (x, y) => Math.min(side - 1, Math.floor((y - y0) / ch)) * side + Math.min(side - 1, Math.floor((x - x0) / cw));
  const startOf = new Uint32Array(side * side + 1);
  for (let i = 0; i < total; i++) startOf[cellOf(ex[i], ey[i]) + 1] += 1;
  for (let c = 0; c < side * side; c++) startOf[c + 1] += startOf[c];
  const fill = startOf.slice(0, side * side);
  const entries = new Uint32Array(total);
  for (let i = 0; i < total; i++) entries[fill[cellOf(ex[i], ey[i])]++] = i;
  return { ex, ey, erow, entries, startOf, side, x0, y0, cw, ch };
}

/**
 * The row nearest (lon, lat) within rx, ry degrees among those accept(row)
 * keeps, the latest on a tie (it is drawn on top); -1 if none. at, if
 * given, receives [lon, lat] of the point found: a movement's vertex
 * near the pointer rather than its row's own point, which may be far.
 */
export function pickNear(grid, { lon, lat, rx, ry, accept, at = null }) {
  const { ex, ey, erow, entries, startOf, side, x0, y0, cw, ch } = grid;
  const clampCell = (v) => Math.max(0, Math.min(side - 1, v));
  const cx0 = clampCell(Math.floor((lon - rx - x0) / cw));
  const cx1 = clampCell(Math.floor((lon + rx - x0) / cw));
  const cy0 = clampCell(Math.floor((lat - ry - y0) / ch));
  const cy1 = clampCell(Math.floor((lat + ry - y0) / ch));
  let best = -1;
  let bestD = Infinity;
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const c = cy * side + cx;
      for (let j = startOf[c]; j < startOf[c + 1]; j++) {
        const e = entries[j];
        const dx = (ex[e] - lon) / rx;
        const dy = (ey[e] - lat) / ry;
        const d = dx * dx + dy * dy;
        if (d > 1) continue;
        const r = erow[e];
        if ((d < bestD || (d === bestD && r > best)) && accept(r)) {
          best = r;
          bestD = d;
          if (at) [at[0], at[1]] = [ex[e], ey[e]];
        }
      }
    }
  }
  return best;
}
