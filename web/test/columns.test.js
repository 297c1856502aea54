import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Arrow from 'apache-arrow';
import { decodeColumns, readBody, startMs } from '../static/js/columns.js';

// A table shaped like /columns: two places and a movement between them.
function table() {
  const vertex = new Arrow.Struct([
    new Arrow.Field('lon', new Arrow.Float32()), new Arrow.Field('lat', new Arrow.Float32()), new Arrow.Field('t', new Arrow.Int32()),
  ]);
  const t = Arrow.makeTable({
    lon: Float32Array.from([44.4, 51.4, 47.8]),
    lat: Float32Array.from([33.3, 35.7, 30.5]),
    start: Int32Array.from([0, 60, 120]),
    end: Int32Array.from([0, 3660, 120]),
    offset: Int16Array.from([180, 210, 180]),
    category: Uint8Array.from([0, 3, 1]),
  });
  const ids = Arrow.vectorFromArray(['a', 'b', 'c'], new Arrow.Utf8());
  const track = Arrow.vectorFromArray([null, [{ lon: 44.4, lat: 33.3, t: 60 }, { lon: 51.4, lat: 35.7, t: 3660 }], null],
    new Arrow.List(new Arrow.Field('item', vertex, true)));
  const full = new Arrow.Table({
    id: ids, lon: t.getChild('lon'), lat: t.getChild('lat'), start: t.getChild('start'), end: t.getChild('end'),
    offset: t.getChild('offset'), category: t.getChild('category'), track,
  });
  full.schema.metadata.set('chronomap:base', '1577836800');
  full.schema.metadata.set('chronomap:categories', JSON.stringify(['strike', 'missile-attack', 'attack', 'aviation']));
  return Arrow.tableFromIPC(Arrow.tableToIPC(full, 'stream'));
}

test('decodeColumns gives typed arrays, times from the base, and the movements with their vertices', () => {
  const cols = decodeColumns(table());
  assert.equal(cols.n, 3);
  assert.ok(cols.lon instanceof Float32Array);
  assert.ok(cols.start instanceof Int32Array);
  assert.deepEqual([...cols.cat], [0, 3, 1]);
  assert.equal(cols.ids.get(2), 'c');
  assert.equal(startMs(cols, 1), Date.UTC(2020, 0, 1, 0, 1));
  assert.deepEqual([...cols.tracks.rows], [1]);
  assert.deepEqual([...cols.tracks.count], [2]);
  const v = cols.tracks.first[0];
  assert.deepEqual([...cols.tracks.t.slice(v, v + 2)], [60, 3660]);
  assert.equal(cols.categories[cols.cat[1]], 'aviation');
});

test('readBody counts progress against the decoded length', async () => {
  const bytes = new Uint8Array(1000).fill(7);
  const res = new Response(new Blob([bytes.slice(0, 400), bytes.slice(400)]).stream(), { headers: { 'X-Decoded-Length': '1000' } });
  const seen = [];
  const out = await readBody(res, (f) => seen.push(f));
  assert.equal(out.length, 1000);
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]));
});
