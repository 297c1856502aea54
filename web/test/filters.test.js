import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareEvents } from '../static/js/events.js';
import { matches, applyFilter, countsByCategory, toggleCategory, normalizeQuery } from '../static/js/filters.js';
import { exportURL } from '../static/js/api.js';
import { categoriesOf, categoryClass, setCategories, categoryRules, category } from '../static/js/categories.js';
import { readFileSync } from 'node:fs';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));

const events = prepareEvents(features);
const ids = (xs) => xs.map((e) => e.id);

test('text search is case-insensitive over title, summary and place', () => {
  assert.deepEqual(ids(applyFilter(events, { q: 'SOLEIMANI' })), ['flight', 'strike']);
  assert.deepEqual(ids(applyFilter(events, { q: '  anbar ' })), ['al-asad']);
  assert.deepEqual(ids(applyFilter(events, { q: '176 on board' })), ['ps752-crash']);
  assert.equal(normalizeQuery('  PS752 '), 'ps752');
});

test('categories filter, null meaning all', () => {
  assert.equal(applyFilter(events, { cats: null }).length, events.length);
  assert.deepEqual(ids(applyFilter(events, { cats: new Set(['aviation']) })), ['flight', 'ps752-crash']);
  assert.deepEqual(ids(applyFilter(events, { cats: new Set(['aviation']), q: 'crash' })), ['ps752-crash']);
  assert.equal(applyFilter(events, { cats: new Set() }).length, 0);
  assert.equal(matches(events[0], {}), true);
});

test('legend counts follow the text query', () => {
  const all = countsByCategory(events, '');
  assert.equal(all.get('aviation'), 2);
  assert.equal(countsByCategory(events, 'baghdad').get('aviation'), 1);
  assert.equal(countsByCategory(events, 'baghdad').get('politics'), undefined);
});

test('toggling the last category back on returns to all', () => {
  const all = ['a', 'b'];
  const off = toggleCategory(null, 'a', all);
  assert.deepEqual([...off], ['b']);
  assert.equal(toggleCategory(off, 'a', all), null);
});

test('categories are listed in the collection order, unlisted last', () => {
  setCategories([
    { id: 'strike', label: 'US strikes', color: '#b2182b', shape: 'diamond' },
    { id: 'missile-attack', label: 'Missile attacks', color: '#e66100', shape: 'triangle' },
    { id: 'aviation', label: 'Aviation', color: '#0072b2', shape: 'circle' },
    { id: 'politics', label: 'Politics', color: '#56b4e9' },
  ]);
  assert.deepEqual(categoriesOf(events).map((c) => c.id), ['strike', 'missile-attack', 'aviation', 'politics', 'funeral']);
  assert.equal(categoryClass('weather'), 'cat-other');
  assert.equal(categoryClass('strike'), 'cat-strike');
  assert.equal(category('strike').label, 'US strikes');
  assert.equal(category('funeral').unknown, true);
});

test('category colours become CSS rules, and nothing malformed gets in', () => {
  const list = setCategories([
    { id: 'explosion', label: 'Explosions', color: '#B2182B', shape: 'star' },
    { id: 'x} body { display: none', color: '#000000' },
    { id: 'relief', color: 'red; } body {' },
    null,
  ]);
  assert.equal(list[0].shape, 'circle');
  assert.deepEqual(categoryRules(), ['.cat-explosion { --c: #B2182B; }']);
});

test('the export URL asks for exactly what is shown at t', () => {
  const t = Date.UTC(2020, 0, 7, 23);
  const all = ['strike', 'aviation'];
  assert.equal(exportURL({ t, allIds: all }), '/api/export?format=geojson&datetime=..%2F2020-01-07T23%3A00%3A00Z');
  const u = new URL(exportURL({ t, cats: new Set(['aviation']), allIds: all, q: ' PS752 ' }), 'http://x');
  assert.equal(u.searchParams.get('datetime'), '../2020-01-07T23:00:00Z');
  assert.equal(u.searchParams.get('category'), 'aviation');
  assert.equal(u.searchParams.get('q'), 'PS752');
  assert.equal(new URL(exportURL({ t, cats: new Set(all), allIds: all }), 'http://x').searchParams.has('category'), false);
  assert.equal(exportURL({ t, cats: new Set(), allIds: all }), null);
});
