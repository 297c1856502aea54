// Pictures of the map without any online service: what Leaflet shows (the
// basemap and tracks, SVG paths; the markers, SVG glyphs in HTML icons;
// the labels, HTML text) is drawn again into a canvas from the page as it
// is, pane by pane, with each element's computed style, and the clock and
// caption over it. Online tiles are left out: another origin's images
// would taint the canvas, which then could not be saved.

// Path2D objects by their "d", reused from frame to frame of a recording.
const paths = new Map();
function pathOf(d) {
  let p = paths.get(d);
  if (!p) {
    if (paths.size > 4000) paths.clear();
    p = new Path2D(d);
    paths.set(d, p);
  }
  return p;
}

const num = (v, fallback = 0) => {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
};

/** The cumulative opacity of el up to (not including) stop. */
function opacityOf(el, stop) {
  let o = 1;
  for (let e = el; e && e !== stop; e = e.parentElement) o *= num(getComputedStyle(e).opacity, 1);
  return o;
}

/** Draws an <svg>'s paths where the page shows them, rotated as the page rotates them. */
function drawSVG(ctx, svg, origin, opacity) {
  const vb = svg.viewBox?.baseVal;
  const r = svg.getBoundingClientRect();
  if (!vb || !vb.width || !r.width) return;
  const rot = /rotate\(([-\d.]+)deg\)/.exec(svg.style.transform ?? '');
  ctx.save();
  if (rot) {
    // The box of a rotated glyph is larger than the glyph: scale by its own size.
    const cx = r.left + r.width / 2 - origin.x;
    const cy = r.top + r.height / 2 - origin.y;
    const s = svg.clientWidth / vb.width;
    ctx.translate(cx, cy);
    ctx.rotate((Number(rot[1]) * Math.PI) / 180);
    ctx.scale(s, s);
    ctx.translate(-(vb.x + vb.width / 2), -(vb.y + vb.height / 2));
  } else {
    const s = r.width / vb.width;
    ctx.translate(r.left - origin.x, r.top - origin.y);
    ctx.scale(s, r.height / vb.height);
    ctx.translate(-vb.x, -vb.y);
  }
  for (const path of svg.querySelectorAll('path')) {
    const st = getComputedStyle(path);
    if (st.display === 'none' || st.visibility === 'hidden') continue;
    const p = pathOf(path.getAttribute('d') ?? '');
    const o = opacity * num(st.opacity, 1);
    ctx.lineJoin = 'round';
    ctx.lineCap = st.strokeLinecap === 'round' ? 'round' : 'butt';
    const fill = st.fill !== 'none' && st.fill;
    const stroke = st.stroke !== 'none' && st.stroke;
    const strokeFirst = st.paintOrder.startsWith('stroke');
    const doFill = () => {
      if (!fill) return;
      ctx.globalAlpha = o * num(st.fillOpacity, 1);
      ctx.fillStyle = fill;
      ctx.fill(p, st.fillRule === 'evenodd' ? 'evenodd' : 'nonzero');
    };
    const doStroke = () => {
      if (!stroke) return;
      ctx.globalAlpha = o * num(st.strokeOpacity, 1);
      ctx.strokeStyle = stroke;
      ctx.lineWidth = num(st.strokeWidth, 1);
      ctx.setLineDash(st.strokeDasharray === 'none' ? [] : st.strokeDasharray.split(/[\s,]+/).map((x) => num(x)));
      ctx.stroke(p);
    };
    if (strokeFirst) { doStroke(); doFill(); } else { doFill(); doStroke(); }
  }
  ctx.restore();
}

