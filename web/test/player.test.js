import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPlayer, rateAt, nextBoundary, buildPacing, speedById, SPEEDS, findGaps, gapAt, dwellAt, DWELL_SECONDS,
} from '../static/js/player.js';
import { prepareEvents } from '../static/js/events.js';
import { parseTime, MINUTE, HOUR, DAY, WEEK } from '../static/js/format.js';
import { readFileSync } from 'node:fs';

const features = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));

function fakeFrames() {
  const queue = new Map();
  let id = 0;
  return {
    raf: (f) => { queue.set(++id, f); return id; },
    caf: (i) => queue.delete(i),
    run(ts) {
      const fs = [...queue.values()];
      queue.clear();
      fs.forEach((f) => f(ts));
    },
    get pending() { return queue.size; },
  };
}

test('play advances time at the chosen rate and stops at the end', () => {
  const frames = fakeFrames();
  let t = 0;
  const changes = [];
  const p = createPlayer({
    getTime: () => t, setTime: (v) => { t = v; }, rate: () => HOUR, range: () => ({ start: 0, end: 3 * HOUR }),
    onChange: (on) => changes.push(on), raf: frames.raf, caf: frames.caf,
  });
  p.start();
  assert.equal(p.playing, true);
  frames.run(1000);
  frames.run(1050);
  assert.equal(t, HOUR * 0.05);
  frames.run(1150);
  frames.run(1250);
  // Frames longer than 100 ms count as 100 ms, so a hidden tab does not jump.
  frames.run(5000);
  assert.ok(Math.abs(t - HOUR * 0.35) < 1e-6, `t=${t}`);
  p.stop();
  assert.equal(frames.pending, 0, 'stop cancels the pending frame');
  assert.deepEqual(changes, [true, false]);
  t = 3 * HOUR;
  p.start();
  assert.equal(t, 0, 'play at the end restarts from the beginning');
});

test('the loop wraps; without it the player stops at the end', () => {
  const frames = fakeFrames();
  let t = 0;
  let loop = true;
  const p = createPlayer({
    getTime: () => t, setTime: (v) => { t = v; }, rate: () => 10 * HOUR, range: () => ({ start: 0, end: HOUR }),
    loop: () => loop, raf: frames.raf, caf: frames.caf,
  });
  p.start();
  frames.run(0);
  frames.run(100);
  frames.run(200);
  frames.run(300);
  frames.run(400);
  assert.ok(t < HOUR, 'wrapped');
  assert.equal(p.playing, true);
  loop = false;
  for (let ts = 500; ts < 1500; ts += 100) frames.run(ts);
  assert.equal(t, HOUR);
  assert.equal(p.playing, false);
  p.toggle();
  assert.equal(p.playing, true);
  p.toggle();
  assert.equal(p.playing, false);
});

test('pacing slows down where events are close and during movements', () => {
  const events = prepareEvents(features);
  const pacing = buildPacing(events);
  const at = (s) => parseTime(s).ms;
  const base = WEEK;
  // Between Al Asad (01:34 +03:00) and PS752 (06:18 +03:30) there are ~4 h 14 min.
  const gap = at('2020-01-08T06:18:00+03:30') - at('2020-01-08T01:34:00+03:00');
  assert.equal(rateAt(at('2020-01-08T02:00:00+03:00'), { base, pacing }), gap / 0.6);
  // Soleimani's flight (2 h 2 min) takes at least 3 s, whatever the speed.
  const flight = events.find((e) => e.id === 'flight');
  assert.equal(rateAt(flight.start + MINUTE, { base, pacing }), (flight.end - flight.start) / 3);
  assert.equal(rateAt(flight.start + MINUTE, { base: 10 * MINUTE, pacing }), 10 * MINUTE);
  // Far from events, or with pacing off, the chosen speed.
  assert.equal(rateAt(at('2019-12-01T00:00:00Z'), { base, pacing }), base);
  assert.equal(rateAt(at('2020-01-08T02:00:00+03:00'), { base, pacing, slow: false }), base);
  // Never slower than the floor that scales with speed.
  const close = buildPacing([{ start: 0, end: 0, kind: 'point' }, { start: MINUTE, end: MINUTE, kind: 'point' }]);
  assert.equal(rateAt(30e3, { base: WEEK, pacing: close }), WEEK / 240);
  assert.equal(rateAt(30e3, { base: DAY, pacing: close }), DAY / 240);
});

test('speeds are ordered and looked up with a default', () => {
  assert.deepEqual(SPEEDS.map((s) => s.rate), [...SPEEDS.map((s) => s.rate)].sort((a, b) => a - b));
  assert.equal(speedById('nope').id, '1d');
  assert.equal(speedById('1w').rate, WEEK);
});

