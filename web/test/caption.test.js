import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeCaption, clearShift, captionLine } from '../static/js/caption.js';
import { createZone } from '../static/js/zone.js';
import { parseTime } from '../static/js/format.js';

const area = { x: 360, y: 0, w: 864, h: 605 };
const card = { w: 360, h: 250 };

test('the caption takes the first corner that hides no key event', () => {
  assert.deepEqual(placeCaption({ area, card }).box, { x: 372, y: 12, w: 360, h: 250 });
  // A point under the top left corner: the top right.
  const spot = placeCaption({ area, card, points: [{ x: 500, y: 100 }] });
  assert.deepEqual(spot.box, { x: 852, y: 12, w: 360, h: 250 });
  assert.deepEqual(spot.covered, []);
  // Clearance: a point just outside the box still counts.
  assert.equal(placeCaption({ area, card, points: [{ x: 740, y: 100 }] }).box.x, 852);
  // Bottom first for explore mode's line.
  assert.equal(placeCaption({ area, card, prefer: 'bottom' }).box.y, 605 - 12 - 250);
});

test('when every corner hides something, the fewest; the map then moves them clear', () => {
  const points = [{ x: 400, y: 50 }, { x: 1100, y: 50 }, { x: 400, y: 500 }, { x: 1100, y: 500 }, { x: 1110, y: 510 }];
  const spot = placeCaption({ area, card, points });
  assert.equal(spot.covered.length, 1);
  assert.deepEqual(spot.box, { x: 372, y: 12, w: 360, h: 250 });
  const { dx, dy } = clearShift({ area, box: spot.box, points: spot.covered });
  // The largest free part is right of the card: the point moves to its middle.
  assert.equal(dy, 0);
  assert.equal(400 + dx, Math.round(732 + (1224 - 732) / 2));
  assert.deepEqual(clearShift({ area, box: spot.box, points: [] }), { dx: 0, dy: 0 });
});

test('on a phone the card spans the map and the map moves up or down', () => {
  const phone = { x: 0, y: 56, w: 334, h: 560 };
  const spot = placeCaption({ area: phone, card: { w: 360, h: 200 }, points: [{ x: 150, y: 150 }, { x: 150, y: 500 }] });
  assert.equal(spot.box.w, 310);
  assert.equal(spot.covered.length, 1);
  const { dx, dy } = clearShift({ area: phone, box: spot.box, points: spot.covered });
  assert.equal(dx, 0);
  assert.ok(dy !== 0);
});

test('the caption line reads on the page\'s one clock with the event\'s own local time aside', () => {
  const zone = createZone({ tz: 'Asia/Baghdad', label: 'Baghdad time' });
  const s = parseTime('2020-01-08T06:12:00+03:30');
  const ev = { start: s.ms, startOffset: s.offset, precision: 'minute', placeLabel: 'Imam Khomeini International Airport', title: 'PS752' };
  const line = captionLine(ev, { zone });
  assert.match(line.when, /^8 Jan 2020 05:42 · local 06:12 \(UTC\+03:30\) · Imam Khomeini International Airport$/);
  assert.equal(line.title, 'PS752');
  assert.match(captionLine(ev, { zone, utc: true }).when, /^8 Jan 2020 02:42/);
});
