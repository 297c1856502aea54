import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scale, zoomWindow, panWindow, clampWindow, followWindow, ticks, chooseStep, MIN_SPAN, precisionRange } from '../static/js/timescale.js';
import { parseTime, MINUTE, HOUR, DAY } from '../static/js/format.js';

const bounds = { start: Date.UTC(2019, 10, 1), end: Date.UTC(2020, 6, 31) };

test('scale maps the window onto the pixels and back', () => {
  const s = scale({ start: 1000, end: 2000 }, 500);
  assert.equal(s.toX(1500), 250);
  assert.equal(s.toTime(250), 1500);
});

test('zoom keeps the anchor under the same pixel and respects limits', () => {
  const win = { start: Date.UTC(2020, 0, 1), end: Date.UTC(2020, 0, 11) };
  const anchor = Date.UTC(2020, 0, 3);
  const z = zoomWindow(win, { factor: 0.5, anchor, bounds });
  assert.equal(z.end - z.start, 5 * DAY);
  assert.equal(scale(z, 1000).toX(anchor), scale(win, 1000).toX(anchor) );
  const tiny = zoomWindow(win, { factor: 1e-9, anchor, bounds });
  assert.equal(tiny.end - tiny.start, MIN_SPAN);
  const all = zoomWindow(win, { factor: 1e9, anchor, bounds });
  assert.deepEqual(all, bounds);
});

test('pan stops at the ends of the period', () => {
  const win = { start: bounds.start + DAY, end: bounds.start + 11 * DAY };
  assert.deepEqual(panWindow(win, -5 * DAY, bounds), { start: bounds.start, end: bounds.start + 10 * DAY });
  assert.deepEqual(clampWindow({ start: 0, end: 1 }, bounds).end - clampWindow({ start: 0, end: 1 }, bounds).start, MIN_SPAN);
});

test('follow turns a page forward and centres after a jump', () => {
  const win = { start: Date.UTC(2020, 0, 1), end: Date.UTC(2020, 0, 11) };
  assert.equal(followWindow(win, Date.UTC(2020, 0, 5), bounds), win);
  const page = followWindow(win, Date.UTC(2020, 0, 11, 12), bounds);
  assert.equal(page.start, Date.UTC(2020, 0, 11, 12) - 0.5 * DAY);
  const jump = followWindow(win, Date.UTC(2020, 2, 1), bounds);
  assert.equal(jump.start, Date.UTC(2020, 2, 1) - 5 * DAY);
});

test('ticks adapt from months to minutes', () => {
  assert.equal(chooseStep(bounds.end - bounds.start, 1200).unit, 'month');
  assert.equal(chooseStep(14 * DAY, 1200).unit, 'day');
  assert.equal(chooseStep(DAY, 1200).unit, 'hour');
  assert.equal(chooseStep(HOUR, 1200).unit, 'minute');
  const m = ticks(bounds, 1200);
  assert.deepEqual(m.ticks.slice(0, 3).map((x) => x.label), ['Nov', 'Dec', '2020']);
  assert.ok(m.ticks.every((x) => new Date(x.t).getUTCDate() === 1));
  assert.equal(m.context, '2019–2020');
  assert.equal(ticks({ start: Date.UTC(2020, 0, 1), end: Date.UTC(2020, 0, 15) }, 1200).context, '2020');
});

test('ticks are read at the given offset: midnight in Baghdad is 21:00 UTC', () => {
  const win = { start: parseTime('2020-01-02T18:00:00+03:00').ms, end: parseTime('2020-01-03T06:00:00+03:00').ms };
  const local = ticks(win, 1000, { offset: 180 });
  assert.equal(local.step.unit, 'hour');
  const midnight = local.ticks.find((x) => x.major);
  assert.equal(midnight.label, '3 Jan');
  assert.equal(new Date(midnight.t).toISOString(), '2020-01-02T21:00:00.000Z');
  assert.equal(local.context, '2 Jan 2020');
  const utc = ticks(win, 1000, { offset: 0 });
  assert.equal(new Date(utc.ticks.find((x) => x.major).t).toISOString(), '2020-01-03T00:00:00.000Z');
});

test('minute ticks at half-hour offsets', () => {
  const win = { start: parseTime('2020-01-08T06:00:00+03:30').ms, end: parseTime('2020-01-08T06:30:00+03:30').ms };
  const t = ticks(win, 1000, { offset: 210 });
  assert.equal(t.step.unit, 'minute');
  assert.equal(t.ticks[0].label, '06:00');
  assert.ok(t.ticks.every((x) => (x.t - win.start) % MINUTE === 0));
});

test('marks that would overlap go to other lanes', async () => {
  const { assignLanes } = await import('../static/js/timescale.js');
  const lanes = assignLanes([{ x0: 0, x1: 10 }, { x0: 5, x1: 15 }, { x0: 20, x1: 30 }, { x0: 8, x1: 9 }, { x0: 9, x1: 9 }], { lanes: 3, gap: 2 });
  assert.deepEqual(lanes, [0, 1, 0, 2, 2]);
});

test('the opening window frames where most events are', async () => {
  const { focusWindow } = await import('../static/js/timescale.js');
  const day = (d) => Date.UTC(2020, 0, d);
  const b = { start: day(-60), end: day(500) };
  const starts = [day(-50), ...Array.from({ length: 10 }, (_, i) => day(1 + i)), day(400)];
  const w = focusWindow(starts, b);
  assert.ok(w.start <= day(1) && w.start >= day(-5), new Date(w.start).toISOString());
  assert.ok(w.end >= day(10) && w.end <= day(15), new Date(w.end).toISOString());
  const even = Array.from({ length: 20 }, (_, i) => day(-60 + i * 28));
  assert.deepEqual(focusWindow(even, b), b, 'evenly spread events get the whole period');
});

test('day- and hour-precision events span their precision on the timeline', () => {
  const day = parseTime('2020-01-04T12:00:00+03:00');
  assert.deepEqual(precisionRange({ precision: 'day', start: day.ms, end: day.ms, startOffset: 180, endOffset: 180 }), {
    start: parseTime('2020-01-04T00:00:00+03:00').ms, end: parseTime('2020-01-05T00:00:00+03:00').ms,
  });
  const end = parseTime('2020-01-13T12:00:00+03:30');
  assert.deepEqual(precisionRange({ precision: 'day', start: day.ms, end: end.ms, startOffset: 180, endOffset: 210 }), {
    start: parseTime('2020-01-04T00:00:00+03:00').ms, end: parseTime('2020-01-14T00:00:00+03:30').ms,
  });
  const hour = parseTime('2020-01-08T02:09:00+03:30').ms;
  assert.deepEqual(precisionRange({ precision: 'hour', start: hour, end: hour }), { start: hour - 30 * 60e3, end: hour + 30 * 60e3 });
  assert.equal(precisionRange({ precision: 'minute', start: hour, end: hour }), null);
});
