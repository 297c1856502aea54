// A small vector-tile basemap of central Beirut for the tests, written by
// GDAL's MBTiles driver as a user would make one: OpenMapTiles-style layers
// (water, landuse, transportation, building, place) synthesised on a street
// grid, at zooms 8 to 14. A few hundred kilobytes, made at test time.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

// The grid: blocks of STEP degrees between streets, west to east, south to north.
const WEST = 35.47;
const SOUTH = 33.76;
const COLS = 40;
const ROWS = 24;
const STEP = 0.006;
const USES = ['residential', 'commercial', 'residential', 'park', 'residential', 'industrial'];

const feature = (properties, type, coordinates) => ({ type: 'Feature', properties, geometry: { type, coordinates } });
const box = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];

function layers() {
  const east = WEST + COLS * STEP;
  const north = SOUTH + ROWS * STEP;
  const landuse = [];
  const building = [];
  for (let i = 0; i < COLS; i++) {
    for (let j = 0; j < ROWS; j++) {
      const w = WEST + i * STEP + 0.0004;
      const s = SOUTH + j * STEP + 0.0004;
      const e = w + STEP - 0.0008;
      const n = s + STEP - 0.0008;
      const cls = USES[(i * 7 + j * 3) % USES.length];
      landuse.push(feature({ class: cls }, 'Polygon', box(w, s, e, n)));
      if (cls !== 'park') {
        for (const [a, b] of [[0.1, 0.1], [0.55, 0.1], [0.1, 0.55], [0.55, 0.55]]) {
          const d = (e - w) * 0.35;
          building.push(feature({}, 'Polygon', box(w + (e - w) * a, s + (n - s) * b, w + (e - w) * a + d, s + (n - s) * b + d)));
        }
      }
    }
  }
  const transportation = [];
  for (let i = 0; i <= COLS; i++) {
    const x = WEST + i * STEP;
    transportation.push(feature({ class: i % 5 === 0 ? 'primary' : 'minor', name: `Rue ${i + 1}` }, 'LineString', [[x, SOUTH], [x, north]]));
  }
  for (let j = 0; j <= ROWS; j++) {
    const y = SOUTH + j * STEP;
    transportation.push(feature({ class: j % 4 === 0 ? 'secondary' : 'minor', name: `Street ${j + 1}` }, 'LineString', [[WEST, y], [east, y]]));
  }
  // The sea lies north of the grid, as it does of Beirut, and the coast
  // turns north-east towards Jounieh.
  const water = [feature({ class: 'ocean' }, 'Polygon', [[[35.40, north + 0.002], [35.53, north + 0.002], [35.56, 33.92],
    [35.60, 33.96], [35.62, 34.0], [35.40, 34.0], [35.40, north + 0.002]]])];
  const place = [
    feature({ class: 'city', name: 'Beirut' }, 'Point', [35.505, 33.888]),
    feature({ class: 'suburb', name: 'Gemmayzeh' }, 'Point', [35.516, 33.895]),
  ];
  return { water, landuse, transportation, building, place };
}

function gdal(args) {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`ogr2ogr (gdal-bin) is needed to make the basemap fixture: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')}: ${r.stderr}`);
}

/** Writes beirut.mbtiles in dir and returns its path. */
export function makeBasemap(dir) {
  const gpkg = path.join(dir, 'beirut.gpkg');
  Object.entries(layers()).forEach(([name, features], i) => {
    const src = path.join(dir, `${name}.geojson`);
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features }));
    gdal([...(i ? ['-update'] : ['-f', 'GPKG']), gpkg, src, '-nln', name]);
  });
  const out = path.join(dir, 'beirut.mbtiles');
  gdal(['-f', 'MBTiles', out, gpkg, '-dsco', 'MINZOOM=8', '-dsco', 'MAXZOOM=14', '-dsco', 'NAME=Beirut (test)']);
  return out;
}
