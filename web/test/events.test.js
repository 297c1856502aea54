import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareEvents, shortPlace, byName, placesOf, regionBounds, extentOf, neighboursOf } from '../static/js/events.js';
import { setCategories } from '../static/js/categories.js';
import { readFileSync } from 'node:fs';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));
// The embedded crisis's categories, as its metadata declares them.
setCategories(JSON.parse(readFileSync(new URL('../../data/events.geojson', import.meta.url))).chronomap.categories);

const events = prepareEvents(features);

test('events are prepared once, in time order', () => {
  assert.deepEqual(events.map((e) => e.id), ['flight', 'strike', 'baghdad-protest', 'al-asad', 'ps752-crash', 'house-vote']);
  const flight = events[0];
  assert.equal(flight.kind, 'track');
  assert.equal(flight.startOffset, 120);
  assert.equal(flight.endOffset, 180);
  assert.ok(flight.hasEnd);
  assert.ok(flight.track.total > 600e3 && flight.track.total < 800e3, `Damascus–Baghdad is ~690 km, got ${flight.track.total}`);
  assert.equal(events[1].cls, 'cat-strike');
  assert.equal(events[1].hasEnd, false);
  assert.equal(events[1].end, events[1].start);
  assert.match(events[1].text, /baghdad international airport/);
});

test('unknown categories are grey circles', () => {
  const [e] = prepareEvents([{ ...features[1], properties: { ...features[1].properties, category: 'weather' } }]);
  assert.equal(e.cls, 'cat-other');
  assert.equal(e.shape, 'circle');
});

test('short place names are the first comma part', () => {
  assert.equal(shortPlace('Al Asad Airbase, Anbar, Iraq'), 'Al Asad Airbase');
  assert.equal(shortPlace('Tehran'), 'Tehran');
  assert.equal(shortPlace(undefined), '');
});

test('places: one label per distinct point location, busiest first', () => {
  const places = placesOf(events);
  assert.deepEqual(places.map((p) => p.name), ['Baghdad International Airport', 'Al Asad Airbase', 'Shahedshahr', 'Washington', 'Damascus']);
  assert.equal(places[0].count, 2);
  assert.equal(places[4].count, 0, 'a movement origin is labelled but has no event of its own');
  assert.equal(events.find((e) => e.id === 'flight').placeLabel, 'Damascus');
});

test('byName orders names alphabetically, case aside, the same in any locale', () => {
  assert.deepEqual(['near Albu Kamal', 'NATO headquarters', "near al-Qa'im", 'Najaf', 'Qom'].sort(byName),
    ['Najaf', 'NATO headquarters', "near al-Qa'im", 'near Albu Kamal', 'Qom']);
  assert.equal(byName('Erbil', 'erbil'), 0);
});

test('a shared point is labelled by its shortest local name; each event keeps its own', () => {
  const mk = (id, place) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [44.3661, 33.3152] },
    properties: { id, title: id, summary: '', category: 'politics', place, start: '2020-01-05T12:00:00+03:00', time_precision: 'day' },
  });
  const evs = prepareEvents([mk('a', 'Council of Representatives, Baghdad, Iraq'), mk('b', 'Iraq (coalition headquarters, Baghdad)'), mk('c', 'Baghdad, Iraq')]);
  assert.deepEqual(placesOf(evs).map((p) => [p.name, p.count]), [['Baghdad', 3]]);
  assert.deepEqual(evs.map((e) => e.placeLabel), ['Council of Representatives', 'Iraq', 'Baghdad']);
});

