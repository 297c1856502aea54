import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseTime, formatTime, formatOffset, formatSpan, formatReadout, formatUTC, toISO, HOUR, countOf,
} from '../static/js/format.js';

test('parseTime keeps the offset and gives UTC milliseconds', () => {
  const s = parseTime('2020-01-03T00:47:00+03:00');
  assert.equal(s.offset, 180);
  assert.equal(new Date(s.ms).toISOString(), '2020-01-02T21:47:00.000Z');
  const p = parseTime('2020-01-08T06:12:00+03:30');
  assert.equal(p.offset, 210);
  assert.equal(new Date(p.ms).toISOString(), '2020-01-08T02:42:00.000Z');
  const w = parseTime('2020-01-09T12:00:00-05:00');
  assert.equal(w.offset, -300);
  assert.equal(new Date(w.ms).toISOString(), '2020-01-09T17:00:00.000Z');
  assert.equal(parseTime('2020-01-07T23:00:00Z').offset, 0);
  assert.equal(parseTime('2020-01-07T23:00:00.250Z').ms, Date.UTC(2020, 0, 7, 23, 0, 0, 250));
  assert.throws(() => parseTime('2020-01-07T23:00:00'), /RFC 3339/);
  assert.throws(() => parseTime('yesterday'));
});

test('the Soleimani strike reads 3 Jan local and 2 Jan 21:47 UTC', () => {
  const s = parseTime('2020-01-03T00:47:00+03:00');
  assert.equal(formatTime(s.ms, { offset: s.offset }), '3 Jan 2020 00:47');
  assert.equal(formatUTC(s.ms), '2 Jan 2020 21:47 UTC');
  assert.equal(formatReadout(s.ms, { offset: s.offset, place: 'Baghdad' }), '3 Jan 2020 00:47 (UTC+03:00, Baghdad)');
});

test('PS752 reads in Iran time, UTC+03:30', () => {
  const s = parseTime('2020-01-08T06:18:00+03:30');
  assert.equal(formatReadout(s.ms, { offset: s.offset, place: 'Parand' }), '8 Jan 2020 06:18 (UTC+03:30, Parand)');
  assert.equal(formatUTC(s.ms), '8 Jan 2020 02:48 UTC');
});

test('offsets format with sign and minutes', () => {
  assert.equal(formatOffset(0), 'UTC');
  assert.equal(formatOffset(210), 'UTC+03:30');
  assert.equal(formatOffset(-300), 'UTC-05:00');
  assert.equal(formatOffset(-210), 'UTC-03:30');
});

test('precision limits what is shown', () => {
  const s = parseTime('2020-01-09T12:34:00-05:00');
  assert.equal(formatTime(s.ms, { offset: s.offset, precision: 'day' }), '9 Jan 2020');
  assert.equal(formatTime(s.ms, { offset: s.offset, precision: 'hour' }), '9 Jan 2020 ~12:34', 'the stored minute, marked as approximate');
  const landing = parseTime('2020-01-03T00:36:00+03:00');
  assert.equal(formatTime(landing.ms, { offset: 180, precision: 'hour' }), '3 Jan 2020 ~00:36',
    'not rounded to ~01:00, which would put the landing after the 00:47 strike');
  assert.equal(formatTime(s.ms, { offset: s.offset, precision: 'minute' }), '9 Jan 2020 12:34');
});

test('spans keep each end at its own offset', () => {
  const a = parseTime('2020-01-02T22:30:00+02:00');
  const b = parseTime('2020-01-03T00:32:00+03:00');
  const span = { start: a.ms, startOffset: a.offset, end: b.ms, endOffset: b.offset };
  assert.equal(formatSpan(span), '2 Jan 2020 22:30 (UTC+02:00) – 3 Jan 2020 00:32 (UTC+03:00)');
  assert.equal(formatSpan({ ...span, utc: true }), '2 Jan 2020 20:30 – 21:32 UTC');
  const c = parseTime('2020-01-08T06:12:00+03:30');
  const d = parseTime('2020-01-08T06:18:00+03:30');
  assert.equal(formatSpan({ start: c.ms, startOffset: 210, end: d.ms, endOffset: 210 }), '8 Jan 2020 06:12 – 06:18 (UTC+03:30)');
  assert.equal(formatSpan({ start: c.ms, startOffset: 210 }), '8 Jan 2020 06:12 (UTC+03:30)');
  assert.equal(formatSpan({ start: c.ms, startOffset: 210, precision: 'day', utc: true }), '8 Jan 2020');
  assert.equal(
    formatSpan({ start: c.ms, startOffset: 210, end: c.ms + 48 * HOUR, endOffset: 210, precision: 'day' }),
    '8 Jan 2020 – 10 Jan 2020',
  );
});

test('toISO is compact UTC', () => {
  assert.equal(toISO(Date.UTC(2020, 0, 7, 23)), '2020-01-07T23:00:00Z');
  assert.equal(toISO(Date.UTC(2020, 0, 7, 23, 0, 0, 5)), '2020-01-07T23:00:00.005Z');
});

test('countOf says "1 event", not "1 events"', () => {
  assert.equal(countOf(1, 'event'), '1 event');
  assert.equal(countOf(0, 'event'), '0 events');
  assert.equal(countOf(63, 'event'), '63 events');
  assert.equal(countOf(100000, 'event', (n) => n.toLocaleString('en-GB')), '100,000 events');
});
