import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prepareEvents, placesOf } from '../static/js/events.js';
import { readoutAt } from '../static/js/readout.js';
import { parseTime } from '../static/js/format.js';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));
const events = prepareEvents(features);
placesOf(events);
const at = (s) => parseTime(s).ms;

test('the strike reads 3 January in Baghdad and 2 January in UTC', () => {
  const r = readoutAt(events, at('2020-01-03T00:47:00+03:00'));
  assert.deepEqual(r, {
    primary: '3 Jan 2020 00:47 (UTC+03:00, Baghdad International Airport)',
    secondary: '2 Jan 2020 21:47 UTC',
    offset: 180,
  });
  const u = readoutAt(events, at('2020-01-03T00:47:00+03:00'), { utc: true });
  assert.equal(u.primary, '2 Jan 2020 21:47 UTC');
  assert.equal(u.offset, 0);
});

test('a flight reads in the time of its origin, then of its destination', () => {
  assert.equal(readoutAt(events, at('2020-01-02T23:00:00+02:00')).primary, '2 Jan 2020 23:00 (UTC+02:00, Damascus)');
  // Landed at 00:32 Baghdad time; the strike at 00:47 is nearer in time from 00:40.
  assert.equal(readoutAt(events, at('2020-01-03T00:33:00+03:00')).primary, '3 Jan 2020 00:33 (UTC+03:00, Baghdad)');
});

test('PS752 reads in Iran time, half an hour ahead of Baghdad', () => {
  const r = readoutAt(events, at('2020-01-08T02:48:00Z'));
  assert.equal(r.primary, '8 Jan 2020 06:18 (UTC+03:30, Shahedshahr)');
  assert.equal(r.offset, 210);
});

test('without events, UTC', () => {
  assert.deepEqual(readoutAt([], 0), { primary: '1 Jan 1970 00:00 UTC', secondary: '', offset: 0 });
});
