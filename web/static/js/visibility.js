// What the map shows at time t: an event appears at its start, stays lit
// until its end, then fades over the "fade after" duration to a floor so
// that everything that has happened stays on the map.

import { positionAt } from './track.js';

export const FADE_FLOOR = 0.25;

/**
 * State of ev at t:
 *  visible   started by t
 *  active    t is within [start, end] of an event with a duration
 *  progress  0..1 of the way from start to end (1 for instants once started)
 *  opacity   1 while active or fresh, down to FADE_FLOOR after fadeMs
 * fadeMs Infinity never fades.
 */
export function stateAt(ev, t, { fadeMs = Infinity } = {}) {
  if (t < ev.start) return { visible: false, active: false, progress: 0, opacity: 0 };
  const active = ev.hasEnd && t <= ev.end;
  const progress = ev.hasEnd ? Math.min(1, (t - ev.start) / (ev.end - ev.start)) : 1;
  const age = t - ev.end;
  let opacity = 1;
  if (!active && age > 0 && Number.isFinite(fadeMs)) {
    opacity = fadeMs <= 0 ? FADE_FLOOR : Math.max(FADE_FLOOR, 1 - (1 - FADE_FLOOR) * (age / fadeMs));
  }
  return { visible: true, active, progress, opacity };
}

/** Where a moving event's head is at t, or null for points and unstarted tracks. */
export function headAt(ev, t) {
  if (ev.kind !== 'track' || t < ev.start) return null;
  const f = ev.hasEnd ? Math.min(1, (t - ev.start) / (ev.end - ev.start)) : 1;
  return { ...positionAt(ev.track, f), fraction: f };
}

/** The travelled part of a track at head h, as Leaflet [lat, lng] pairs. */
export function travelledLatLngs(ev, h) {
  const out = [];
  const { coords } = ev.track;
  for (let i = 0; i <= h.index; i++) out.push([coords[i][1], coords[i][0]]);
  out.push([h.lat, h.lon]);
  return out;
}

/** Index of the last event (in start order) started by t, or -1. Binary search. */
export function lastStartedIndex(events, t) {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].start <= t) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** "Fade after" choices; Infinity keeps events fully lit. */
export const FADES = [
  { id: '1h', label: '1 hour', ms: 3600e3 },
  { id: '1d', label: '1 day', ms: 86400e3 },
  { id: '1w', label: '1 week', ms: 7 * 86400e3 },
  { id: '30d', label: '30 days', ms: 30 * 86400e3 },
  { id: 'never', label: 'never', ms: Infinity },
];
export const DEFAULT_FADE = '1w';
export const fadeById = (id) => FADES.find((f) => f.id === id) ?? FADES.find((f) => f.id === DEFAULT_FADE);
