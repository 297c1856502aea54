// Writes a synthetic chronology of N events in the dataset schema
// (data/SCHEMA.md) as GeoJSON, seeded, for the page benchmark:
// node bench/gen.mjs -n 100000 -seed 1 -o /tmp/ev100k.geojson
// Events spread over nine months across the Middle East; 2% are movements.

import fs from 'node:fs';

const CATEGORIES = ['strike', 'missile-attack', 'attack', 'aviation', 'protest', 'funeral',
  'politics', 'diplomacy', 'sanctions', 'military', 'legal'];
const PLACES = [
  ['Baghdad', 'Iraq', 44.36, 33.31, 180], ['Basra', 'Iraq', 47.78, 30.51, 180], ['Erbil', 'Iraq', 44.01, 36.19, 180],
  ['Tehran', 'Iran', 51.39, 35.69, 210], ['Isfahan', 'Iran', 51.67, 32.65, 210], ['Kerman', 'Iran', 57.08, 30.28, 210],
  ['Damascus', 'Syria', 36.29, 33.51, 120], ['Beirut', 'Lebanon', 35.5, 33.89, 120], ['Riyadh', 'Saudi Arabia', 46.72, 24.71, 180],
  ['Kuwait City', 'Kuwait', 47.98, 29.38, 180], ['Amman', 'Jordan', 35.93, 31.95, 120], ['Doha', 'Qatar', 51.53, 25.29, 180],
];

function args() {
  const a = { n: 1000, seed: 1, o: null };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^-+/, '')] = v[i + 1];
  if (!a.o) throw new Error('usage: node bench/gen.mjs -n N -seed S -o FILE');
  return { n: Number(a.n), seed: Number(a.seed), o: a.o };
}

// mulberry32: a small seeded generator, so a size always gives the same file.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (x) => String(x).padStart(2, '0');
function local(ms, offsetMin) {
  const d = new Date(ms + offsetMin * 60e3);
  const off = `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00${off}`;
}

const round = (x) => Math.round(x * 1e5) / 1e5;

function feature(i, r, t0, span) {
  const [city, country, lon, lat, off] = PLACES[Math.floor(r() * PLACES.length)];
  const start = t0 + Math.floor(r() * span / 60e3) * 60e3;
  const cat = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
  const p = [round(lon + (r() - 0.5) * 6), round(lat + (r() - 0.5) * 4)];
  const id = `ev-${i}`;
  const props = {
    id, title: `Event ${i}: ${cat} near ${city}`, summary: `Synthetic event ${i} for the benchmark.`,
    category: cat, place: `${city}, ${country}`, start: local(start, off),
    time_precision: 'minute', location_precision: 'approximate',
    sources: [{ title: `Report ${i}`, publisher: 'Benchmark', url: `https://example.org/${id}` }],
  };
  let geometry = { type: 'Point', coordinates: p };
  if (r() < 0.02) {
    const [, , lon2, lat2] = PLACES[Math.floor(r() * PLACES.length)];
    geometry = { type: 'LineString', coordinates: [p, [round(lon2), round(lat2)]] };
    props.end = local(start + (20 + Math.floor(r() * 160)) * 60e3, off);
  } else if (r() < 0.05) {
    props.end = local(start + Math.floor(1 + r() * 72) * 3600e3, off);
  }
  return { type: 'Feature', id, properties: props, geometry };
}

const { n, seed, o } = args();
const r = rng(seed);
const t0 = Date.UTC(2019, 9, 1);
const span = 273 * 86400e3;
const out = fs.createWriteStream(o);
out.write(`{"type":"FeatureCollection","name":"Synthetic ${n}","features":[\n`);
let i = 0;
function write() {
  while (i < n) {
    const s = (i ? ',\n' : '') + JSON.stringify(feature(i, r, t0, span));
    i += 1;
    if (!out.write(s)) {
      out.once('drain', write);
      return;
    }
  }
  out.end(']}\n');
}
write();
