import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterRows, countsByCategory, binCounts, upperBound, lowerBound } from '../static/js/scale/query.js';
import { buildGrid, pickNear } from '../static/js/scale/pick.js';
import { pointGroups, trackGroup, headOf, project, indexRoom, filterIndex } from '../static/js/scale/gpudata.js';
import { visibleRange, aroundFocus, scrollFor, scrollScale, rowTop, followDelay, wheelStep } from '../static/js/scale/vlist.js';
import { wheelUnit } from '../static/js/dom.js';

// Five events in time order; row 2 a movement from (40, 30) to (50, 30).
function cols() {
  return {
    n: 5,
    base: 0,
    categories: ['strike', 'protest', 'aviation'],
    lon: Float32Array.from([40, 41, 50, 42, 43]),
    lat: Float32Array.from([30, 31, 30, 32, 33]),
    start: Int32Array.from([0, 100, 200, 300, 400]),
    end: Int32Array.from([0, 100, 1200, 300, 90000 * 2]),
    offset: new Int16Array(5),
    cat: Uint8Array.from([0, 1, 2, 0, 1]),
    ids: { get: (r) => `e${r}` },
    tracks: {
      rows: Uint32Array.from([2]), first: Uint32Array.from([0]), count: Uint32Array.from([3]),
      lon: Float32Array.from([40, 45, 50]), lat: Float32Array.from([30, 30, 30]), t: Int32Array.from([200, 700, 1200]),
    },
  };
}

test('filterRows keeps the categories and the search matches, in time order', () => {
  const c = cols();
  const all = filterRows(c);
  assert.deepEqual([...all.rows], [0, 1, 2, 3, 4]);
  const strikes = filterRows(c, { cats: new Set(['strike']) });
  assert.deepEqual([...strikes.rows], [0, 3]);
  assert.deepEqual([...strikes.starts], [0, 300]);
  assert.deepEqual([...strikes.on], [1, 0, 0, 1, 0]);
  const found = filterRows(c, { cats: new Set(['strike', 'protest']), matches: Uint32Array.from([1, 2, 3]) });
  assert.deepEqual([...found.rows], [1, 3]);
  assert.deepEqual([...filterRows(c, { cats: new Set() }).rows], []);
});

test('countsByCategory counts all rows or the matches', () => {
  const c = cols();
  assert.deepEqual([...countsByCategory(c)], [['strike', 2], ['protest', 2], ['aviation', 1]]);
  assert.deepEqual([...countsByCategory(c, [0, 1])], [['strike', 1], ['protest', 1]]);
});

test('binCounts counts starts per slice by binary search', () => {
  const starts = Int32Array.from([0, 1, 5, 5, 9, 10, 25]);
  assert.deepEqual([...binCounts(starts, { from: 0, to: 20, bins: 4 })], [2, 3, 1, 0]);
  assert.deepEqual([...binCounts(starts, { from: 10, to: 10, bins: 3 })], [0, 0, 0]);
  assert.equal(upperBound(starts, 5), 4);
  assert.equal(lowerBound(starts, 5), 2);
  const many = new Int32Array(1_000_000).map((_, i) => i);
  const bins = binCounts(many, { from: 0, to: 1_000_000, bins: 1000 });
  assert.ok(bins.every((b) => b === 1000));
});

test('pickNear finds the nearest accepted row, along movements too', () => {
  const c = cols();
  const grid = buildGrid(c);
  const pick = (lon, lat, accept = () => true) => pickNear(grid, { lon, lat, rx: 0.5, ry: 0.5, accept });
  assert.equal(pick(41.1, 31.1), 1);
  assert.equal(pick(45.1, 30), 2, 'the middle vertex of the movement');
  const at = [0, 0];
  pickNear(grid, { lon: 45.1, lat: 30, rx: 0.5, ry: 0.5, accept: () => true, at });
  assert.deepEqual(at, [45, 30], 'where along the movement, not its row\'s own point');
  assert.equal(pick(41.1, 31.1, (r) => r !== 1), -1);
  assert.equal(pick(60, 60), -1);
});

