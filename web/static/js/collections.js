// Which collection the page shows. The server may serve several; the URL's
// c names one, and no c (or an unknown one) means the first. Switching
// opens the page afresh on the other collection, since the time, window,
// filters and selection belong to the old one.

import { fetchCollections, fetchColumns, fetchEventPage } from './api.js';
import { decodeColumns } from './columns.js';
import { encodeState, decodeState } from './state.js';
import { h } from './dom.js';
import { setCategories, installCategoryStyles } from './categories.js';
import { loadLocal, localCollection } from './drop.js';

/** The collection c names, else the first; c comes back null for the first, which the URL leaves out. */
export function resolveCollection(list, c) {
  const current = list.find((x) => x.id === c) ?? list[0] ?? null;
  return { current, c: current && current !== list[0] ? current.id : null };
}

/** The query string that opens collection id, keeping only the viewer's preferences. */
export function switchSearch(state, id, list) {
  const { c } = resolveCollection(list, id);
  return encodeState({ ...state, c, t: null, win: null, view: null, cats: null, q: '', sel: null });
}

// Up to this many events the page draws each as its own glyph (today's
// look); above it, on the GPU from the columns. The server preloads the
// first page at this size (startPageLimit in server/handle_page.go).
export const SMALL = 2000;

/**
 * The collections, the one requested (else the first) and the first page
 * of its events: what the page asks the server for first, started by
 * early.js before the page's other modules have loaded.
 */
export async function fetchStart(requested) {
  const { collections = [] } = await fetchCollections();
  const { current, c } = resolveCollection(collections, requested);
  const page = current ? await fetchEventPage(current.id, { limit: SMALL }) : null;
  return { collections, current, c, page };
}

/**
 * The collections, the one to show, and its events: a small collection's
 * features, all in one page (numberMatched says it is all), or a large
 * one's columns (every event; loadArrow() gives the Arrow library), with
 * features null. start: fetchStart(requested) when already under way.
 */
export async function loadCollection(requested, { loadArrow, onProgress, local = false, start = null } = {}) {
  if (local) {
    const kept = await loadLocal();
    if (!kept) throw new Error('This link is to a file opened in a browser, and this browser does not keep it: open the file here with "Open a file…"');
    const current = localCollection(kept.fc, kept.name);
    return { collections: [current], current, c: null, cols: null, features: kept.fc.features ?? [] };
  }
  const { collections, current, c, page } = await (start ?? fetchStart(requested));
  if (!current) return { collections, current, c, cols: null, features: [] };
  if (page.numberMatched <= page.features.length) return { collections, current, c, cols: null, features: page.features };
  const [Arrow, bytes] = await Promise.all([loadArrow(), fetchColumns(current.id, onProgress)]);
  return { collections, current, c, cols: decodeColumns(Arrow.tableFromIPC(bytes)), features: null };
}

/** Seconds between tries of a load the server cannot answer for now; the last repeats. */
export const RETRY_SECONDS = [2, 5, 10, 20, 30];

/**
 * load(), tried again while the server answers 503 (a database it serves
 * from is down or busy): onWait(err, seconds) before each wait. Any other
 * failure is thrown at once.
 */
export async function retryUnavailable(load, { onWait, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }) {
  for (let tries = 0; ; tries++) {
    try {
      return await load();
    } catch (err) {
      if (err.status !== 503) throw err;
      const seconds = RETRY_SECONDS[Math.min(tries, RETRY_SECONDS.length - 1)];
      onWait(err, seconds);
      await sleep(seconds * 1000);
    }
  }
}

/** Where the collection's metadata opens the map ({lat, lng, zoom}), or null to fit its events. */
export function datasetView(current) {
  const v = current?.chronomap?.view;
  if (!v || !Array.isArray(v.center) || v.center.length !== 2) return null;
  const [lng, lat] = v.center.map(Number);
  const zoom = Number(v.zoom);
  return [lng, lat, zoom].every(Number.isFinite) ? { lat, lng, zoom } : null;
}

/** Titles the page after the collection and takes its categories. */
export function showCollection(current) {
  setCategories(current?.chronomap?.categories);
  installCategoryStyles(document);
  if (current?.local) {
    document.querySelector('.brand-sub').replaceChildren(
      `${current.name}, opened in this browser (not stored on the server) · `,
      h('a', { href: '/' }, "the server's chronologies"),
    );
  }
  if (!current?.title) return;
  document.getElementById('dataset-title').textContent = current.title;
  document.title = `${current.title} · Chronomap`;
}

/**
 * The Dataset menu, shown only when there is a choice. It is made before the
 * events are known, so that a collection the page cannot show can still be
 * left. The preferences to keep come from the URL, which mirrors the page.
 */
export function createCollectionSwitch({ root, select, collections, current }) {
  let leave = () => {};
  if (collections.length > 1) {
    for (const col of collections) select.append(h('option', { value: col.id }, col.title || col.id));
    select.value = current.id;
    root.hidden = false;
    select.addEventListener('change', () => {
      if (select.value === current.id) return;
      leave();
      const qs = switchSearch(decodeState(window.location.search), select.value, collections);
      window.location.assign(`${window.location.pathname}${qs ? `?${qs}` : ''}`);
    });
  }
  return {
    /** fn runs before the page navigates away: to bring the URL up to date and stop writing it. */
    onLeave(fn) {
      leave = fn;
    },
  };
}
