// The page's one clock: the readout, the timeline axis and the list read in
// a single zone, the dataset's own (so time never appears to run backwards
// as events move between zones), or UTC. Each event keeps its local time in
// its row and panel.

// A dataset names its zone in its metadata (the embedded crisis: Baghdad
// time); one that does not reads at the UTC offset most of its events have.

import { formatTime, localAside } from './format.js';

const FIXED = /^(?:UTC|Z|[+-]\d{2}:\d{2})$/;

function fixedOffset(tz) {
  if (tz === 'UTC' || tz === 'Z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  return sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
}

/** "Asia/Baghdad" → "Baghdad time"; a fixed offset needs no name beside itself. */
function labelOf(tz) {
  if (FIXED.test(tz)) return '';
  return `${tz.split('/').pop().replace(/_/g, ' ')} time`;
}

/**
 * A zone from an IANA name ("Asia/Baghdad") or a fixed offset ("+03:00",
 * "UTC"), or a fixed offset in minutes: { tz, label, offsetAt(ms) } with
 * offsets in minutes east of UTC, daylight saving included. An unknown
 * name throws.
 */
export function createZone({ tz = 'UTC', label, offset: minutes } = {}) {
  if (Number.isFinite(minutes)) return { tz: null, label: label ?? '', offsetAt: () => minutes };
  const name = String(tz);
  if (FIXED.test(name)) {
    const offset = fixedOffset(name);
    return { tz: name, label: label ?? labelOf(name), offsetAt: () => offset };
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  return {
    tz: name,
    label: label ?? labelOf(name),
    offsetAt(ms) {
      const f = Object.fromEntries(parts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute));
      return Math.round((wall - Math.floor(ms / 60e3) * 60e3) / 60e3);
    },
  };
}

/** The zone a dataset reads in: its metadata's, else a fixed offset (minutes east of UTC). */
export function datasetZone(meta, fallbackOffset = 0) {
  const tz = meta?.timezone ?? meta?.chronomap?.timezone;
  if (tz) {
    try {
      return createZone({ tz });
    } catch {
      // An IANA name this browser does not know: the fallback.
    }
  }
  return createZone({ offset: fallbackOffset });
}

/** The UTC offset (minutes) most of a sample of offsets have. */
export function commonOffset(offsets) {
  const count = new Map();
  for (const o of offsets) count.set(o, (count.get(o) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * An event's start on the page's one clock ({ start, startOffset,
 * precision }): time, and aside its own local time when its zone differs
 * ("" otherwise). A date alone stays the local date.
 */
export function clockTime(ev, { zone, utc = false }) {
  const precision = ev.precision ?? 'minute';
  const offset = precision === 'day' ? ev.startOffset : utc ? 0 : zone.offsetAt(ev.start);
  return { time: formatTime(ev.start, { offset, precision }), aside: localAside({ ...ev, precision }, offset) };
}

/** What the list's times read in: "times in Baghdad time", "times in UTC". */
export function clockNote({ zone, utc = false }) {
  return utc ? 'times in UTC' : `times in ${zone.label || 'the dataset\'s zone'}`;
}
