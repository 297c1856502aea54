// What the columns leave out, fetched as needed: one event's feature for
// its panel, and pages of titles and places for the list's visible rows.

import { fetchEvent, fetchEventPage } from '../api.js';
import { prepareEvents, shortPlace } from '../events.js';

const PAGE = 100;

/** A prepared event (as events.js makes them) from a feature, labelled by its place. */
export function eventOf(feature) {
  const [ev] = prepareEvents([feature]);
  ev.placeLabel = shortPlace(ev.place);
  ev.endLabel = ev.placeLabel;
  return ev;
}

export function createDetails({ collection, onPage }) {
  const events = new Map(); // id → Promise of a prepared event
  let pages = new Map(); // page number → { titles, places } or 'loading'
  let filter = { cats: null, q: '' };
  let abort = new AbortController();

  return {
    /** The event with this id, fetched once. */
    event(id) {
      if (!events.has(id)) {
        const p = fetchEvent(collection, id).then(eventOf);
        p.catch(() => events.delete(id));
        events.set(id, p);
      }
      return events.get(id);
    },
    /** The list's k-th row's { title, place, precision }, or null while its page loads (onPage() when it arrives). */
    row(k) {
      const n = Math.floor(k / PAGE);
      const page = pages.get(n);
      if (page && page !== 'loading') return page[k - n * PAGE] ?? null;
      if (!page) {
        pages.set(n, 'loading');
        const mine = pages;
        fetchEventPage(collection, { ...filter, offset: n * PAGE, limit: PAGE, signal: abort.signal })
          .then((fc) => {
            if (mine !== pages) return;
            pages.set(n, fc.features.map((f) => ({
              title: f.properties.title, place: shortPlace(f.properties.place), precision: f.properties.time_precision,
            })));
            onPage();
          })
          .catch(() => { if (mine === pages) pages.delete(n); });
      }
      return null;
    },
    /** The list now shows the events matching cats and q. */
    setFilter(next) {
      abort.abort();
      abort = new AbortController();
      filter = next;
      pages = new Map();
    },
  };
}
