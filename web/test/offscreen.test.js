import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgePoint, spread, chipName } from '../static/js/offscreen.js';

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

test('chips keep out of the corners where the map\'s controls are', () => {
  const corners = { topRight: { w: 60, h: 130 }, bottomRight: { w: 260, h: 40 } };
  const right = [{ at: { side: 'right', x: 1272, y: 20 } }, { at: { side: 'right', x: 1272, y: 590 } }];
  spread(right, rect, corners);
  assert.deepEqual(right.map((c) => c.at.y), [145, 545]);
  const top = [{ at: { side: 'top', x: 1250, y: 8 } }];
  assert.equal(spread(top, rect, corners)[0].at.x, 1280 - 60 - 75);
  const bottom = [{ at: { side: 'bottom', x: 1200, y: 592 } }];
  assert.equal(spread(bottom, rect, corners)[0].at.x, 1280 - 260 - 75);
  const left = [{ at: { side: 'left', x: 368, y: 20 } }];
  assert.equal(spread(left, rect, corners)[0].at.y, 20, 'no controls on the left');
});

test('a movement\'s chip is named after its end, where it points', () => {
  assert.equal(chipName({ kind: 'track', placeLabel: 'Western Iran', endLabel: 'Al Asad Airbase' }), 'Al Asad Airbase');
  assert.equal(chipName({ kind: 'point', placeLabel: 'Tehran', endLabel: 'Tehran' }), 'Tehran');
});
