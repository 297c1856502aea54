// The timeline's time ↔ pixel mapping, zoom/pan of its window, and axis
// ticks that adapt from months to minutes, read at a given UTC offset.

import { MINUTE, HOUR, DAY, WEEK, fields, monthName } from './format.js';

export const MIN_SPAN = 20 * MINUTE;

/** Linear map between window [start, end] and pixels [0, width]. */
export function scale(win, width) {
  const k = width / Math.max(1, win.end - win.start);
  return { k, toX: (t) => (t - win.start) * k, toTime: (x) => win.start + x / k };
}

/** Keeps the window within bounds and at least minSpan long. */
export function clampWindow(win, bounds, minSpan = MIN_SPAN) {
  const max = bounds.end - bounds.start;
  const span = Math.min(max, Math.max(minSpan, win.end - win.start));
  let start = win.start + (win.end - win.start - span) / 2;
  start = Math.min(Math.max(start, bounds.start), bounds.end - span);
  return { start, end: start + span };
}

/** Zooms by factor (<1 in, >1 out) keeping anchor at the same pixel. */
export function zoomWindow(win, { factor, anchor, bounds, minSpan = MIN_SPAN }) {
  const span = win.end - win.start;
  const max = bounds.end - bounds.start;
  const next = Math.min(max, Math.max(minSpan, span * factor));
  const f = next / span;
  const start = anchor - (anchor - win.start) * f;
  return clampWindow({ start, end: start + next }, bounds, minSpan);
}

export function panWindow(win, delta, bounds) {
  return clampWindow({ start: win.start + delta, end: win.end + delta }, bounds);
}

/**
 * The window moved, if needed, so that t is in view: while playing forward
 * it turns a page (t near the left edge); a jump centres t.
 */
export function followWindow(win, t, bounds) {
  const span = win.end - win.start;
  if (t >= win.start && t <= win.start + span * 0.96) return win;
  const inNextPage = t > win.end - span * 0.04 && t < win.end + span * 0.5;
  const start = inNextPage ? t - span * 0.05 : t - span / 2;
  return clampWindow({ start, end: start + span }, bounds);
}

const STEPS = [
  ['minute', 1], ['minute', 2], ['minute', 5], ['minute', 10], ['minute', 15], ['minute', 30],
  ['hour', 1], ['hour', 2], ['hour', 3], ['hour', 6], ['hour', 12],
  ['day', 1], ['day', 2], ['week', 1], ['month', 1], ['month', 2], ['month', 3], ['month', 6], ['year', 1],
];
const SIZE = { minute: MINUTE, hour: HOUR, day: DAY, week: WEEK, month: 30.44 * DAY, year: 365.25 * DAY };

/** The finest step whose ticks are at least minSpacing pixels apart. */
export function chooseStep(span, width, minSpacing = 72) {
  const msPerPx = span / Math.max(1, width);
  for (const [unit, n] of STEPS) {
    if ((SIZE[unit] * n) / msPerPx >= minSpacing) return { unit, n };
  }
  return { unit: 'year', n: 1 };
}

function* tickTimes(win, { unit, n }, offset) {
  const shift = offset * MINUTE;
  if (unit === 'month' || unit === 'year') {
    const months = unit === 'year' ? 12 * n : n;
    const f = fields(win.start, offset);
    let m = f.year * 12 + f.month;
    m -= ((m % months) + months) % months;
    for (;; m += months) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1) - shift;
      if (t > win.end) return;
      if (t >= win.start) yield t;
    }
  }
  const step = SIZE[unit] * n;
  // Weeks start on Mondays: 1970-01-01 was a Thursday, 3 days after one.
  const phase = unit === 'week' ? -3 * DAY : 0;
  let t = Math.ceil((win.start + shift - phase) / step) * step + phase - shift;
  for (; t <= win.end; t += step) yield t;
}

function labelFor(t, unit, offset) {
  const f = fields(t, offset);
  const clock = `${String(f.hour).padStart(2, '0')}:${String(f.minute).padStart(2, '0')}`;
  if (unit === 'minute' || unit === 'hour') {
    return f.hour === 0 && f.minute === 0
      ? { label: `${f.day} ${monthName(f.month)}`, major: true }
      : { label: clock, major: false };
  }
  if (unit === 'day' || unit === 'week') return { label: `${f.day} ${monthName(f.month)}`, major: f.day === 1 };
  if (unit === 'month' && f.month !== 0) return { label: monthName(f.month), major: false };
  return { label: String(f.year), major: true };
}

/**
 * Axis ticks for the window at the given offset (minutes east of UTC):
 * { step, ticks: [{ t, label, major }], context } where context names the
 * day at the window's left edge, or its years, which the ticks may not show.
 */
export function ticks(win, width, { offset = 0, minSpacing = 72 } = {}) {
  const step = chooseStep(win.end - win.start, width, minSpacing);
  const out = [];
  for (const t of tickTimes(win, step, offset)) out.push({ t, ...labelFor(t, step.unit, offset) });
  const f = fields(win.start, offset);
  const lastYear = fields(win.end, offset).year;
  let context = lastYear === f.year ? String(f.year) : `${f.year}–${lastYear}`;
  if (step.unit === 'minute' || step.unit === 'hour') context = `${f.day} ${monthName(f.month)} ${f.year}`;
  return { step, ticks: out, context };
}

/**
 * Greedy lanes for timeline marks: items [{ x0, x1 }] in time order get the
 * first lane whose last mark ends before x0 - gap; when all are taken, the
 * lane that frees up first. Returns a lane index per item.
 */
export function assignLanes(items, { lanes = 4, gap = 3 } = {}) {
  const ends = new Array(lanes).fill(-Infinity);
  return items.map(({ x0, x1 }) => {
    let lane = ends.findIndex((e) => e + gap <= x0);
    if (lane < 0) lane = ends.indexOf(Math.min(...ends));
    ends[lane] = Math.max(ends[lane], x1);
    return lane;
  });
}

/**
 * The opening window: the shortest stretch holding `share` of the events,
 * with a margin, so a story whose events bunch up (most of this one falls
 * in two months of nineteen) opens legible. The overview still shows the
 * whole period. When the bunch is most of the period, the whole period.
 */
export function focusWindow(starts, bounds, { share = 0.75 } = {}) {
  const xs = [...starts].sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(xs.length * share));
  if (xs.length < 4) return { ...bounds };
  let best = null;
  for (let i = 0; i + k - 1 < xs.length; i++) {
    const span = xs[i + k - 1] - xs[i];
    if (!best || span < best.end - best.start) best = { start: xs[i], end: xs[i + k - 1] };
  }
  const margin = Math.max(DAY, (best.end - best.start) * 0.15);
  const win = clampWindow({ start: best.start - margin, end: best.end + margin }, bounds);
  return win.end - win.start > 0.6 * (bounds.end - bounds.start) ? { ...bounds } : win;
}

/**
 * The stretch of time an event's precision allows, for the timeline to draw
 * as a span: a day-precision event its whole local day(s), an hour-precision
 * one half an hour either side; null when known to the minute.
 */
export function precisionRange(ev) {
  if (ev.precision === 'hour') return { start: ev.start - 30 * MINUTE, end: ev.end + 30 * MINUTE };
  if (ev.precision !== 'day') return null;
  const dayStart = (ms, offset) => Math.floor((ms + offset * MINUTE) / DAY) * DAY - offset * MINUTE;
  return { start: dayStart(ev.start, ev.startOffset), end: dayStart(ev.end, ev.endOffset) + DAY };
}
