// Turns API features into the page's event records, once at load: times in
// ms with their offsets, search text, CSS classes, tracks with lengths.

import { parseTime } from './format.js';
import { category, categoryClass } from './categories.js';
import { prepareTrack, unwrapLons, distanceKm } from './track.js';

/** First comma-separated part of a place: "Al Asad Airbase, Anbar, Iraq" → "Al Asad Airbase". */
export function shortPlace(place) {
  return String(place ?? '').split(',')[0].trim();
}

function prepareEvent(feature, index) {
  const p = feature.properties ?? {};
  const s = parseTime(p.start);
  const e = p.end ? parseTime(p.end) : s;
  const geom = feature.geometry ?? {};
  const cat = category(p.category);
  const ev = {
    id: String(p.id ?? feature.id),
    index,
    title: p.title ?? '',
    summary: p.summary ?? '',
    category: p.category ?? '',
    cls: categoryClass(p.category),
    shape: cat.shape,
    categoryLabel: cat.label,
    place: p.place ?? '',
    short: shortPlace(p.place),
    start: s.ms,
    startOffset: s.offset,
    end: e.ms,
    endOffset: e.offset,
    hasEnd: e.ms > s.ms,
    precision: p.time_precision ?? 'minute',
    locPrecision: p.location_precision ?? 'exact',
    props: p,
    // The same text the server searches: title, summary and place.
    text: `${p.title ?? ''}\n${p.summary ?? ''}\n${p.place ?? ''}`.toLowerCase(),
  };
  if (geom.type === 'LineString' && geom.coordinates?.length >= 2) {
    ev.kind = 'track';
    ev.track = prepareTrack(unwrapLons(geom.coordinates));
    // Where it leaves from and arrives, as written (within ±180).
    [ev.origin] = geom.coordinates;
    ev.lonlat = geom.coordinates[geom.coordinates.length - 1];
  } else {
    ev.kind = 'point';
    ev.lonlat = geom.coordinates ?? [0, 0];
  }
  return ev;
}

/** Events in time order (start, then id, as the server sorts them). */
export function prepareEvents(features) {
  const events = features.map(prepareEvent);
  events.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  events.forEach((e, i) => { e.index = i; });
  return events;
}

/** [first start, last end] over all events. */
export function extentOf(events) {
  if (!events.length) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of events) {
    lo = Math.min(lo, e.start);
    hi = Math.max(hi, e.end);
  }
  return { start: lo, end: hi };
}

const clean = (s) => s.replace(/\s*\(.*$/, '').trim();

/** Where a movement starts and ends, in words: its place split at " to ". */
function originName(place) {
  const i = place.indexOf(' to ');
  return i > 0 ? clean(shortPlace(place.slice(0, i))) : '';
}
function destinationName(place) {
  const i = place.indexOf(' to ');
  return i > 0 ? clean(shortPlace(place.slice(i + 4))) : '';
}

/**
 * Names in alphabetical order, case aside, by code unit: unlike
 * localeCompare, the same in every browser's locale, and without the
 * collator that costs the page's start 10 to 30 ms to build.
 */
export function byName(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Distinct labelled places: point events at one location (within radiusKm,
 * which is the same site, not a neighbourhood) share one map label: the
 * name that most of their places contain, else the shortest, and not a
 * country ("Baghdad" rather than "Council of Representatives" or "Iraq");
 * movements add their origins (listed in ids, not counted). Busiest places
 * first. Each event keeps its own place's name: ev.placeLabel (where it
 * starts) and ev.endLabel (where it ends), never a neighbour's.
 */
export function placesOf(events, { radiusKm = 0.05 } = {}) {
  const countries = new Set(events.map((e) => clean(e.place.split(',').pop() ?? '')));
  const groups = [];
  const add = (lonlat, name, ev, { counts = true } = {}) => {
    if (!name) return;
    let g = groups.find((x) => distanceKm(x.lonlat, lonlat) <= radiusKm);
    if (!g) {
      g = { lonlat, names: new Set(), places: [], count: 0, ids: [] };
      groups.push(g);
    }
    g.names.add(name);
    g.places.push(ev.place);
    g.ids.push(ev.id);
    if (counts) g.count += 1;
  };
  for (const e of events) {
    e.placeLabel = e.kind === 'track' ? originName(e.place) || clean(e.short) || e.short : clean(e.short) || e.short;
    e.endLabel = e.kind === 'track' ? destinationName(e.place) || e.placeLabel : e.placeLabel;
    if (e.kind === 'point') add(e.lonlat, e.placeLabel, e);
  }
  for (const e of events) {
    if (e.kind === 'track') add(e.origin, originName(e.place), e, { counts: false });
  }
  for (const g of groups) {
    // The name most of the places there share ("Baghdad" is in "Council of
    // Representatives, Baghdad, Iraq"), then the shortest.
    const shared = new Map([...g.names].map((n) => [n, g.places.filter((p) => p.includes(n)).length]));
    const names = [...g.names];
    const local = names.filter((n) => !countries.has(n));
    g.name = (local.length ? local : names)
      .sort((a, b) => shared.get(b) - shared.get(a) || a.length - b.length || byName(a, b))[0];
  }
  return groups
    .map(({ name, lonlat, count, ids }) => ({ name, lonlat, count, ids }))
    .sort((a, b) => b.count - a.count || byName(a.name, b.name));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Bounds [[south, west], [north, east]] of the events' main region: points
 * within radiusKm of the median location, so a few far-away events (a vote
 * in Washington) do not zoom the map out to the whole world. When those are
 * not a clear majority there is no main region (a hurricane's track and
 * where it made landfall), and the bounds hold every point.
 */
export function regionBounds(events, { radiusKm = 1800 } = {}) {
  const pts = [];
  for (const e of events) {
    if (e.kind === 'track') pts.push(e.origin, e.lonlat);
    else pts.push(e.lonlat);
  }
  if (!pts.length) return null;
  const centre = [median(pts.map((p) => p[0])), median(pts.map((p) => p[1]))];
  const near = pts.filter((p) => distanceKm(p, centre) <= radiusKm);
  const use = near.length * 3 >= pts.length * 2 ? near : pts;
  const lons = use.map((p) => p[0]);
  const lats = use.map((p) => p[1]);
  return [[Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]];
}

/** Point events sharing a location (within ~1 km) with ev, other than ev. */
export function neighboursOf(ev, events) {
  if (ev.kind !== 'point') return [];
  return events.filter((o) => o !== ev && o.kind === 'point' && distanceKm(o.lonlat, ev.lonlat) < 1);
}
