// Live data: the server reloads a dataset file when it changes (or a
// PostGIS table changes under it), and the collection's ETag changes with
// it. The page asks, cheaply (a HEAD answered 304 while nothing changed),
// and when the data has changed reopens on it; the URL holds the time,
// view, filters and selection, so the page comes back where it was.

/** Calls onChange once when the collection's data changes; stop() ends the watch. */
export function watchCollection({ id, every = 5000, onChange, fetchFn = fetch, doc = document }) {
  let etag = null;
  let timer = null;
  let stopped = false;
  const url = `/api/collections/${encodeURIComponent(id)}/items?limit=1`;
  async function poll() {
    timer = null;
    if (stopped) return;
    if (!doc.hidden) {
      try {
        const res = await fetchFn(url, { method: 'HEAD', cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
        const now = res.headers.get('ETag');
        if (res.status === 200 && now) {
          if (etag && now !== etag) {
            stopped = true;
            onChange();
            return;
          }
          etag = now;
        }
      } catch {
        // The server is away (restarting, say): ask again later.
      }
    }
    if (!stopped) timer = setTimeout(poll, every);
  }
  poll();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
