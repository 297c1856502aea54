import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareEvents } from '../static/js/events.js';
import { stateAt, headAt, travelledLatLngs, lastStartedIndex, FADE_FLOOR } from '../static/js/visibility.js';
import { positionAt, prepareTrack, headingAt } from '../static/js/track.js';
import { parseTime, HOUR, DAY, MINUTE } from '../static/js/format.js';
import { readFileSync } from 'node:fs';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));

const events = prepareEvents(features);
const byId = Object.fromEntries(events.map((e) => [e.id, e]));
const at = (s) => parseTime(s).ms;
const visibleIds = (evs, t) => evs.filter((e) => stateAt(e, t).visible).map((e) => e.id);

test('at 02:30 Tehran time on 8 January the missiles are shown, PS752 not yet', () => {
  const t = at('2020-01-07T23:00:00Z');
  const ids = visibleIds(events, t);
  assert.ok(ids.includes('al-asad'));
  assert.ok(!ids.includes('ps752-crash'));
  assert.deepEqual(visibleIds(events, at('2020-01-08T03:00:00Z')).slice(-2), ['al-asad', 'ps752-crash']);
});

test('an event with an end stays lit until its end, then fades to the floor', () => {
  const e = byId['al-asad'];
  const week = 7 * DAY;
  assert.equal(stateAt(e, e.start - 1, { fadeMs: week }).visible, false);
  const during = stateAt(e, e.start + 30 * MINUTE, { fadeMs: week });
  assert.deepEqual([during.visible, during.active, during.opacity], [true, true, 1]);
  assert.ok(Math.abs(during.progress - 30 / 71) < 1e-9);
  const halfway = stateAt(e, e.end + week / 2, { fadeMs: week });
  assert.equal(halfway.active, false);
  assert.ok(Math.abs(halfway.opacity - (1 - (1 - FADE_FLOOR) / 2)) < 1e-9);
  assert.equal(stateAt(e, e.end + 2 * week, { fadeMs: week }).opacity, FADE_FLOOR);
  assert.equal(stateAt(e, e.end + 2 * week, { fadeMs: Infinity }).opacity, 1);
});

test('an instant is visible from its start and fades from there', () => {
  const e = byId.strike;
  assert.equal(stateAt(e, e.start, { fadeMs: DAY }).opacity, 1);
  assert.equal(stateAt(e, e.start, { fadeMs: DAY }).active, false);
  assert.ok(stateAt(e, e.start + HOUR * 12, { fadeMs: DAY }).opacity < 1);
});

test('a movement head advances by elapsed fraction along cumulative length', () => {
  const flight = byId.flight;
  assert.equal(headAt(flight, flight.start - 1), null);
  const start = headAt(flight, flight.start);
  assert.deepEqual([start.lon, start.lat], [36.5152, 33.4114]);
  const end = headAt(flight, flight.end + HOUR);
  assert.deepEqual([end.lon, end.lat], [44.2346, 33.2625]);
  const mid = headAt(flight, (flight.start + flight.end) / 2);
  // Half of the length: the first leg is ~325 km of ~686, so just past 40°E.
  const total = flight.track.total;
  const first = flight.track.cum[1];
  assert.ok(first < total / 2);
  assert.equal(mid.index, 1);
  assert.ok(mid.lon > 40 && mid.lon < 41, `lon ${mid.lon}`);
  const path = travelledLatLngs(flight, mid);
  assert.equal(path.length, 3);
  assert.deepEqual(path[0], [33.4114, 36.5152]);
  assert.deepEqual(path[2], [mid.lat, mid.lon]);
});

test('positionAt interpolates along a straight track', () => {
  const tr = prepareTrack([[0, 0], [1, 0], [3, 0]]);
  assert.ok(Math.abs(positionAt(tr, 0.5).lon - 1.5) < 1e-9);
  assert.equal(positionAt(tr, 0.5).index, 1);
  assert.ok(Math.abs(positionAt(tr, 1 / 6).lon - 0.5) < 1e-9);
  assert.equal(positionAt(tr, 0).lon, 0);
  assert.equal(positionAt(tr, 2).lon, 3);
  assert.ok(Math.abs(headingAt(tr, 0)) < 1e-9, 'eastward is 0°');
  assert.ok(Math.abs(headingAt(prepareTrack([[0, 0], [0, 1]]), 0) + 90) < 1e-9, 'northward is -90° on screen');
});

test('lastStartedIndex finds the latest event started by t', () => {
  assert.equal(lastStartedIndex(events, byId.strike.start), 1);
  assert.equal(lastStartedIndex(events, 0), -1);
});