test('a place label never takes the name of a different place, however near (issue 10)', () => {
  const mk = (id, place, coordinates) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates },
    properties: { id, title: id, summary: '', category: 'other', place, start: '2020-08-04T18:08:00+03:00', time_precision: 'minute' },
  });
  const evs = prepareEvents([
    mk('blast', 'Port of Beirut, Beirut, Lebanon', [35.5186, 33.9013]),
    mk('fire', 'Warehouse 12, Port of Beirut, Beirut, Lebanon', [35.5186, 33.9013]),
    mk('rescue', 'Port of Beirut, Lebanon', [35.5186, 33.9013]),
    mk('damage', 'Gemmayzeh, Beirut, Lebanon', [35.5165, 33.8955]),
  ]);
  const places = placesOf(evs);
  // All three at the port name the port: the label says so.
  assert.deepEqual(places.map((p) => [p.name, p.count]), [['Port of Beirut', 3], ['Gemmayzeh', 1]]);
  assert.deepEqual(evs.map((e) => [e.id, e.placeLabel]),
    [['blast', 'Port of Beirut'], ['damage', 'Gemmayzeh'], ['fire', 'Warehouse 12'], ['rescue', 'Port of Beirut']]);
});

test('the region leaves out Washington', () => {
  const [[s, w], [n, e]] = regionBounds(events);
  assert.ok(w > 30 && e < 55, `west ${w} east ${e}`);
  assert.ok(s > 30 && n < 40);
});

test('a hurricane whose track leads to its last events is framed whole, not just where it ends', () => {
  const mk = (id, geometry, start, end) => ({
    type: 'Feature', geometry,
    properties: { id, title: id, summary: '', category: 'storm', place: id, start, end, time_precision: 'hour' },
  });
  const evs = prepareEvents([
    mk('track', { type: 'LineString', coordinates: [[-78.5, 12.6], [-90.2, 29.1], [-70, 42.5]] }, '2021-08-26T12:00:00-05:00', '2021-09-02T12:00:00-04:00'),
    mk('landfall', { type: 'Point', coordinates: [-90.2, 29.1] }, '2021-08-29T11:55:00-05:00'),
    mk('nyc-flood', { type: 'Point', coordinates: [-73.9, 40.7] }, '2021-09-01T21:00:00-04:00'),
  ]);
  const [[s, w], [n, e]] = regionBounds(evs);
  assert.ok(s <= 12.6 && w <= -90.2 && n >= 42.5 && e >= -70, `${[[s, w], [n, e]]}`);
});

test('a track across the antimeridian stays one line, not a line back across the world', () => {
  const [ev] = prepareEvents([{
    type: 'Feature', geometry: { type: 'LineString', coordinates: [[170, 64], [179.8, 64.6], [-179.9, 64.6], [-147.7, 64.8]] },
    properties: { id: 'smoke', title: 'smoke', summary: '', category: 'smoke', place: 'Bering Sea', start: '2023-07-10T00:00:00+09:00', end: '2023-07-14T00:00:00-08:00', time_precision: 'day' },
  }]);
  const lons = ev.track.coords.map(([lon]) => lon);
  for (let i = 1; i < lons.length; i++) assert.ok(Math.abs(lons[i] - lons[i - 1]) < 180, `${lons}`);
  // It ends where the file says, which is where its place and marker are.
  assert.deepEqual(ev.track.coords.at(-1), [-147.7, 64.8]);
  assert.deepEqual(ev.lonlat, [-147.7, 64.8]);
  // The place it leaves from is named where it is.
  const [[s, w], [n, e]] = regionBounds([ev]);
  assert.ok(w >= -180 && e <= 180 && s >= 60 && n <= 70, `${[[s, w], [n, e]]}`);
});

test('extent spans first start to last end', () => {
  const x = extentOf(events);
  assert.equal(new Date(x.start).toISOString(), '2020-01-02T20:30:00.000Z');
  assert.equal(new Date(x.end).toISOString(), '2020-01-09T17:00:00.000Z');
});

test('neighbours share a location', () => {
  assert.deepEqual(neighboursOf(events[1], events).map((e) => e.id), ['baghdad-protest']);
  assert.deepEqual(neighboursOf(events[0], events), []);
});
