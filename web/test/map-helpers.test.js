import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapBBox } from '../static/js/basemap.js';
import { declutter } from '../static/js/labels.js';

test('basemap boxes snap outward to a grid that coarsens with zoom', () => {
  assert.deepEqual(snapBBox([38.3, 29.1, 52.7, 38.9], 5), [30, 20, 60, 40]);
  assert.deepEqual(snapBBox([44.31, 33.21, 44.52, 33.38], 10), [44.25, 33, 44.75, 33.5]);
  // Small pans inside a cell ask for the same box, so the answer is reused.
  assert.deepEqual(snapBBox([38.5, 29.2, 52.9, 38.7], 5), snapBBox([38.3, 29.1, 52.7, 38.9], 5));
  assert.deepEqual(snapBBox([-200, -89, 200, 89], 1), [-180, -85, 180, 85]);
});

test('labels that would overlap an earlier one are left out', () => {
  const boxes = [
    { x: 0, y: 0, w: 50, h: 10 },
    { x: 40, y: 5, w: 50, h: 10 },
    null,
    { x: 100, y: 0, w: 20, h: 10 },
    { x: 0, y: 20, w: 10, h: 10 },
  ];
  assert.deepEqual(declutter(boxes), [0, 3, 4]);
  assert.deepEqual(declutter(boxes, { margin: 12 }), [0, 3]);
});
