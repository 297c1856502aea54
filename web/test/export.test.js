import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportURL, formatById, EXPORT_FORMATS } from '../static/js/api.js';

const t = Date.UTC(2020, 0, 7, 23);
const all = ['strike', 'aviation'];
const params = (href) => new URL(href, 'http://x').searchParams;

test('the export URL names the format and the collection', () => {
  assert.equal(exportURL({ t, allIds: all, format: 'kml', collection: 'second' }),
    '/api/export?format=kml&collection=second&datetime=..%2F2020-01-07T23%3A00%3A00Z');
  for (const f of EXPORT_FORMATS) assert.equal(params(exportURL({ t, format: f.id })).get('format'), f.id);
  const p = params(exportURL({ t, cats: new Set(['aviation']), allIds: all, q: 'PS752', format: 'gpx', collection: 'a b' }));
  assert.deepEqual(Object.fromEntries(p), {
    format: 'gpx', collection: 'a b', datetime: '../2020-01-07T23:00:00Z', category: 'aviation', q: 'PS752',
  });
});

test('without a collection the server picks its first; an unknown format falls back to GeoJSON', () => {
  assert.equal(params(exportURL({ t })).has('collection'), false);
  assert.equal(params(exportURL({ t, format: 'pdf' })).get('format'), 'geojson');
  assert.equal(formatById('nope').id, 'geojson');
  assert.equal(formatById('kml').name, 'KML');
  assert.equal(exportURL({ t, cats: new Set(), allIds: all, format: 'csv', collection: 'x' }), null);
});
