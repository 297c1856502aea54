// Playback: one requestAnimationFrame loop advancing the time at a rate
// (simulated ms per real second) that pacing lowers near events and raises
// over long empty stretches, and that holds for a moment on key events.

import { MINUTE, HOUR, DAY, WEEK } from './format.js';

export const SPEEDS = [
  { id: '10m', label: '10 min/s', rate: 10 * MINUTE },
  { id: '1h', label: '1 h/s', rate: HOUR },
  { id: '6h', label: '6 h/s', rate: 6 * HOUR },
  { id: '1d', label: '1 day/s', rate: DAY },
  { id: '1w', label: '1 week/s', rate: WEEK },
];
export const DEFAULT_SPEED = '1d';

export const speedById = (id) => SPEEDS.find((s) => s.id === id) ?? SPEEDS.find((s) => s.id === DEFAULT_SPEED);

// Real seconds that consecutive events and each movement get at least.
const GAP_SECONDS = 0.6;
const MOVE_SECONDS = 3;
// A stretch with nothing new that would last longer than EMPTY_SECONDS at
// the chosen speed is crossed in SKIP_SECONDS, but for LEAD_SECONDS at the
// chosen speed after the last event and before the next.
const EMPTY_SECONDS = 4;
const SKIP_SECONDS = 1.2;
const LEAD_SECONDS = 1;
// Real seconds the playhead holds on a key event.
export const DWELL_SECONDS = 2.5;

/**
 * The long empty stretches among events: the times where nothing starts or
 * moves for more than minGap, each trimmed by lead at both ends. Sorted.
 */
export function findGaps(events, { minGap, lead = 0 }) {
  const busy = events
    .map((e) => ({ start: e.start, end: e.kind === 'track' && e.hasEnd ? e.end : e.start }))
    .sort((a, b) => a.start - b.start);
  const gaps = [];
  let reach = -Infinity;
  for (const b of busy) {
    if (reach > -Infinity && b.start - reach > minGap && b.start - reach > 2 * lead) {
      gaps.push({ start: reach + lead, end: b.start - lead });
    }
    reach = Math.max(reach, b.end);
  }
  return gaps;
}

/**
 * Precomputed, per filter, speed or chapter change: sorted distinct starts,
 * movements, the empty stretches to skip at speed base (none without it),
 * and the starts of the key events (ids in keys) to dwell on.
 */
export function buildPacing(events, { base = null, keys = null } = {}) {
  const starts = [...new Set(events.map((e) => e.start))].sort((a, b) => a - b);
  const moves = events.filter((e) => e.kind === 'track' && e.hasEnd).map((e) => ({ start: e.start, end: e.end }));
  const gaps = base ? findGaps(events, { minGap: base * EMPTY_SECONDS, lead: base * LEAD_SECONDS }) : [];
  const dwells = keys ? [...new Set(events.filter((e) => keys.has(e.id)).map((e) => e.start))].sort((a, b) => a - b) : [];
  return { starts, moves, gaps, dwells };
}

/** The index of the first element of sorted xs greater than t. */
function upper(xs, t, key = (x) => x) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]) <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The empty stretch t is in, or null. */
export function gapAt(t, gaps = []) {
  const g = gaps[upper(gaps, t, (x) => x.start) - 1];
  return g && t < g.end ? g : null;
}

/**
 * Playback rate at t. With slow set, two events are never closer than
 * GAP_SECONDS of real time (down to a floor that scales with the chosen
 * speed) and a movement takes at least MOVE_SECONDS, so the 8 January
 * missiles and PS752, minutes apart, read in order even at 1 week/s; an
 * empty stretch goes by in SKIP_SECONDS.
 */
export function rateAt(t, { base, pacing, slow = true }) {
  if (!slow || !pacing) return base;
  let rate = base;
  const { starts, moves } = pacing;
  const lo = upper(starts, t);
  if (lo > 0 && lo < starts.length) {
    const floor = Math.max(MINUTE, base / 240);
    rate = Math.min(rate, Math.max(floor, (starts[lo] - starts[lo - 1]) / GAP_SECONDS));
  }
  for (const m of moves) {
    if (m.start > t) break;
    if (t < m.end) rate = Math.min(rate, Math.max(MINUTE / 2, (m.end - m.start) / MOVE_SECONDS));
  }
  const gap = gapAt(t, pacing.gaps);
  if (gap) rate = Math.max(rate, (gap.end - gap.start) / SKIP_SECONDS);
  return rate;
}

/** Real seconds to hold at t: a key event starts exactly then. */
export function dwellAt(t, { pacing, slow = true }) {
  if (!slow || !pacing?.dwells?.length) return 0;
  const i = upper(pacing.dwells, t) - 1;
  return i >= 0 && pacing.dwells[i] === t ? DWELL_SECONDS : 0;
}

/**
 * The first event start, movement start or end, or end of an empty
 * stretch after t: with slow set, a frame never steps past one, so a long
 * frame cannot skip a flight, nor a fast skip run into the next event.
 */
export function nextBoundary(t, { pacing, slow = true }) {
  if (!slow || !pacing) return Infinity;
  const i = upper(pacing.starts, t);
  let next = i < pacing.starts.length ? pacing.starts[i] : Infinity;
  const gap = gapAt(t, pacing.gaps);
  if (gap) next = Math.min(next, gap.end);
  for (const m of pacing.moves) {
    if (m.start > t) { next = Math.min(next, m.start); break; }
    if (m.end > t) next = Math.min(next, m.end);
  }
  return next;
}

/**
 * The loop. getTime/setTime read and move the playhead; rate(t) gives the
 * target rate; boundary(t) a time no single frame passes; dwell(t) the
 * real seconds to hold on reaching a boundary; range() the [start, end] to
 * play; loop() whether to wrap.
 * Slowing down is immediate so close events are not skipped; speeding up
 * eases in over a fraction of a second.
 */
export function createPlayer({
  getTime, setTime, rate, range, loop = () => false, onChange = () => {}, boundary = () => Infinity, dwell = () => 0,
  raf = (f) => requestAnimationFrame(f), caf = (id) => cancelAnimationFrame(id),
}) {
  let frame = null;
  let playing = false;
  let last = null;
  let current = 0;
  let holdUntil = -Infinity;

  function step(ts) {
    frame = null;
    if (!playing) return;
    const dt = last === null ? 0 : Math.min(ts - last, 100);
    last = ts;
    if (ts < holdUntil) {
      frame = raf(step);
      return;
    }
    const { start, end } = range();
    let t = getTime();
    const target = rate(t);
    current = current <= 0 || target < current ? target : current * (target / current) ** Math.min(1, dt / 400);
    const edge = boundary(t);
    t = Math.min(t + (current * dt) / 1000, edge);
    if (t === edge && dwell(t) > 0 && t < end) {
      holdUntil = ts + dwell(t) * 1000;
      current = 0;
    }
    if (t >= end) {
      if (loop()) {
        t = start;
      } else {
        setTime(end);
        stop();
        return;
      }
    }
    setTime(t);
    if (playing) frame = raf(step);
  }

  function start() {
    if (playing) return;
    const { start: s, end } = range();
    if (getTime() >= end) setTime(s);
    playing = true;
    last = null;
    current = 0;
    holdUntil = -Infinity;
    frame = raf(step);
    onChange(true);
  }

  function stop() {
    if (frame !== null) caf(frame);
    frame = null;
    if (!playing) return;
    playing = false;
    onChange(false);
  }

  return {
    start,
    stop,
    toggle: () => (playing ? stop() : start()),
    get playing() { return playing; },
  };
}
