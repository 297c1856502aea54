// The page state in the URL's query string, so a reload or a shared link
// restores the same moment, view and filters. Decoding ignores what it
// cannot read rather than failing.

import { parseTime, toISO } from './format.js';
import { SPEEDS, DEFAULT_SPEED } from './player.js';
import { FADES, DEFAULT_FADE } from './visibility.js';
import { EXPORT_FORMATS } from './api.js';

export const DEFAULTS = Object.freeze({
  c: null, t: null, win: null, view: null, cats: null, q: '', sel: null,
  speed: DEFAULT_SPEED, slow: true, fade: DEFAULT_FADE, loop: false, utc: false, fmt: EXPORT_FORMATS[0].id, embed: false,
  layers: null, local: false,
  mode: null, chapter: null,
});

function readTime(s) {
  if (!s) return null;
  if (/^-?\d+$/.test(s)) return Number(s);
  try {
    return parseTime(s).ms;
  } catch {
    return null;
  }
}

const round = (x, d) => Number(x.toFixed(d));

/** URLSearchParams (or a query string) → state, defaults for what is missing or invalid. */
export function decodeState(search) {
  const p = search instanceof URLSearchParams ? search : new URLSearchParams(search);
  const s = { ...DEFAULTS };
  // The collection is checked against the server's list at start-up.
  s.c = p.get('c') || null;
  s.t = readTime(p.get('t'));
  const w = (p.get('w') ?? '').split('/');
  if (w.length === 2) {
    const [a, b] = w.map(readTime);
    if (a !== null && b !== null && b > a) s.win = { start: a, end: b };
  }
  const m = (p.get('map') ?? '').split(',').map(Number);
  if (m.length === 3 && m.every(Number.isFinite) && Math.abs(m[0]) <= 90 && Math.abs(m[1]) <= 180) {
    s.view = { lat: m[0], lng: m[1], zoom: m[2] };
  }
  if (p.has('cat')) s.cats = new Set(p.get('cat').split(',').map((c) => c.trim()).filter(Boolean));
  s.q = p.get('q') ?? '';
  s.sel = p.get('ev') || null;
  if (SPEEDS.some((x) => x.id === p.get('speed'))) s.speed = p.get('speed');
  if (FADES.some((x) => x.id === p.get('fade'))) s.fade = p.get('fade');
  s.slow = p.get('slow') !== '0';
  s.loop = p.get('loop') === '1';
  s.utc = p.get('utc') === '1';
  if (EXPORT_FORMATS.some((x) => x.id === p.get('fmt'))) s.fmt = p.get('fmt');
  s.embed = p.get('embed') === '1';
  // A file opened in this browser (drop.js), not one of the server's collections.
  s.local = p.get('local') === '1';
  // The map layers shown over the basemap; null: the server's defaults,
  // empty: none. The server's list is the check.
  if (p.has('layers')) s.layers = p.get('layers').split(',').filter((id) => /^[a-z0-9-]+$/.test(id));
  // Story mode at a chapter (1-based), or explore mode asked for by name;
  // neither, and the page chooses by the dataset.
  const chapter = Number(p.get('chapter'));
  if (Number.isInteger(chapter) && chapter >= 1) {
    s.mode = 'story';
    s.chapter = chapter;
  } else if (p.get('mode') === 'explore') {
    s.mode = 'explore';
  }
  return s;
}

const named = (ids) => ids.map((id) => `"${id.length > 60 ? `${id.slice(0, 60)}…` : id}"`).join(', ');

/**
 * What a link asks for that this chronology lacks: categories it does not
 * have, an event not in it (hasEvent, where events are known by id). Returns
 * the link's cats and sel without them (no category left: all of them), and
 * a sentence saying what was left out, or ''.
 */
export function checkLink({ cats, sel }, { categories, hasEvent = null }) {
  const notes = [];
  const unknown = cats ? [...cats].filter((c) => !categories.includes(c)) : [];
  if (unknown.length) {
    cats = new Set([...cats].filter((c) => categories.includes(c)));
    if (!cats.size) cats = null;
    const what = unknown.length === 1 ? `category ${named(unknown)} is` : `categories ${named(unknown)} are`;
    notes.push(`The link's ${what} not in this chronology${cats ? '' : '; every category is shown'}.`);
  }
  if (sel && hasEvent && !hasEvent(sel)) {
    notes.push(missingEvent(sel));
    sel = null;
  }
  return { cats, sel, note: notes.join(' ') };
}

/** The sentence for a link's event that is not in the chronology. */
export const missingEvent = (id) => `The link's event ${named([id])} is not in this chronology.`;

/** State → query string (without "?"); defaults are left out to keep links short. */
export function encodeState(s) {
  const p = new URLSearchParams();
  if (s.c) p.set('c', s.c);
  if (s.t !== null && s.t !== undefined) p.set('t', toISO(s.t));
  if (s.win) p.set('w', `${toISO(s.win.start)}/${toISO(s.win.end)}`);
  if (s.view) p.set('map', `${round(s.view.lat, 4)},${round(s.view.lng, 4)},${round(s.view.zoom, 2)}`);
  if (s.cats) p.set('cat', [...s.cats].sort().join(','));
  if (s.q) p.set('q', s.q);
  if (s.sel) p.set('ev', s.sel);
  if (s.speed !== DEFAULTS.speed) p.set('speed', s.speed);
  if (s.fade !== DEFAULTS.fade) p.set('fade', s.fade);
  if (!s.slow) p.set('slow', '0');
  if (s.loop) p.set('loop', '1');
  if (s.utc) p.set('utc', '1');
  if (s.fmt && s.fmt !== DEFAULTS.fmt) p.set('fmt', s.fmt);
  if (s.embed) p.set('embed', '1');
  if (s.local) p.set('local', '1');
  if (s.layers) p.set('layers', s.layers.join(','));
  if (s.mode === 'story' && s.chapter) p.set('chapter', String(s.chapter));
  if (s.mode === 'explore') p.set('mode', 'explore');
  // Keep ":" and "/" readable in shared links; URLSearchParams escapes them.
  return p.toString().replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',');
}

/**
 * Writes the state to the address bar at most every `interval` ms with
 * history.replaceState, so playback does not flood the history.
 */
export function createUrlWriter(get, { interval = 400, win = globalThis.window } = {}) {
  let timer = null;
  let stopped = false;
  const write = () => {
    timer = null;
    const qs = encodeState(get());
    const url = `${win.location.pathname}${qs ? `?${qs}` : ''}${win.location.hash}`;
    if (url !== `${win.location.pathname}${win.location.search}${win.location.hash}`) {
      win.history.replaceState(null, '', url);
    }
  };
  return {
    schedule() {
      if (timer === null && !stopped) timer = setTimeout(write, interval);
    },
    flush() {
      if (timer !== null) clearTimeout(timer);
      if (!stopped) write();
    },
    /** No more writes: the page is leaving for another URL, which a late replaceState could undo. */
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
