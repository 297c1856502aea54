import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeState, encodeState, createUrlWriter, checkLink, DEFAULTS } from '../static/js/state.js';
import { parseTime } from '../static/js/format.js';

test('state survives a round trip through the query string', () => {
  const s = {
    ...DEFAULTS,
    c: 'second',
    t: Date.UTC(2020, 0, 7, 23),
    win: { start: Date.UTC(2020, 0, 7, 12), end: Date.UTC(2020, 0, 8, 12) },
    view: { lat: 33.12346, lng: 46.5, zoom: 6.25 },
    cats: new Set(['missile-attack', 'aviation']),
    q: 'PS752 & more',
    sel: 'ps752-crash',
    speed: '1h',
    fade: 'never',
    slow: false,
    loop: true,
    utc: true,
    fmt: 'kml',
  };
  const qs = encodeState(s);
  assert.match(qs, /^c=second&t=2020-01-07T23:00:00Z/);
  assert.match(qs, /&fmt=kml$/);
  assert.match(qs, /cat=aviation,missile-attack/);
  const back = decodeState(qs);
  assert.deepEqual({ ...back, cats: [...back.cats].sort() }, { ...s, view: { lat: 33.1235, lng: 46.5, zoom: 6.25 }, cats: ['aviation', 'missile-attack'] });
});

test('defaults stay out of the URL', () => {
  assert.equal(encodeState({ ...DEFAULTS }), '');
  assert.deepEqual(decodeState(''), { ...DEFAULTS });
});

test('times with offsets and an empty category list are understood', () => {
  const s = decodeState('?t=2020-01-08T02:30:00%2B03:30&cat=');
  assert.equal(s.t, parseTime('2020-01-07T23:00:00Z').ms);
  assert.equal(s.cats.size, 0);
});

test('garbage is ignored, not fatal', () => {
  const s = decodeState('t=soon&w=a/b&map=91,0,3&speed=warp&fade=x&fmt=pdf&c=');
  assert.deepEqual(s, { ...DEFAULTS });
});

test('the writer replaces history at most once per interval', async () => {
  const calls = [];
  const win = {
    location: { pathname: '/', search: '', hash: '' },
    history: { replaceState: (a, b, url) => { calls.push(url); win.location.search = url.slice(1); } },
  };
  let t = 0;
  const w = createUrlWriter(() => ({ ...DEFAULTS, t }), { interval: 20, win });
  for (let i = 0; i < 10; i++) {
    t = Date.UTC(2020, 0, 1, i);
    w.schedule();
  }
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(calls, ['/?t=2020-01-01T09:00:00Z']);
  w.flush();
  assert.equal(calls.length, 1, 'no write when nothing changed');
});

test('the map layers: absent is the server default, empty is none, unknown characters are dropped', () => {
  assert.equal(decodeState('').layers, null);
  assert.deepEqual(decodeState('layers=').layers, []);
  assert.deepEqual(decodeState('layers=osm,vector,<x>').layers, ['osm', 'vector']);
  assert.equal(encodeState({ ...DEFAULTS, layers: null }), '');
  assert.equal(encodeState({ ...DEFAULTS, layers: [] }), 'layers=');
  assert.equal(encodeState({ ...DEFAULTS, layers: ['vector', 'osm'] }), 'layers=vector,osm');
});

test('a link naming what the chronology lacks keeps the rest and says what was left out', () => {
  const categories = ['strike', 'protest'];
  const hasEvent = (id) => id === 'ps752-crash';
  const check = (search) => checkLink(decodeState(search), { categories, hasEvent });
  assert.deepEqual(check('cat=strike&ev=ps752-crash'), { cats: new Set(['strike']), sel: 'ps752-crash', note: '' });
  assert.deepEqual(check('cat=nope'), { cats: null, sel: null, note: 'The link\'s category "nope" is not in this chronology; every category is shown.' });
  assert.deepEqual(check('cat=strike,nope,war'), { cats: new Set(['strike']), sel: null, note: 'The link\'s categories "nope", "war" are not in this chronology.' });
  assert.deepEqual(check('cat='), { cats: new Set(), sel: null, note: '' }, 'no category chosen stays a choice');
  assert.deepEqual(check('ev=ps752-shootdown'), { cats: null, sel: null, note: 'The link\'s event "ps752-shootdown" is not in this chronology.' });
  assert.equal(checkLink(decodeState('ev=anything'), { categories }).sel, 'anything', 'without ids to check against, the event stays');
  assert.match(check(`ev=${'x'.repeat(500)}`).note, /"x{60}…"/);
});
