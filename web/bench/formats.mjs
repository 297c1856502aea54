// How big the columns are and how fast the page can read them, as Arrow
// IPC (what /columns serves) against the same columns as JSON arrays:
// node web/bench/formats.mjs http://localhost:8080/api/collections/ID/columns
// Prints raw, gzip and brotli sizes and the median of 5 decodes into typed arrays.

import zlib from 'node:zlib';
import * as Arrow from 'apache-arrow';
import { decodeColumns } from '../static/js/columns.js';

const url = process.argv[2];
if (!url) throw new Error('usage: node web/bench/formats.mjs COLUMNS_URL');
const arrow = new Uint8Array(await (await fetch(url, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer());
const cols = decodeColumns(Arrow.tableFromIPC(arrow));

// The same content as JSON: one array per column, tracks as [lon, lat, t] triples.
const track = new Array(cols.n).fill(null);
cols.tracks.rows.forEach((r, i) => {
  const v = [];
  for (let j = cols.tracks.first[i]; j < cols.tracks.first[i] + cols.tracks.count[i]; j++) {
    v.push([cols.tracks.lon[j], cols.tracks.lat[j], cols.tracks.t[j]]);
  }
  track[r] = v;
});
const json = Buffer.from(JSON.stringify({
  base: cols.base, categories: cols.categories, id: Array.from({ length: cols.n }, (_, r) => cols.ids.get(r)),
  lon: [...cols.lon], lat: [...cols.lat], start: [...cols.start], end: [...cols.end], offset: [...cols.offset], category: [...cols.cat], track,
}));

function median(f) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const a = performance.now();
    f();
    times.push(performance.now() - a);
  }
  return times.sort((x, y) => x - y)[2];
}
const decodeJSON = () => {
  const o = JSON.parse(json.toString());
  return [Float32Array.from(o.lon), Float32Array.from(o.lat), Int32Array.from(o.start), Int32Array.from(o.end), Uint8Array.from(o.category)];
};
const mb = (n) => (n / 1e6).toFixed(2);
const row = (name, b, decode) => `| ${name} | ${mb(b.length)} | ${mb(zlib.gzipSync(b).length)} | ${mb(zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }).length)} | ${median(decode).toFixed(1)} |`;
console.log(`${cols.n} events, ${cols.tracks.rows.length} movements\n`);
console.log('| format | raw (MB) | gzip (MB) | brotli q5 (MB) | decode to typed arrays (ms, median of 5) |');
console.log('|---|---:|---:|---:|---:|');
console.log(row('Arrow IPC stream', arrow, () => decodeColumns(Arrow.tableFromIPC(arrow))));
console.log(row('JSON arrays', json, decodeJSON));
