import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapBBox } from '../static/js/basemap.js';
import { arrange, candidates } from '../static/js/labels.js';

test('basemap boxes snap outward to a grid that coarsens with zoom', () => {
  assert.deepEqual(snapBBox([38.3, 29.1, 52.7, 38.9], 5), [30, 20, 60, 40]);
  assert.deepEqual(snapBBox([44.31, 33.21, 44.52, 33.38], 10), [44.25, 33, 44.75, 33.5]);
  // Small pans inside a cell ask for the same box, so the answer is reused.
  assert.deepEqual(snapBBox([38.5, 29.2, 52.9, 38.7], 5), snapBBox([38.3, 29.1, 52.7, 38.9], 5));
  assert.deepEqual(snapBBox([-200, -89, 200, 89], 1), [-180, -85, 180, 85]);
});

test('labels that would overlap an earlier one are left out', () => {
  const one = (b) => b && [b];
  const boxes = [
    { x: 0, y: 0, w: 50, h: 10 },
    { x: 40, y: 5, w: 50, h: 10 },
    null,
    { x: 100, y: 0, w: 20, h: 10 },
    { x: 0, y: 20, w: 10, h: 10 },
  ];
  const kept = (r) => r.flatMap((b, i) => (b ? [i] : []));
  assert.deepEqual(kept(arrange(boxes.map(one))), [0, 3, 4]);
  assert.deepEqual(kept(arrange(boxes.map(one), { margin: 12 })), [0, 3]);
  assert.deepEqual(kept(arrange(boxes.map(one), { reserved: [{ x: 95, y: 0, w: 5, h: 5 }] })), [0, 4], 'reserved boxes (markers, controls) block');
  assert.deepEqual(kept(arrange(boxes.map(one), { bounds: { w: 110, h: 100 } })), [0, 4], 'a label cut by the edge is left out');
});

test('a place name takes the first free side of its point: right, left, above, below', () => {
  const pt = { x: 200, y: 100 };
  const sides = candidates(pt, 80, 14, true);
  assert.deepEqual(sides.map((b) => b.pos), ['right', 'left', 'top', 'bottom']);
  assert.deepEqual(sides[0], { x: 214, y: 93, w: 80, h: 14, pos: 'right' });
  assert.deepEqual(sides[1], { x: 106, y: 93, w: 80, h: 14, pos: 'left' });
  assert.deepEqual(candidates(pt, 80, 14, false), [{ x: 160, y: 93, w: 80, h: 14, pos: 'centre' }]);
  // A label already right of a neighbour's point pushes this one to the left; both are kept whole.
  const neighbour = candidates({ x: 200, y: 100 }, 200, 14, true);
  const mine = candidates({ x: 260, y: 102 }, 60, 14, true);
  const [a, b] = arrange([neighbour, mine]);
  assert.equal(a.pos, 'right');
  assert.equal(b.pos, 'top');
});
