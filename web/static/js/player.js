// Playback: one requestAnimationFrame loop advancing the time at a rate
// (simulated ms per real second) that pacing may lower near events.

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

/** Precomputed, per filter change: sorted distinct starts and movements. */
export function buildPacing(events) {
  const starts = [...new Set(events.map((e) => e.start))].sort((a, b) => a - b);
  const moves = events.filter((e) => e.kind === 'track' && e.hasEnd).map((e) => ({ start: e.start, end: e.end }));
  return { starts, moves };
}

/**
 * Playback rate at t. With slow set, two events are never closer than
 * GAP_SECONDS of real time (down to a floor that scales with the chosen
 * speed) and a movement takes at least MOVE_SECONDS, so the 8 January
 * missiles and PS752, minutes apart, read in order even at 1 week/s.
 */
export function rateAt(t, { base, pacing, slow = true }) {
  if (!slow || !pacing) return base;
  let rate = base;
  const { starts, moves } = pacing;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid + 1; else hi = mid;
  }
  if (lo > 0 && lo < starts.length) {
    const floor = Math.max(MINUTE, base / 240);
    rate = Math.min(rate, Math.max(floor, (starts[lo] - starts[lo - 1]) / GAP_SECONDS));
  }
  for (const m of moves) {
    if (m.start > t) break;
    if (t < m.end) rate = Math.min(rate, Math.max(MINUTE / 2, (m.end - m.start) / MOVE_SECONDS));
  }
  return rate;
}

/**
 * The first event start, or movement start or end, after t: with slow set,
 * a frame never steps past one, so a long frame cannot skip a flight.
 */
export function nextBoundary(t, { pacing, slow = true }) {
  if (!slow || !pacing) return Infinity;
  let next = Infinity;
  for (const s of pacing.starts) {
    if (s > t) { next = s; break; }
  }
  for (const m of pacing.moves) {
    if (m.start > t) { next = Math.min(next, m.start); break; }
    if (m.end > t) next = Math.min(next, m.end);
  }
  return next;
}

/**
 * The loop. getTime/setTime read and move the playhead; rate(t) gives the
 * target rate; boundary(t) a time no single frame passes; range() the [start, end] to play; loop() whether to wrap.
 * Slowing down is immediate so close events are not skipped; speeding up
 * eases in over a fraction of a second.
 */
export function createPlayer({
  getTime, setTime, rate, range, loop = () => false, onChange = () => {}, boundary = () => Infinity,
  raf = (f) => requestAnimationFrame(f), caf = (id) => cancelAnimationFrame(id),
}) {
  let frame = null;
  let playing = false;
  let last = null;
  let current = 0;

  function step(ts) {
    frame = null;
    if (!playing) return;
    const dt = last === null ? 0 : Math.min(ts - last, 100);
    last = ts;
    const { start, end } = range();
    let t = getTime();
    const target = rate(t);
    current = current <= 0 || target < current ? target : current * (target / current) ** Math.min(1, dt / 400);
    t = Math.min(t + (current * dt) / 1000, boundary(t));
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
