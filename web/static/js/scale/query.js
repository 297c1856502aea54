// Filtering and counting on the columns' typed arrays, free of the DOM:
// which rows the filters keep, where t falls among them, and the density
// of their starts for the timeline.

/** First index in the sorted array a whose value is > x. */
export function upperBound(a, x, lo = 0, hi = a.length) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** First index in the sorted array a whose value is ≥ x. */
export function lowerBound(a, x, lo = 0, hi = a.length) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The rows that pass: category in cats (a Set of names, null for all) and,
 * when matches is given (sorted row numbers the server found for the
 * search), among them. Returns { rows, starts, on }: the rows in time
 * order, their starts (sorted, for binary search) and a 0/1 byte per row.
 */
export function filterRows(cols, { cats = null, matches = null } = {}) {
  const { n, cat, start, categories } = cols;
  const keepCat = new Uint8Array(256).fill(cats ? 0 : 1);
  if (cats) categories.forEach((c, i) => { if (cats.has(c)) keepCat[i] = 1; });
  const on = new Uint8Array(n);
  const rows = new Uint32Array(matches ? matches.length : n);
  let k = 0;
  if (matches) {
    for (const r of matches) if (keepCat[cat[r]]) { on[r] = 1; rows[k++] = r; }
  } else {
    for (let r = 0; r < n; r++) if (keepCat[cat[r]]) { on[r] = 1; rows[k++] = r; }
  }
  const kept = rows.slice(0, k);
  const starts = new Int32Array(k);
  for (let i = 0; i < k; i++) starts[i] = start[kept[i]];
  return { rows: kept, starts, on };
}

/** Events per category name among matches (all rows when null), for the legend. */
export function countsByCategory(cols, matches = null) {
  const per = new Uint32Array(256);
  if (matches) for (const r of matches) per[cols.cat[r]] += 1;
  else for (let r = 0; r < cols.n; r++) per[cols.cat[r]] += 1;
  return new Map(cols.categories.map((c, i) => [c, per[i]]).filter(([, v]) => v > 0));
}

/**
 * How many of the sorted starts fall in each of bins equal slices of
 * [from, to): two binary searches a bin, so a million rows bin in
 * microseconds whatever the zoom.
 */
export function binCounts(starts, { from, to, bins }) {
  const out = new Uint32Array(Math.max(0, bins));
  if (!bins || to <= from) return out;
  const w = (to - from) / bins;
  let prev = lowerBound(starts, from);
  for (let b = 0; b < bins; b++) {
    const next = lowerBound(starts, from + (b + 1) * w, prev);
    out[b] = next - prev;
    prev = next;
  }
  return out;
}
