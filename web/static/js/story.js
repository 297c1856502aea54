// Story mode's logic, free of the DOM: the dataset's chapters read once
// from its metadata, what each one plays and how long that takes, and which
// key event a caption names at a time.

import { parseTime, HOUR } from './format.js';
import { DWELL_SECONDS } from './player.js';

/**
 * The chapters of chronomap.story that can be played: times in ms, the view
 * as {lat, lng, zoom} (or null), the key events that exist (in time order),
 * and rate, the simulated ms per real second that pace (seconds per hour)
 * gives. The server checks the metadata; a chapter it would refuse is left
 * out rather than breaking the page.
 */
export function readStory(meta, byId) {
  const raw = Array.isArray(meta?.story) ? meta.story : [];
  const chapters = [];
  for (const c of raw) {
    let start;
    let end;
    try {
      start = parseTime(c.from).ms;
      end = parseTime(c.to).ms;
    } catch {
      continue;
    }
    const pace = Number(c.pace);
    if (!(end > start) || !(pace > 0)) continue;
    const keys = (Array.isArray(c.events) ? c.events : [])
      .map((id) => byId.get(String(id)))
      .filter(Boolean)
      .sort((a, b) => a.start - b.start || a.index - b.index);
    chapters.push({
      index: chapters.length,
      title: String(c.title ?? ''),
      text: String(c.text ?? ''),
      start,
      end,
      view: readView(c.view),
      keys,
      pace,
      rate: HOUR / pace,
    });
  }
  return chapters;
}

function readView(v) {
  if (!v || !Array.isArray(v.center) || v.center.length !== 2) return null;
  const [lng, lat] = v.center.map(Number);
  const zoom = Number(v.zoom);
  return [lng, lat, zoom].every(Number.isFinite) ? { lat, lng, zoom } : null;
}

/** The ids of the events that matter: the story's key events, else those with figures or a movement. */
export function keyIds(events, chapters) {
  if (chapters.length) return new Set(chapters.flatMap((c) => c.keys.map((e) => e.id)));
  return new Set(events.filter((e) => e.kind === 'track' || (Array.isArray(e.props?.figures) && e.props.figures.length)).map((e) => e.id));
}

/** Chapter number n (1-based, from the URL) as an index, clamped; null when there is no story. */
export function chapterIndex(n, count) {
  if (!count) return null;
  const i = Number.isInteger(n) ? n - 1 : 0;
  return Math.min(count - 1, Math.max(0, i));
}

/** The chapter to tell at t: the one whose range holds t, else the next, else the last. */
export function chapterAt(chapters, t) {
  const i = chapters.findIndex((c) => t < c.end);
  return i < 0 ? chapters.length - 1 : i;
}

/**
 * Real seconds chapter c takes to play at its own pace, without pacing's
 * slowing near events: its range at its rate plus a dwell per distinct key
 * start inside the range.
 */
export function chapterSeconds(c, { dwell = DWELL_SECONDS } = {}) {
  const starts = new Set(c.keys.filter((e) => e.start >= c.start && e.start < c.end).map((e) => e.start));
  return (c.end - c.start) / c.rate + starts.size * dwell;
}

/**
 * The key event a caption names at t: the latest of keys (in time order)
 * that has started by t, and no earlier than since (an older one is no
 * longer news). Null if none.
 */
export function newestKey(keys, t, { since = -Infinity } = {}) {
  let found = null;
  for (const e of keys) {
    if (e.start > t) break;
    if (e.start >= since) found = e;
  }
  return found;
}
