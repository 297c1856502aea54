// Client-side filtering, matching the server's rules so the page and the
// export agree: category in the set, and the trimmed, lower-cased query a
// substring of "title\nsummary\nplace".

/** The query as the server compares it. */
export function normalizeQuery(q) {
  return String(q ?? '').trim().toLowerCase();
}

/** cats: a Set of category ids, or null for all. */
export function matches(ev, { cats = null, q = '' } = {}) {
  if (cats && !cats.has(ev.category)) return false;
  const needle = normalizeQuery(q);
  return !needle || ev.text.includes(needle);
}

export function applyFilter(events, filter) {
  return events.filter((e) => matches(e, filter));
}

/** Events per category among those matching the text query (legend counts). */
export function countsByCategory(events, q) {
  const counts = new Map();
  for (const e of events) {
    if (matches(e, { q })) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  }
  return counts;
}

/** Toggles one category; null (all) expands to every id first. */
export function toggleCategory(cats, id, allIds) {
  const next = new Set(cats ?? allIds);
  if (next.has(id)) next.delete(id); else next.add(id);
  return next.size === allIds.length && allIds.every((c) => next.has(c)) ? null : next;
}
