// What the page at scale works out once from the columns: category
// colours for the GPU, the map's region, the clock's time zone, and the
// movers under way at a time.

import { categoryClass } from '../categories.js';
import { lowerBound, upperBound } from './query.js';
import { headOf } from './gpudata.js';

/** Category colours from the CSS, as [r, g, b] in 0..1 and as CSS strings, by column index. */
export function categoryColours(names) {
  const probe = document.body.appendChild(document.createElement('span'));
  const css = names.map((c) => {
    probe.className = categoryClass(c);
    probe.style.color = 'var(--c)';
    return getComputedStyle(probe).color;
  });
  probe.remove();
  const rgb = css.map((c) => (c.match(/[\d.]+/g) ?? [128, 128, 128]).slice(0, 3).map((v) => Number(v) / 255));
  return { css, rgb };
}

/** Bounds of the middle 98% of places, so a few far-away events do not zoom the map out. */
export function regionOf(cols) {
  const every = Math.max(1, Math.floor(cols.n / 20000));
  const lons = [];
  const lats = [];
  for (let r = 0; r < cols.n; r += every) {
    lons.push(cols.lon[r]);
    lats.push(cols.lat[r]);
  }
  const q = (xs, f) => xs.sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))];
  return [[q(lats, 0.01), q(lons, 0.01)], [q(lats, 0.99), q(lons, 0.99)]];
}

/** A sample of the events' UTC offsets (minutes), for the clock's fallback zone. */
export function sampleOffsets(cols) {
  const every = Math.max(1, Math.floor(cols.n / 5000));
  const out = [];
  for (let r = 0; r < cols.n; r += every) out.push(cols.offset[r]);
  return out;
}

/** movers(t, on): the movements under way at t (seconds) that on keeps, with where their heads are. */
export function createMovers(cols) {
  const { rows } = cols.tracks;
  const starts = Int32Array.from(rows, (r) => cols.start[r]);
  let longest = 0;
  for (const r of rows) longest = Math.max(longest, cols.end[r] - cols.start[r]);
  return (t, on) => {
    const out = [];
    for (let i = lowerBound(starts, t - longest); i < upperBound(starts, t); i++) {
      if (!on[rows[i]]) continue;
      const h = headOf(cols, i, t);
      if (h) out.push({ ...h, cat: cols.cat[rows[i]] });
    }
    return out;
  };
}
