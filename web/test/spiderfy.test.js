import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterPoints, fanOut } from '../static/js/spiderfy.js';

const minDistance = (ps) => {
  let min = Infinity;
  for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) min = Math.min(min, Math.hypot(ps[i].x - ps[j].x, ps[i].y - ps[j].y));
  return min;
};

test('points within the radius of a group\'s first point stack together', () => {
  const pts = [{ x: 0, y: 0 }, { x: 5, y: 5 }, { x: 100, y: 0 }, { x: 14, y: 0 }, { x: 16, y: 0 }, { x: 100, y: 0 }];
  assert.deepEqual(clusterPoints(pts, 15), [[0, 1, 3], [2, 5], [4]]);
  assert.deepEqual(clusterPoints([], 15), []);
});

test('a fan keeps every marker apart, in a circle for a few and a spiral for many', () => {
  assert.deepEqual(fanOut(1), [{ x: 0, y: 0 }]);
  for (const n of [2, 3, 8, 9, 11, 30]) {
    const ps = fanOut(n, { spacing: 30 });
    assert.equal(ps.length, n);
    assert.ok(minDistance(ps) >= 29.9, `${n}: ${minDistance(ps)}`);
    assert.ok(ps.every((p) => Math.hypot(p.x, p.y) >= 29), `${n}: all clear of the centre`);
  }
  const circle = fanOut(6, { spacing: 30 });
  const radii = circle.map((p) => Math.hypot(p.x, p.y));
  assert.ok(Math.max(...radii) - Math.min(...radii) < 1e-9, 'six on one circle');
});