/** Breaks text into lines no wider than width in the context's font. */
export function wrapLines(text, width, measure) {
  const lines = [];
  let line = '';
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws an element's own text where the page shows it, in its font and colour, wrapped to its width; halo: a white outline. */
function drawText(ctx, el, origin, { halo = false, opacity = 1 } = {}) {
  const text = el.textContent.trim();
  const r = el.getBoundingClientRect();
  if (!text || !r.width) return;
  const st = getComputedStyle(el);
  if (st.visibility === 'hidden') return;
  ctx.save();
  ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
  ctx.fillStyle = st.color;
  ctx.globalAlpha = opacity;
  ctx.textBaseline = 'middle';
  const shown = st.textTransform === 'uppercase' ? text.toUpperCase() : text;
  if ('letterSpacing' in ctx) ctx.letterSpacing = st.letterSpacing === 'normal' ? '0px' : st.letterSpacing;
  const size = num(st.fontSize, 12);
  const lh = st.lineHeight === 'normal' ? size * 1.25 : num(st.lineHeight, size * 1.25);
  const lines = st.whiteSpace === 'nowrap' ? [shown] : wrapLines(shown, r.width + 1, (s) => ctx.measureText(s).width);
  const top = r.top - origin.y + (r.height - lines.length * lh) / 2;
  lines.forEach((line, i) => {
    const x = r.left - origin.x + num(st.paddingLeft);
    const y = top + lh * (i + 0.5);
    if (halo) {
      ctx.strokeStyle = 'rgba(255,255,255,.9)';
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      ctx.strokeText(line, x, y);
    }
    ctx.fillText(line, x, y);
  });
  ctx.restore();
}

function roundRect(ctx, x, y, w, h, r, fill) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** Draws a box (the caption, the clock) with its background and the text of the given parts. */
function drawBox(ctx, box, parts, origin) {
  const r = box.getBoundingClientRect();
  if (!r.width) return;
  const st = getComputedStyle(box);
  ctx.save();
  ctx.shadowColor = 'rgba(16,28,40,.25)';
  ctx.shadowBlur = 10;
  roundRect(ctx, r.left - origin.x, r.top - origin.y, r.width, r.height, num(st.borderTopLeftRadius, 8), st.backgroundColor);
  ctx.restore();
  for (const el of parts) {
    if (!el.getClientRects().length) continue;
    const bg = getComputedStyle(el).backgroundColor;
    const er = el.getBoundingClientRect();
    if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') roundRect(ctx, er.left - origin.x, er.top - origin.y, er.width, er.height, 7, bg);
  }
  for (const el of parts) {
    if (!el.getClientRects().length) continue;
    const leaves = el.children.length ? [...el.children] : [el];
    for (const leaf of leaves) drawText(ctx, leaf, origin);
  }
}

/**
 * Draws the map in container (a Leaflet map) into ctx at scale (device
 * pixels per CSS pixel), the caption if shown, and a footer with the time
 * and the credits.
 */
export function drawMap(ctx, { container, caption, clock, credits }) {
  const origin = container.getBoundingClientRect();
  const { width, height } = origin;
  ctx.save();
  ctx.fillStyle = getComputedStyle(container).backgroundColor;
  ctx.fillRect(0, 0, width, height);
  const panes = [...container.querySelectorAll('.leaflet-map-pane > .leaflet-pane')]
    .map((el) => ({ el, z: num(getComputedStyle(el).zIndex) }))
    .sort((a, b) => a.z - b.z);
  for (const { el } of panes) {
    if (el.classList.contains('leaflet-tooltip-pane') || el.classList.contains('leaflet-tile-pane')) continue;
    for (const child of el.children) {
      if (child.tagName === 'svg' || child.tagName === 'SVG') {
        drawSVG(ctx, child, origin, 1);
        continue;
      }
      if (!child.classList.contains('leaflet-marker-icon')) continue;
      const o = opacityOf(child, el);
      if (o < 0.02) continue;
      if (child.classList.contains('place-label') && !child.classList.contains('label-hidden')) {
        const r = child.getBoundingClientRect();
        ctx.globalAlpha = o;
        roundRect(ctx, r.left - origin.x - 3.5, r.top - origin.y - 3.5, 7, 7, 3.5, '#fff');
        roundRect(ctx, r.left - origin.x - 2.5, r.top - origin.y - 2.5, 5, 5, 2.5, '#4c5964');
        ctx.globalAlpha = 1;
      }
      for (const label of child.querySelectorAll('.label-text')) {
        if (!child.classList.contains('label-hidden')) drawText(ctx, label, origin, { halo: true, opacity: o });
      }
      for (const svg of child.querySelectorAll('svg')) drawSVG(ctx, svg, origin, o);
      for (const count of child.querySelectorAll('.ev-count:not([hidden])')) {
        const r = count.getBoundingClientRect();
        if (!r.width) continue;
        roundRect(ctx, r.left - origin.x, r.top - origin.y, r.width, r.height, r.height / 2, '#17212b');
        ctx.fillStyle = '#fff';
        ctx.font = `700 11px ${getComputedStyle(count).fontFamily}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(count.textContent, r.left - origin.x + r.width / 2, r.top - origin.y + r.height / 2 + 0.5);
        ctx.textAlign = 'start';
      }
    }
  }
  if (caption && !caption.root.hidden) drawBox(ctx, caption.card, caption.parts, origin);
  // The footer: the time on the page's clock at the left, the credits at the right.
  const font = getComputedStyle(container).fontFamily;
  ctx.font = `700 15px ${font}`;
  const clockW = ctx.measureText(clock).width;
  ctx.font = `11px ${font}`;
  const creditsW = ctx.measureText(credits).width;
  roundRect(ctx, 10, height - 38, clockW + 20, 28, 6, 'rgba(23,33,43,.88)');
  roundRect(ctx, width - creditsW - 18, height - 24, creditsW + 12, 18, 4, 'rgba(255,255,255,.85)');
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#fff';
  ctx.font = `700 15px ${font}`;
  ctx.fillText(clock, 20, height - 24);
  ctx.fillStyle = '#26313b';
  ctx.font = `11px ${font}`;
  ctx.fillText(credits, width - creditsW - 12, height - 15);
  ctx.restore();
}

/** A canvas the size of the map (times scale) with the map drawn into it. */
export function snapshot(options, { scale = Math.min(2, window.devicePixelRatio || 1), canvas = document.createElement('canvas') } = {}) {
  const { width, height } = options.container.getBoundingClientRect();
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  drawMap(ctx, options);
  return canvas;
}
