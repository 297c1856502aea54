// When the map shows a close-up of a movement, and at what zoom: a
// movement that crosses only a few pixels of the map (a plane's six
// minutes from Tehran's airport) is lost in the markers around it, so
// while it is under way during playback, or while it is selected, an
// inset magnifies it. No DOM here; magnifier.js draws it.

import { placeCaption } from './caption.js';

// A movement spanning fewer screen pixels than this gets the inset.
export const SMALL_PX = 40;
// The inset stays this fraction of the movement's duration after its end,
// so what happens where it ends (a crash) is seen in it too.
export const LINGER = 0.25;
// The movement fills about this much of the inset's width or height.
const FILL = 0.65;
// Room (px) for the zoom, layer and Home buttons on the right of the map
// and the scale and credits at its foot.
const CONTROLS_W = 56;
const CREDITS_H = 28;

/** The diagonal (px) of the box around screen points {x, y}. */
export function screenSpan(points) {
  if (!points.length) return 0;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/** Whether movement ev is under way at t, or ended less than LINGER of its duration ago. */
export function underWay(ev, t) {
  return ev.kind === 'track' && ev.hasEnd && t >= ev.start && t <= ev.end + (ev.end - ev.start) * LINGER;
}

/**
 * The movement to magnify now, or null: the selected one if it is small,
 * else while playing the latest started small movement under way among
 * events (in start order). spanOf(ev) is its length on screen in px; shown
 * says whether an event passes the filters.
 */
export function pickMovement(events, { t, playing, selected = null, spanOf, shown = () => true }) {
  const small = (ev) => ev.kind === 'track' && shown(ev.id) && spanOf(ev) < SMALL_PX;
  if (selected && small(selected)) return selected;
  if (!playing) return null;
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i];
    if (ev.start > t) continue;
    if (underWay(ev, t) && small(ev)) return ev;
  }
  return null;
}

/**
 * The inset's zoom: the main map's zoom raised until the movement's box,
 * {w, h} px at that zoom, fills FILL of the inset's {w, h}; in quarter
 * steps, at least one step in, at most maxZoom.
 */
export function insetZoom({ span, zoom, size, maxZoom = 12 }) {
  const scale = Math.min((size.w * FILL) / Math.max(span.w, 1), (size.h * FILL) / Math.max(span.h, 1));
  const z = Math.floor((zoom + Math.log2(scale)) * 4) / 4;
  return Math.min(maxZoom, Math.max(zoom + 1, z));
}

/** The part of a map of size {x, y} that panels (insets) and the map's controls leave clear. */
export function clearArea(size, insets) {
  return {
    x: insets.left,
    y: insets.top,
    w: size.x - insets.left - insets.right - CONTROLS_W,
    h: size.y - insets.top - insets.bottom - CREDITS_H,
  };
}

/** Screen points along a box {x, y, w, h}'s edges, for placing clear of it. */
function edgePoints(b) {
  const xs = [b.x, b.x + b.w / 2, b.x + b.w];
  const ys = [b.y, b.y + b.h / 2, b.y + b.h];
  return xs.flatMap((x) => ys.map((y) => ({ x, y })));
}

/**
 * Where the inset of size {w, h} goes in area: a corner, top ones first,
 * that hides none of points (the movement's) and, if one can, overlaps
 * none of boxes (a caption); null when the area is too small to hold it
 * whole or every corner would hide one of the movement's points.
 */
export function placeInset({ area, size, points, boxes = [] }) {
  if (area.w < size.w + 24 || area.h < size.h + 24) return null;
  // Clear of the caption too if a corner allows, else clear of the movement alone.
  for (const avoid of [[...points, ...boxes.flatMap(edgePoints)], points]) {
    const spot = placeCaption({ area, card: size, points: avoid, prefer: 'top' });
    if (!spot.covered.some((p) => points.includes(p))) return spot.box;
  }
  return null;
}
