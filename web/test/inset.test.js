import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SMALL_PX, LINGER, screenSpan, underWay, pickMovement, insetZoom, clearArea, placeInset,
} from '../static/js/inset.js';

const MIN = 60e3;
const track = (id, start, end, span) => ({ id, kind: 'track', hasEnd: end > start, start, end, span });
const point = (id, start) => ({ id, kind: 'point', hasEnd: false, start, end: start });
const spanOf = (ev) => ev.span;

test('a movement\'s length on screen is the diagonal of the box round its points', () => {
  assert.equal(screenSpan([]), 0);
  assert.equal(screenSpan([{ x: 10, y: 10 }]), 0);
  assert.equal(screenSpan([{ x: 0, y: 0 }, { x: 3, y: 1 }, { x: 1, y: 4 }]), 5);
});

test('a movement is under way from its start to a little after its end', () => {
  const ev = track('ps752', 0, 6 * MIN, 5);
  assert.equal(underWay(ev, -1), false);
  assert.equal(underWay(ev, 0), true);
  assert.equal(underWay(ev, 6 * MIN), true);
  assert.equal(underWay(ev, 6 * MIN * (1 + LINGER)), true);
  assert.equal(underWay(ev, 6 * MIN * (1 + LINGER) + 1), false);
  assert.equal(underWay(point('p', 0), 0), false);
  assert.equal(underWay(track('instant', 0, 0, 5), 0), false);
});

test('while playing, the latest small movement under way is magnified; a long one never', () => {
  const ps752 = track('ps752', 10 * MIN, 16 * MIN, 6);
  const missiles = track('missiles', 0, 12 * MIN, 220);
  const crash = point('crash', 16 * MIN);
  const events = [missiles, ps752, crash];
  const pick = (t, o = {}) => pickMovement(events, { t, playing: true, spanOf, ...o })?.id ?? null;
  assert.equal(pick(5 * MIN), null, 'only the long track under way');
  assert.equal(pick(11 * MIN), 'ps752');
  assert.equal(pick(17 * MIN), 'ps752', 'lingers over the crash');
  assert.equal(pick(30 * MIN), null, 'over');
  assert.equal(pick(11 * MIN, { playing: false }), null, 'paused, nothing selected');
  assert.equal(pick(11 * MIN, { shown: (id) => id !== 'ps752' }), null, 'filtered out');
  // Zoomed in, the same movement is long enough to see.
  assert.equal(pick(11 * MIN, { spanOf: () => SMALL_PX }), null);
});

test('a small selected movement is magnified whatever the time; a long one is not', () => {
  const ps752 = track('ps752', 10 * MIN, 16 * MIN, 6);
  const missiles = track('missiles', 0, 12 * MIN, 220);
  const events = [missiles, ps752];
  assert.equal(pickMovement(events, { t: 99 * MIN, playing: false, selected: ps752, spanOf }), ps752);
  assert.equal(pickMovement(events, { t: 1 * MIN, playing: false, selected: missiles, spanOf }), null);
  assert.equal(pickMovement(events, { t: 1 * MIN, playing: false, selected: point('x', 0), spanOf }), null);
});

test('the inset zooms in until the movement fills most of it, in quarter steps, within bounds', () => {
  const size = { w: 240, h: 160 };
  // 6 × 4 px at zoom 5.5: limited by height, 160 × 0.65 / 4 = 26× ≈ +4.7.
  const z = insetZoom({ span: { w: 6, h: 4 }, zoom: 5.5, size });
  assert.equal(z, 10);
  assert.equal(z * 4, Math.round(z * 4));
  assert.equal(insetZoom({ span: { w: 0, h: 0 }, zoom: 5.5, size }), 12, 'a point: as far as the map goes');
  assert.equal(insetZoom({ span: { w: 200, h: 10 }, zoom: 5.5, size }), 6.5, 'at least one step in');
  assert.equal(insetZoom({ span: { w: 1, h: 1 }, zoom: 5, size, maxZoom: 9 }), 9);
});

test('the clear area leaves out the panels and the map\'s controls', () => {
  assert.deepEqual(clearArea({ x: 1280, y: 700 }, { left: 360, right: 0, top: 0, bottom: 0 }), { x: 360, y: 0, w: 864, h: 672 });
  assert.deepEqual(clearArea({ x: 390, y: 700 }, { left: 0, right: 0, top: 60, bottom: 300 }), { x: 0, y: 60, w: 334, h: 312 });
});

test('the inset takes a corner clear of the movement and, if it can, of the caption', () => {
  const area = { x: 360, y: 0, w: 864, h: 672 };
  const size = { w: 240, h: 190 };
  assert.deepEqual(placeInset({ area, size, points: [{ x: 800, y: 300 }] }), { x: 372, y: 12, w: 240, h: 190 });
  // The movement under the top left corner: top right.
  assert.equal(placeInset({ area, size, points: [{ x: 400, y: 100 }] }).x, 1224 - 12 - 240);
  // A caption in the top right as well: bottom left.
  const caption = { x: 900, y: 12, w: 300, h: 60 };
  assert.deepEqual(placeInset({ area, size, points: [{ x: 400, y: 100 }], boxes: [caption] }), { x: 372, y: 672 - 12 - 190, w: 240, h: 190 });
  // Every corner hides the caption or the movement: the caption gives way.
  const everywhere = [{ x: 380, y: 20 }, { x: 380, y: 660 }];
  const wide = { x: 360, y: 0, w: 864, h: 672 };
  const box = placeInset({ area, size, points: everywhere, boxes: [wide] });
  assert.equal(box.x, 1224 - 12 - 240);
});

test('no inset where it cannot fit or would hide the movement', () => {
  const size = { w: 240, h: 190 };
  assert.equal(placeInset({ area: { x: 0, y: 0, w: 250, h: 600 }, size, points: [] }), null);
  const area = { x: 0, y: 0, w: 500, h: 400 };
  const corners = [{ x: 20, y: 20 }, { x: 480, y: 20 }, { x: 20, y: 380 }, { x: 480, y: 380 }];
  assert.equal(placeInset({ area, size, points: corners }), null);
});
