import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prepareEvents } from '../static/js/events.js';
import { readoutAt } from '../static/js/readout.js';
import { parseTime, formatTime, localAside } from '../static/js/format.js';
import { createZone, datasetZone, commonOffset, clockTime, clockNote } from '../static/js/zone.js';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));
const events = prepareEvents(features);
const at = (s) => parseTime(s).ms;
const baghdad = createZone({ tz: 'Asia/Baghdad' });

test('the readout reads in the dataset zone, named, and in UTC', () => {
  const r = readoutAt(at('2020-01-03T00:47:00+03:00'), { zone: baghdad });
  assert.deepEqual(r, { primary: '3 Jan 2020 00:47 (UTC+03:00, Baghdad time)', secondary: '2 Jan 2020 21:47 UTC', offset: 180 });
  const u = readoutAt(at('2020-01-03T00:47:00+03:00'), { zone: baghdad, utc: true });
  assert.deepEqual(u, { primary: '2 Jan 2020 21:47 UTC', secondary: '3 Jan 2020 00:47 (UTC+03:00, Baghdad time)', offset: 0 });
});

test('the clock never runs backwards across events in different zones', () => {
  // 8 January: Al Asad (UTC+03:00), the launch site in Iran (UTC+03:30), Erbil (UTC+03:00).
  let last = -Infinity;
  let lastText = '';
  for (let t = at('2020-01-07T22:00:00Z'); t <= at('2020-01-08T03:30:00Z'); t += 60e3) {
    const { primary } = readoutAt(t, { zone: baghdad });
    const hm = primary.match(/ (\d\d):(\d\d) /);
    const minutes = Number(hm[1]) * 60 + Number(hm[2]) + (primary.startsWith('8 Jan') ? 1440 : 0);
    assert.ok(minutes > last, `${primary} after ${lastText}`);
    last = minutes;
    lastText = primary;
  }
});

test('zones: IANA names with daylight saving, fixed offsets, and the default', () => {
  const beirut = createZone({ tz: 'Asia/Beirut' });
  assert.equal(beirut.label, 'Beirut time');
  assert.equal(beirut.offsetAt(at('2020-08-04T15:08:00Z')), 180, 'summer: UTC+03:00');
  assert.equal(beirut.offsetAt(at('2020-01-04T15:08:00Z')), 120, 'winter: UTC+02:00');
  assert.equal(createZone({ tz: 'America/New_York' }).offsetAt(at('2020-01-03T12:00:00Z')), -300);
  assert.equal(createZone({ tz: '+03:30' }).offsetAt(0), 210);
  assert.equal(createZone({ tz: '+03:30' }).label, '');
  assert.equal(createZone({ offset: -300 }).offsetAt(0), -300);
  assert.equal(datasetZone({ chronomap: { timezone: 'Asia/Baghdad' } }).label, 'Baghdad time');
  assert.equal(datasetZone({ timezone: 'Europe/London' }).label, 'London time');
  assert.equal(datasetZone({ timezone: 'Not/AZone' }, 180).offsetAt(0), 180, 'an unknown zone falls back to the offset');
  assert.equal(datasetZone(null, commonOffset([210, 180, 180, -300])).offsetAt(0), 180);
  assert.throws(() => createZone({ tz: 'Not/AZone' }));
  assert.equal(readoutAt(0, { zone: createZone({ offset: 0 }) }).primary, '1 Jan 1970 00:00 (UTC)');
});

test('a row keeps the event\'s own local time beside the page clock', () => {
  const ps752 = events.find((e) => e.startOffset === 210);
  assert.ok(ps752);
  const offset = baghdad.offsetAt(ps752.start);
  assert.match(formatTime(ps752.start, { offset, precision: ps752.precision }), /^8 Jan 2020 ~?\d\d:\d\d$/);
  assert.match(localAside(ps752, offset), /^local ~?\d\d:\d\d \(UTC\+03:30\)$/);
  const strike = events.find((e) => e.startOffset === 180 && e.precision === 'minute');
  assert.equal(localAside(strike, 180), '', 'same zone: nothing to add');
  assert.equal(localAside({ start: at('2020-01-08T12:00:00-05:00'), startOffset: -300 }, 180), 'local 12:00 (UTC-05:00)');
  assert.equal(localAside({ start: at('2020-01-08T18:00:00-05:00'), startOffset: -300 }, 180), 'local 8 Jan 2020 18:00 (UTC-05:00)', 'another day there');
  assert.equal(localAside({ start: at('2020-01-08T12:00:00-05:00'), startOffset: -300, precision: 'day' }, 180), '');
});

test('an event\'s start on the one clock, its own local time aside; a date alone stays local', () => {
  const tehran = parseTime('2020-01-08T06:12:00+03:30');
  const ev = { start: tehran.ms, startOffset: tehran.offset };
  assert.deepEqual(clockTime(ev, { zone: baghdad }), { time: '8 Jan 2020 05:42', aside: 'local 06:12 (UTC+03:30)' });
  assert.deepEqual(clockTime(ev, { zone: baghdad, utc: true }), { time: '8 Jan 2020 02:42', aside: 'local 06:12 (UTC+03:30)' });
  const local = parseTime('2020-01-08T05:42:00+03:00');
  assert.deepEqual(clockTime({ start: local.ms, startOffset: 180 }, { zone: baghdad }), { time: '8 Jan 2020 05:42', aside: '' });
  assert.deepEqual(clockTime({ start: local.ms, startOffset: 180, precision: 'hour' }, { zone: createZone({ offset: 0 }) }),
    { time: '8 Jan 2020 ~02:42', aside: 'local ~05:42 (UTC+03:00)' });
  const day = parseTime('2020-01-08T00:00:00-05:00');
  assert.deepEqual(clockTime({ start: day.ms, startOffset: -300, precision: 'day' }, { zone: baghdad }), { time: '8 Jan 2020', aside: '' });
  assert.equal(clockNote({ zone: baghdad }), 'times in Baghdad time');
  assert.equal(clockNote({ zone: createZone({ offset: 180 }) }), 'times in the dataset\'s zone');
  assert.equal(clockNote({ zone: baghdad, utc: true }), 'times in UTC');
});