test('GPU groups: brief places, longer places and movement segments sorted by start', () => {
  const c = cols();
  const [brief, long] = pointGroups(c);
  assert.deepEqual([...brief.rows], [0, 1, 3]);
  assert.deepEqual([...long.rows], [4]);
  assert.equal(long.lag, 180000 - 400);
  const tracks = trackGroup(c);
  assert.deepEqual([...tracks.first], [0, 4]);
  assert.deepEqual([...tracks.vt], [200, 700, 700, 1200]);
  assert.deepEqual([...brief.pos.slice(0, 2)], project(40, 30).map(Math.fround));
  const h = headOf(c, 0, 450);
  assert.ok(Math.abs(h.lon - 42.5) < 1e-6 && h.lat === 30);
  assert.equal(headOf(c, 0, 1300), null);
});

test('GPU groups: places by how long they last, each with its own lag', () => {
  const c = cols();
  const day = 86400;
  c.end = Int32Array.from([0, 100 + 3 * day, 1200, 300 + 100 * day, 400 + 30 * day]);
  const groups = pointGroups(c);
  assert.deepEqual(groups.map((g) => [...g.rows]), [[0], [1], [4], [3]], 'instant; 3 days; 30 days; 100 days');
  assert.deepEqual(groups.map((g) => g.lag), [0, 3 * day, 30 * day, 100 * day]);
});

