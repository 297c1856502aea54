import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgePoint, spread } from '../static/js/offscreen.js';

const rect = { left: 360, top: 0, right: 1280, bottom: 600 };

test('a chip sits on the side of the view its event lies beyond', () => {
  const west = edgePoint(rect, { x: -5000, y: 200 });
  assert.equal(west.side, 'left');
  assert.equal(west.x, 368);
  assert.ok(west.y > 250 && west.y < 300);
  assert.equal(edgePoint(rect, { x: 900, y: -4000 }).side, 'top');
  assert.equal(edgePoint(rect, { x: 5000, y: 300 }).side, 'right');
  assert.equal(edgePoint(rect, { x: 820, y: 900 }).side, 'bottom');
});

test('chips on one side are spread apart and kept inside', () => {
  const chips = [280, 282, 284].map((y) => ({ at: { side: 'left', x: 368, y } }));
  spread(chips, rect);
  assert.deepEqual(chips.map((c) => c.at.y), [280, 310, 340]);
  const low = [{ at: { side: 'left', x: 368, y: 599 } }];
  assert.equal(spread(low, rect)[0].at.y, 585);
});
