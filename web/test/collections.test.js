import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCollection, switchSearch } from '../static/js/collections.js';
import { DEFAULTS, decodeState } from '../static/js/state.js';

const list = [{ id: 'first', title: 'First' }, { id: 'second', title: 'Second' }];

test('the URL names a collection; none or an unknown one means the first', () => {
  assert.deepEqual(resolveCollection(list, 'second'), { current: list[1], c: 'second' });
  assert.deepEqual(resolveCollection(list, null), { current: list[0], c: null });
  assert.deepEqual(resolveCollection(list, 'nope'), { current: list[0], c: null });
  assert.deepEqual(resolveCollection(list, 'first'), { current: list[0], c: null }, 'the first is left out of the URL');
  assert.deepEqual(resolveCollection([], 'x'), { current: null, c: null });
});

test('switching keeps the viewer\'s preferences and drops what belongs to the old collection', () => {
  const state = decodeState('t=2020-01-08T03:00:00Z&w=2020-01-01T00:00:00Z/2020-01-09T00:00:00Z&map=33,44,5'
    + '&cat=aviation&q=iran&ev=x&speed=1h&utc=1&loop=1&fmt=kml');
  const qs = switchSearch(state, 'second', list);
  assert.equal(qs, 'c=second&speed=1h&loop=1&utc=1&fmt=kml');
  assert.deepEqual(decodeState(qs), { ...DEFAULTS, c: 'second', speed: '1h', loop: true, utc: true, fmt: 'kml' });
  assert.equal(switchSearch({ ...state, c: 'second' }, 'first', list), 'speed=1h&loop=1&utc=1&fmt=kml');
  assert.equal(switchSearch({ ...DEFAULTS }, 'first', list), '');
});

test('a dropped dataset is the data file, with its sidecar if any', async () => {
  const { pickDataset } = await import('../static/js/drop.js');
  const f = (name) => ({ name });
  assert.deepEqual(pickDataset([f('a.csv'), f('a.meta.json')]), { file: f('a.csv'), meta: f('a.meta.json') });
  assert.deepEqual(pickDataset([f('b.GeoJSON')]), { file: f('b.GeoJSON'), meta: null });
  assert.match(pickDataset([f('a.meta.json')]).error, /metadata file/);
  assert.match(pickDataset([f('a.csv'), f('b.csv')]).error, /one dataset at a time/);
  assert.match(pickDataset([f('notes.txt')]).error, /GeoJSON .* or CSV/);
  assert.equal(pickDataset([f('events.xlsx')]).error, 'events.xlsx is a spreadsheet: save the sheet as "CSV UTF-8" and drop that.');
  assert.match(pickDataset([f('events.csv.gz')]).error, /^events\.csv\.gz is compressed: unpack it/);
  assert.match(pickDataset([f('roads.gpkg')]).error, /^roads\.gpkg is another geographic format: convert it to GeoJSON/);
});

test('a load the server cannot answer for now (503) is tried again, waiting longer each time; other failures are not', async () => {
  const { retryUnavailable, RETRY_SECONDS } = await import('../static/js/collections.js');
  const failure = (status) => Object.assign(new Error(`status ${status}`), { status });
  const waits = [];
  const slept = [];
  let tries = 0;
  const got = await retryUnavailable(async () => {
    tries += 1;
    if (tries <= 6) throw failure(503);
    return 'loaded';
  }, { onWait: (err, s) => waits.push([err.status, s]), sleep: async (ms) => slept.push(ms) });
  assert.equal(got, 'loaded');
  assert.deepEqual(waits.map(([, s]) => s), [...RETRY_SECONDS, RETRY_SECONDS.at(-1)]);
  assert.deepEqual(slept, waits.map(([, s]) => s * 1000));
  assert.ok(waits.every(([status]) => status === 503));

  for (const err of [failure(400), failure(500), new TypeError('Failed to fetch')]) {
    let calls = 0;
    await assert.rejects(retryUnavailable(async () => { calls += 1; throw err; }, { onWait: () => assert.fail('no wait'), sleep: async () => {} }), err);
    assert.equal(calls, 1);
  }
});
