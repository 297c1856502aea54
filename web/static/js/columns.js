// A collection's columns (/api/.../columns, an Arrow IPC stream): every
// event's position, times, category and id in typed arrays, read while a
// progress callback counts the bytes.

/** Reads a response body into one Uint8Array; onProgress(fraction) as bytes arrive. */
export async function readBody(res, onProgress = () => {}) {
  const total = Number(res.headers.get('X-Decoded-Length') || res.headers.get('Content-Length')) || 0;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    if (total) onProgress(Math.min(1, got / total));
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Arrow pads buffers to 8 bytes: a view of exactly the column's rows.
function values(table, name) {
  const d = table.getChild(name).data[0];
  return d.values.subarray(d.offset, d.offset + d.length);
}

/**
 * The columns of an Arrow table as the page uses them. Times are seconds
 * from base (ms since epoch); row i is the i-th event in time order, the
 * order items pages in. Tracks: for each movement its row and its vertices
 * [first, first + count) in lon/lat/t.
 */
export function decodeColumns(table) {
  const n = table.numRows;
  if (n > 0 && table.batches.length !== 1) throw new Error('columns: expected one record batch');
  const meta = table.schema.metadata;
  const base = Number(meta.get('chronomap:base')) * 1000;
  const categories = JSON.parse(meta.get('chronomap:categories') ?? '[]');
  if (n === 0) {
    return { n, base, categories, ids: { get: () => null }, tracks: { rows: new Uint32Array(0) } };
  }
  const track = table.getChild('track').data[0];
  const offsets = track.valueOffsets;
  const vertex = track.children[0];
  const rows = [];
  for (let i = 0; i < n; i++) if (offsets[i + 1] > offsets[i]) rows.push(i);
  const trackRows = Uint32Array.from(rows);
  return {
    n,
    base,
    categories,
    ids: table.getChild('id'),
    lon: values(table, 'lon'),
    lat: values(table, 'lat'),
    start: values(table, 'start'),
    end: values(table, 'end'),
    offset: values(table, 'offset'),
    cat: values(table, 'category'),
    tracks: {
      rows: trackRows,
      first: Uint32Array.from(trackRows, (r) => offsets[r]),
      count: Uint32Array.from(trackRows, (r) => offsets[r + 1] - offsets[r]),
      lon: vertex.children[0].values,
      lat: vertex.children[1].values,
      t: vertex.children[2].values,
    },
  };
}

/** Row r's start and end in ms since epoch. */
export const startMs = (cols, r) => cols.base + cols.start[r] * 1000;
export const endMs = (cols, r) => cols.base + cols.end[r] * 1000;
