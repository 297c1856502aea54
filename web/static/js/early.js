// The page's first requests, started as soon as this module and its few
// imports arrive (index.html loads it async), not after every module of
// the page has loaded and run: the collections and the first page of
// events are then on their way while Leaflet and the rest load. The
// server's answer for the page preloads both (its Link header, from
// server/handle_page.go), so these fetches take answers already under way.

import { decodeState } from './state.js';
import { fetchStart } from './collections.js';

const { c, local } = decodeState(window.location.search);
let start = local ? null : fetchStart(c);
// Failures are reported when main.js awaits it, not as unhandled here first.
start?.catch(() => {});

/**
 * fetchStart's promise for the URL's collection (null for a file opened in
 * this browser), handed over once, so that the first page of events is not
 * kept after the page has taken it.
 */
export function takeStart() {
  const p = start;
  start = null;
  return p;
}
