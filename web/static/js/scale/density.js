// A density histogram on a canvas, for a timeline or overview with more
// events than pixels: bars of how many shown events start in each slice,
// and a row of ticks for key events (movements) above them.

import { binCounts, lowerBound } from './query.js';

/**
 * A canvas under root's SVG. draw({ sc, width, height, top, bottom })
 * paints the starts of the shown events between top and bottom. The starts
 * are the columns' own (seconds from their base), which toStart turns a
 * time (ms) into: converting a million starts to ms instead took 110 ms of
 * every filter.
 */
export function createDensity({ root, colors, barWidth = 2, toStart = (t) => t }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'density';
  canvas.setAttribute('aria-hidden', 'true');
  root.prepend(canvas);
  root.classList.add('dense');
  let data = null; // { starts (sorted), keys: [{ t (ms), cat }] sorted }
  let last = null;

  function draw(opts = last) {
    last = opts;
    if (!opts || !data) return;
    const { sc, width, height, top = 0, bottom = height } = opts;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const bins = Math.max(1, Math.floor(width / barWidth));
    const from = sc.toTime(0);
    const to = sc.toTime(bins * barWidth);
    const counts = binCounts(data.starts, { from: toStart(from), to: toStart(to), bins });
    let max = 0;
    for (const c of counts) max = Math.max(max, c);
    const keyRow = data.keys.length ? 4 : 0;
    const span = bottom - top - keyRow;
    ctx.fillStyle = 'rgba(60, 72, 88, 0.55)';
    for (let b = 0; b < bins; b++) {
      if (!counts[b]) continue;
      // A square root keeps sparse slices visible beside dense ones.
      const hgt = Math.max(1, span * Math.sqrt(counts[b] / max));
      ctx.fillRect(b * barWidth, bottom - hgt, barWidth - 0.5, hgt);
    }
    const i0 = lowerBound(data.keyStarts, from);
    const i1 = lowerBound(data.keyStarts, to);
    let lastX = -1;
    for (let i = i0; i < i1; i++) {
      const x = Math.round(sc.toX(data.keys[i].t));
      if (x === lastX) continue;
      lastX = x;
      ctx.fillStyle = colors[data.keys[i].cat] ?? '#555';
      ctx.fillRect(x - 1, top, 2, keyRow);
    }
  }

  return {
    draw,
    setData(starts, keys) {
      data = { starts, keys, keyStarts: Float64Array.from(keys, (k) => k.t) };
      draw();
    },
  };
}