test('filterIndex lists the vertices of the rows kept, and how many come before each row', () => {
  const c = cols();
  const [brief] = pointGroups(c); // rows 0, 1, 3
  const on = Uint8Array.from([1, 0, 0, 1, 1]);
  const points = filterIndex(brief, indexRoom(brief), on);
  assert.deepEqual([...points.index.subarray(0, points.count)], [0, 2]);
  assert.deepEqual([...points.shownBefore], [0, 1, 1, 2]);
  assert.equal(points.elemBefore, points.shownBefore);
  // A second movement, row 4, of one segment; the first (row 2) is hidden.
  c.tracks = {
    rows: Uint32Array.from([2, 4]), first: Uint32Array.from([0, 3]), count: Uint32Array.from([3, 2]),
    lon: Float32Array.from([40, 45, 50, 43, 44]), lat: Float32Array.from([30, 30, 30, 33, 34]), t: Int32Array.from([200, 700, 1200, 400, 900]),
  };
  const tracks = trackGroup(c);
  const lines = filterIndex(tracks, indexRoom(tracks), on);
  assert.deepEqual([...lines.index.subarray(0, lines.count)], [4, 5]);
  assert.deepEqual([...lines.shownBefore], [0, 0, 1]);
  assert.deepEqual([...lines.elemBefore], [0, 0, 2]);
  // Filled again in the same room: all kept.
  filterIndex(tracks, lines, new Uint8Array(5).fill(1));
  assert.deepEqual([...lines.index.subarray(0, lines.count)], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([...lines.elemBefore], [0, 4, 6]);
});

test('project agrees with Web Mercator at zoom 0', () => {
  assert.deepEqual(project(0, 0), [128, 128]);
  assert.ok(Math.abs(project(180, 85.0511)[1]) < 0.01);
});

test('virtual list: only the rows in view, and scrolling to the current one', () => {
  assert.deepEqual(visibleRange({ scrollTop: 0, height: 580, rowH: 58, count: 100000, overscan: 2 }), { from: 0, to: 12 });
  assert.deepEqual(visibleRange({ scrollTop: 58 * 5000, height: 580, rowH: 58, count: 100000, overscan: 2 }), { from: 4998, to: 5012 });
  assert.deepEqual(visibleRange({ scrollTop: 0, height: 580, rowH: 58, count: 3, overscan: 2 }), { from: 0, to: 3 });
  assert.equal(scrollFor({ k: 3, scrollTop: 0, height: 580, rowH: 58 }), null);
  assert.equal(scrollFor({ k: 5000, scrollTop: 0, height: 600, rowH: 58 }), 5000 * 58 - 200);
});

test('virtual list: the focused row\'s neighbours are in the DOM, so Tab finds the next row', () => {
  assert.deepEqual(aroundFocus({ from: 10, to: 20 }, 19, 100), { from: 10, to: 21 });
  assert.deepEqual(aroundFocus({ from: 10, to: 20 }, 10, 100), { from: 9, to: 20 });
  assert.deepEqual(aroundFocus({ from: 10, to: 20 }, 15, 100), { from: 10, to: 20 });
  assert.deepEqual(aroundFocus({ from: 0, to: 20 }, 0, 100), { from: 0, to: 20 });
  assert.deepEqual(aroundFocus({ from: 90, to: 100 }, 99, 100), { from: 90, to: 100 });
  assert.deepEqual(aroundFocus({ from: 10, to: 20 }, 40, 100), { from: 10, to: 20 }, 'a row scrolled far away is not kept');
  assert.deepEqual(aroundFocus({ from: 10, to: 20 }, -1, 100), { from: 10, to: 20 });
});

test('virtual list: a wheel moves the rows as far as it asks, whatever the scroll\'s ratio', () => {
  // At ratio 14.5 (1M rows), a notch of 100 px scrolls 6 px (87 px of
  // rows) and carries the rest to the next notch.
  const notch = wheelStep({ px: 100, ratio: 14.5 });
  assert.equal(notch.step, 6);
  assert.ok(Math.abs(notch.carry - (100 / 14.5 - 6)) < 1e-9);
  assert.equal(wheelStep({ px: 100, ratio: 14.5, carry: notch.carry }).step, 7);
  assert.equal(wheelStep({ px: -100, ratio: 14.5 }).step, -6);
  // A touchpad's small deltas add up rather than round to nothing.
  let carry = 0;
  let moved = 0;
  for (let i = 0; i < 29; i++) {
    const r = wheelStep({ px: 1, ratio: 14.5, carry });
    moved += r.step;
    carry = r.carry;
  }
  assert.equal(moved, 2);
  // Wheels that count in lines or pages.
  assert.deepEqual([0, 1, 2].map((mode) => wheelUnit(mode, 600)), [1, 16, 600]);
});

test('virtual list: while playing it follows the playhead a few times a second, paused at once', () => {
  assert.equal(followDelay({ now: 1000, shownAt: 900, lazy: false, every: 250 }), 0);
  assert.equal(followDelay({ now: 1000, shownAt: 900, lazy: true, every: 250 }), 150);
  assert.equal(followDelay({ now: 1000, shownAt: 700, lazy: true, every: 250 }), 0);
  assert.equal(followDelay({ now: 1000, shownAt: -Infinity, lazy: true }), 0, 'the first row while playing shows at once');
});

test('virtual list: a million rows scroll at a ratio within the height browsers allow', () => {
  const { spacer, ratio } = scrollScale({ count: 1_000_000, height: 600, rowH: 58, max: 4e6 });
  assert.equal(spacer, 4e6);
  const end = spacer - 600;
  const { from, to } = visibleRange({ scrollTop: end, height: 600, rowH: 58, count: 1_000_000, overscan: 0, ratio });
  assert.equal(to, 1_000_000);
  assert.ok(from > 999_980);
  assert.ok(Math.abs(rowTop({ k: 999_999, scrollTop: end, rowH: 58, ratio }) - (spacer - 58)) < 1e-6, 'the last row ends the spacer');
  const k = 500_000;
  const top = scrollFor({ k, scrollTop: 0, height: 600, rowH: 58, ratio });
  const y = rowTop({ k, scrollTop: top, rowH: 58, ratio }) - top;
  assert.ok(Math.abs(y - 200) < 1e-6, 'the row sits a third of the way down');
  assert.deepEqual(scrollScale({ count: 1000, height: 600, rowH: 58 }), { spacer: 58000, ratio: 1 });
});