test('a long frame stops at the next start or movement instead of skipping it', () => {
  const pacing = buildPacing([
    { start: 1000, end: 1000, kind: 'point', hasEnd: false },
    { start: 5000, end: 9000, kind: 'track', hasEnd: true },
  ]);
  assert.equal(nextBoundary(0, { pacing }), 1000);
  assert.equal(nextBoundary(1000, { pacing }), 5000);
  assert.equal(nextBoundary(6000, { pacing }), 9000, 'a movement under way ends next');
  assert.equal(nextBoundary(9000, { pacing }), Infinity);
  assert.equal(nextBoundary(0, { pacing, slow: false }), Infinity);
  let t = 0;
  let frame;
  const p = createPlayer({
    getTime: () => t, setTime: (v) => { t = v; }, rate: () => 1e9, range: () => ({ start: 0, end: 1e12 }),
    boundary: (v) => nextBoundary(v, { pacing }), raf: (f) => { frame = f; return 1; }, caf: () => {},
  });
  p.start();
  frame(0);
  frame(100);
  assert.equal(t, 1000, 'the first frame lands on the first event');
  frame(200);
  assert.equal(t, 5000, 'then on the movement start');
  p.stop();
});

test('long empty stretches are found between what starts and moves, trimmed at both ends', () => {
  const evs = [
    { start: 0, end: 0, kind: 'point' },
    { start: 10 * HOUR, end: 14 * HOUR, kind: 'track', hasEnd: true },
    { start: 15 * HOUR, end: 40 * HOUR, kind: 'point', hasEnd: true }, // a long lit event does not fill a gap
    { start: 100 * HOUR, end: 100 * HOUR, kind: 'point' },
  ];
  const gaps = findGaps(evs, { minGap: 3 * HOUR, lead: HOUR });
  assert.deepEqual(gaps, [{ start: HOUR, end: 9 * HOUR }, { start: 16 * HOUR, end: 99 * HOUR }]);
  assert.deepEqual(findGaps(evs, { minGap: 200 * HOUR, lead: HOUR }), []);
  assert.equal(gapAt(50 * HOUR, gaps), gaps[1]);
  assert.equal(gapAt(9.5 * HOUR, gaps), null);
  assert.equal(gapAt(-1, gaps), null);
});

test('an empty stretch goes by in about a second and the playhead lands at its end', () => {
  const evs = [{ start: 0, end: 0, kind: 'point' }, { start: 30 * DAY, end: 30 * DAY, kind: 'point' }];
  const pacing = buildPacing(evs, { base: DAY });
  // 4 days or more with nothing new, less a day at each end.
  assert.deepEqual(pacing.gaps, [{ start: DAY, end: 29 * DAY }]);
  assert.ok(Math.abs(rateAt(10 * DAY, { base: DAY, pacing }) - (28 * DAY) / 1.2) < 1);
  assert.equal(rateAt(0.5 * DAY, { base: DAY, pacing }), DAY, 'the chosen speed near an event');
  assert.equal(rateAt(10 * DAY, { base: DAY, pacing, slow: false }), DAY, 'pacing off: no skipping');
  assert.equal(nextBoundary(10 * DAY, { pacing }), 29 * DAY);
  assert.deepEqual(buildPacing(evs).gaps, [], 'no speed, no skipping');
  // Played through: the whole month takes a few seconds, not thirty.
  let t = 0;
  let frame;
  const p = createPlayer({
    getTime: () => t, setTime: (v) => { t = v; }, range: () => ({ start: 0, end: 30 * DAY }),
    rate: (v) => rateAt(v, { base: DAY, pacing }), boundary: (v) => nextBoundary(v, { pacing }),
    raf: (f) => { frame = f; return 1; }, caf: () => {},
  });
  p.start();
  let ts = 0;
  while (p.playing && ts < 60e3) frame((ts += 16));
  assert.ok(ts / 1000 < 5, `${ts / 1000} s`);
});

test('the playhead holds on a key event, then goes on', () => {
  const evs = [{ id: 'a', start: 0, end: 0, kind: 'point' }, { id: 'key', start: HOUR, end: HOUR, kind: 'point' }, { id: 'b', start: 2 * HOUR, end: 2 * HOUR, kind: 'point' }];
  const pacing = buildPacing(evs, { keys: new Set(['key']) });
  assert.deepEqual(pacing.dwells, [HOUR]);
  assert.equal(dwellAt(HOUR, { pacing }), DWELL_SECONDS);
  assert.equal(dwellAt(HOUR + 1, { pacing }), 0);
  assert.equal(dwellAt(HOUR, { pacing, slow: false }), 0);
  let t = 0;
  let frame;
  const p = createPlayer({
    getTime: () => t, setTime: (v) => { t = v; }, range: () => ({ start: 0, end: 3 * HOUR }),
    rate: () => HOUR, boundary: (v) => nextBoundary(v, { pacing }), dwell: (v) => dwellAt(v, { pacing }),
    raf: (f) => { frame = f; return 1; }, caf: () => {},
  });
  p.start();
  let ts = 0;
  while (t < HOUR) frame((ts += 50));
  const reached = ts;
  assert.equal(t, HOUR);
  while (ts < reached + DWELL_SECONDS * 1000 - 50) frame((ts += 50));
  assert.equal(t, HOUR, 'held');
  frame((ts += 50));
  frame((ts += 50));
  assert.ok(t > HOUR, 'and on');
});
