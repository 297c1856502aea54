// The close-up inset in headless Chromium: PS752 (a few pixels at the
// default view) gets one while it flies in explore mode, clear of its own
// markers and of the panels, and it goes when the flight is over; the long
// missile tracks get none; a selected small movement keeps one until it is
// closed; on a phone and in the embed view too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, load } from './helpers.js';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  await env?.stop();
});

const PS752_START = Date.parse('2020-01-08T06:12:00+03:30');
const PS752_END = Date.parse('2020-01-08T06:18:00+03:30');

/**
 * Plays until the playhead passes until (ms), sampling each frame: the
 * inset's box, the span (px) of the movement's line in it and on the main
 * map, and the main map's points of the movement the inset must not hide.
 */
async function playThrough(page, { id, until }) {
  await page.click('#play');
  return page.evaluate(async ({ id, until }) => {
    const box = (el) => {
      const r = el?.getBoundingClientRect();
      return r ? { x: r.left, y: r.top, w: r.width, h: r.height } : null;
    };
    // The movement on the main map: its line, its head and the marker where it ends.
    const mainBox = () => {
      const pane = document.querySelector('#map > .leaflet-map-pane');
      const boxes = [...pane.querySelectorAll(`path[data-event-id="${id}"], .ev-head-glyph[data-event-id="${id}"], .ev-glyph[data-event-id="ps752-crash"]`)]
        .map(box).filter((b) => b.w || b.h);
      if (!boxes.length) return null;
      const x = Math.min(...boxes.map((b) => b.x));
      const y = Math.min(...boxes.map((b) => b.y));
      return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
    };
    const samples = [];
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const t = Number(document.getElementById('timeline').getAttribute('aria-valuenow'));
      const inset = document.getElementById('inset');
      samples.push({
        t,
        shown: !inset.hidden,
        inset: inset.hidden ? null : box(inset),
        line: box(document.querySelector(`#inset-map path[data-event-id="${id}"]`)),
        path: box(document.querySelector(`#map > .leaflet-map-pane path[data-event-id="${id}"]`)),
        main: mainBox(),
        side: box(document.getElementById('side')),
      });
      if (t > until) break;
      if (document.getElementById('play').getAttribute('aria-pressed') !== 'true') break;
    }
    return samples;
  }, { id, until });
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const diag = (b) => Math.hypot(b.w, b.h);

function checkPS752(samples, label) {
  const shown = samples.filter((s) => s.shown);
  assert.ok(shown.length > 5, `${label}: the inset shows while PS752 flies (${shown.length} frames)`);
  assert.ok(samples.filter((s) => s.t < PS752_START).every((s) => !s.shown), `${label}: no inset before the flight`);
  assert.equal(samples.at(-1).shown, false, `${label}: the inset goes when the flight is over`);
  assert.ok(samples.at(-1).t > PS752_END, `${label}: played past the crash`);
  for (const s of shown) {
    // The line is drawn with round caps, a few px beyond its points.
    assert.ok(s.path && diag(s.path) < 40 + 6, `${label}: small on the main map (${s.path && diag(s.path)} px)`);
    assert.ok(!overlaps(s.inset, s.main), `${label}: the inset hides none of PS752's markers`);
    if (s.side) assert.ok(!overlaps(s.inset, s.side), `${label}: the inset is clear of the sidebar`);
  }
  // Once the whole track is drawn in the inset, it spans much of it, inside it.
  const whole = shown.filter((s) => s.t >= PS752_END && s.line);
  assert.ok(whole.length, `${label}: the inset lingers over the crash`);
  for (const s of whole) {
    assert.ok(diag(s.line) > 0.4 * s.inset.w, `${label}: the track spans the inset (${diag(s.line)} of ${s.inset.w} px)`);
    assert.ok(s.line.x >= s.inset.x && s.line.x + s.line.w <= s.inset.x + s.inset.w, `${label}: the track stays inside the inset`);
  }
}

test('explore mode: PS752 gets a close-up while it flies, and it goes when the flight is over', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-01-08T06:10:00%2B03:30`);
  assert.equal(await page.isHidden('#inset'), true);
  const samples = await playThrough(page, { id: 'ps752-flight', until: Date.parse('2020-01-08T06:25:00+03:30') });
  checkPS752(samples, '1280×800');
  assert.match(await page.textContent('#inset-title'), /Close-up\s+Ukraine International Airlines flight PS752/);
  assert.equal(await page.getAttribute('#inset', 'aria-labelledby'), 'inset-title');
  // The inset's basemap is our own: no request left the server.
  assert.deepEqual(problems, []);
  await context.close();
});

test('the missile tracks from Western Iran to Al Asad and Erbil get no close-up', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-01-07T22:20:00Z`);
  const samples = await playThrough(page, { id: 'missile-track-al-asad', until: Date.parse('2020-01-07T22:46:00Z') });
  assert.ok(samples.at(-1).t > Date.parse('2020-01-07T22:46:00Z'), 'played through both tracks');
  assert.ok(samples.some((s) => s.path && diag(s.path) > 100), 'the Al Asad track is long on the map');
  assert.equal(samples.filter((s) => s.shown).length, 0, 'no inset');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a selected small movement keeps its close-up until it is closed', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-01-08T12:00:00Z`);
  await page.click('#event-list button[data-event-id="ps752-flight"]');
  await page.waitForSelector('#inset:not([hidden]) #inset-map path[data-event-id="ps752-flight"]');
  const inset = await page.$eval('#inset', (el) => el.getBoundingClientRect().toJSON());
  const panel = await page.$eval('#panel', (el) => el.getBoundingClientRect().toJSON());
  assert.ok(inset.right <= panel.left, 'the inset is clear of the panel');
  await page.click('#inset-close');
  assert.equal(await page.isHidden('#inset'), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone and in the embed view, PS752 gets its close-up too', async () => {
  const phone = await openPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await load(phone.page, `${env.base}/?mode=explore&t=2020-01-08T06:10:00%2B03:30`);
  checkPS752(await playThrough(phone.page, { id: 'ps752-flight', until: Date.parse('2020-01-08T06:25:00+03:30') }), '390×844');
  assert.deepEqual(phone.problems, []);
  await phone.context.close();

  // The size of the iframe that Share offers.
  const embed = await openPage(env.browser, { viewport: { width: 800, height: 560 } });
  await load(embed.page, `${env.base}/?embed=1&mode=explore&t=2020-01-08T06:10:00%2B03:30`);
  checkPS752(await playThrough(embed.page, { id: 'ps752-flight', until: Date.parse('2020-01-08T06:25:00+03:30') }), 'embed');
  assert.deepEqual(embed.problems, []);
  await embed.context.close();
});
