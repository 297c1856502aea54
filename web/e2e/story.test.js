// Story mode and playback that tells, in headless Chromium against the real
// binary: the crisis opens in story mode, chapters by buttons, keys and
// ?chapter=N, the caption and where it goes, explore mode's caption and
// skipped stretches, a phone, the embed view, reduced motion, and the
// picture and the recording.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { start, openPage, load, playhead } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BEIRUT = path.resolve(here, '../../examples/beirut-port.geojson');
const ms = (s) => Date.parse(s);
let env;

before(async () => {
  env = await start(['--data', path.resolve(here, '../../data/events.geojson'), '--data', BEIRUT]);
});

after(async () => {
  await env?.stop();
});

const text = (page, sel) => page.textContent(sel).then((s) => s.trim());
const chapterParam = (page) => new URL(page.url()).searchParams.get('chapter');
const waitChapter = (page, n) => page.waitForFunction((k) => new URL(location.href).searchParams.get('chapter') === String(k), n);

/** Waits until the URL the page writes has the map at {lat, lng, zoom}. */
function waitView(page, view) {
  return page.waitForFunction(({ lat, lng, zoom }) => {
    const m = new URL(location.href).searchParams.get('map')?.split(',').map(Number);
    return m && Math.abs(m[0] - lat) < 0.05 && Math.abs(m[1] - lng) < 0.05 && m[2] === zoom;
  }, view, { timeout: 8000 });
}

/** Boxes of the key events' markers and the caption card, in page pixels. */
function layout(page) {
  return page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    return {
      card: box(document.getElementById('caption-card')),
      keys: [...document.querySelectorAll('.ev-glyph.key')].map(box).filter((b) => b.w > 0),
    };
  });
}
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test('the crisis opens in story mode: chapter 1, its caption, its view and its range', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  assert.equal(await page.getAttribute('#story-mode', 'aria-pressed'), 'true');
  assert.ok(await page.isVisible('#caption-card'));
  assert.equal(await text(page, '#caption-step'), 'Chapter 1 of 8');
  assert.equal(await text(page, '#caption-title'), 'Protests and a crackdown');
  assert.match(await text(page, '#caption-text'), /fuel prices/);
  assert.equal(await page.isDisabled('#chapter-prev'), true);
  assert.equal(await playhead(page), ms('2019-11-15T00:00:00+03:30'));
  await waitChapter(page, 1);
  await waitView(page, { lat: 32.5, lng: 48, zoom: 5 });
  assert.equal(await page.getAttribute('#next', 'aria-label'), 'Next chapter (→)');
  // The chapter's caption is a live region; its buttons are reachable by Tab.
  assert.equal(await page.getAttribute('#caption-chapter', 'aria-live'), 'polite');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Next, ←/→ and ?chapter=N move between chapters; each flies to its view and plays its range', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=2`);
  assert.equal(await text(page, '#caption-title'), 'Rockets, reprisals and the embassy');
  await page.click('#chapter-next');
  await waitChapter(page, 3);
  assert.equal(await text(page, '#caption-title'), 'The strike at Baghdad airport');
  // The flight lands on the chapter's view, then the chapter plays from its start.
  await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-pressed') === 'true', null, { timeout: 8000 });
  await waitView(page, { lat: 33.4, lng: 40.3, zoom: 6 });
  const from = ms('2020-01-02T21:30:00+03:00');
  const to = ms('2020-01-03T02:00:00+03:00');
  const t1 = await playhead(page);
  await page.waitForTimeout(1500);
  const t2 = await playhead(page);
  assert.ok(t1 >= from && t2 > t1 && t2 < to, `${new Date(t1).toISOString()} → ${new Date(t2).toISOString()}`);
  // The keys: → on, ← back, wherever focus is (the map too).
  await page.click('#map', { position: { x: 700, y: 450 } });
  await page.keyboard.press('ArrowRight');
  await waitChapter(page, 4);
  assert.equal(await text(page, '#caption-title'), 'Mourning and threats');
  await page.keyboard.press('ArrowLeft');
  await waitChapter(page, 3);
  // The transport's buttons do the same in story mode.
  await page.click('#prev');
  await waitChapter(page, 2);
  assert.equal(await text(page, '#caption-step'), 'Chapter 2 of 8');
  // The last chapter has no Next.
  await load(page, `${env.base}/?chapter=8`);
  assert.equal(await page.isDisabled('#chapter-next'), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the caption names the key event as it happens and keeps clear of the key events', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=3&t=2020-01-03T00:50:00%2B03:00`);
  await page.waitForSelector('#caption-now:not([hidden])');
  assert.match(await text(page, '#caption-event'), /drone strike kills Qasem Soleimani/);
  assert.match(await text(page, '#caption-when'), /^3 Jan 2020 00:47/);
  await page.waitForTimeout(600);
  // At each chapter's end, when all its key events are on the map.
  for (const [n, end] of [[3, '2020-01-03T02:00:00%2B03:00'], [5, '2020-01-08T03:45:00%2B03:00'], [6, '2020-01-08T06:30:00%2B03:30']]) {
    await load(page, `${env.base}/?chapter=${n}&t=${end}`);
    await page.waitForTimeout(900);
    const { card, keys } = await layout(page);
    assert.ok(keys.length >= 1, `chapter ${n}: key markers shown`);
    for (const k of keys) assert.ok(!overlaps(card, k), `chapter ${n}: the caption covers a key event at ${JSON.stringify(k)}`);
  }
  // The caption's event opens its panel.
  await load(page, `${env.base}/?chapter=3&t=2020-01-03T00:50:00%2B03:00`);
  await page.click('#caption-event');
  await page.waitForSelector('#panel:not([hidden])');
  assert.match(await text(page, '#panel-title'), /Soleimani/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('PS752 gets a chapter of its own, zoomed in so its track is long enough to follow', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=6&t=2020-01-08T06:20:00%2B03:30`);
  await page.waitForTimeout(600);
  const len = await page.$eval('.leaflet-map-pane path.ev-track[data-event-id="ps752-flight"]', (p) => {
    const r = p.getBoundingClientRect();
    return Math.hypot(r.width, r.height);
  });
  assert.ok(len > 80, `the flight's track is ${len} px`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Story switch leaves for explore mode, where ← → step events, and comes back', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=3`);
  await page.click('#story-mode');
  assert.equal(await page.getAttribute('#story-mode', 'aria-pressed'), 'false');
  assert.equal(await page.isVisible('#caption'), false);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('mode') === 'explore');
  assert.equal(chapterParam(page), null);
  const t0 = await playhead(page);
  await page.keyboard.press('ArrowRight');
  assert.equal(await playhead(page), ms('2020-01-02T23:30:00+03:00'), 'the next event, Soleimani\'s flight');
  assert.ok(t0 < ms('2020-01-02T23:30:00+03:00'));
  assert.equal(await page.getAttribute('#next', 'aria-label'), 'Next event (→)');
  // A reload keeps explore mode.
  await page.waitForTimeout(500);
  await load(page, page.url());
  assert.equal(await page.getAttribute('#story-mode', 'aria-pressed'), 'false');
  await page.click('#story-mode');
  assert.equal(await text(page, '#caption-step'), 'Chapter 3 of 8');
  // A link to a moment (an old link) opens explore mode.
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z`);
  assert.equal(await page.getAttribute('#story-mode', 'aria-pressed'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dataset without a story opens in explore mode with no Story switch', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?c=beirut-port&chapter=2`);
  assert.equal(await page.isVisible('#story-mode'), false);
  assert.equal(await page.isVisible('#caption'), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('explore mode: while playing, a caption names the newest key event', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-01-03T00:40:00%2B03:00&speed=1h`);
  assert.equal(await page.isVisible('#caption'), false, 'nothing while paused');
  await page.click('#play');
  await page.waitForSelector('#caption.explore #caption-now:not([hidden])', { timeout: 8000 });
  await page.waitForFunction(() => /drone strike kills Qasem Soleimani/.test(document.getElementById('caption-event').textContent), null, { timeout: 8000 });
  // It sits over the map, clear of the strike's marker.
  const { card } = await layout(page);
  const strike = await page.$eval('.ev-glyph[data-event-id="soleimani-drone-strike"]', (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  });
  assert.ok(!overlaps(card, strike));
  await page.click('#play');
  await page.waitForSelector('#caption', { state: 'hidden' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('long empty stretches are marked on the timeline and played through quickly', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-02-22T00:00:00Z&w=2020-01-10T00:00:00Z/2020-04-10T00:00:00Z`);
  assert.ok(await page.$$eval('.tl-gap', (els) => els.length) >= 2, 'gaps drawn on the timeline');
  assert.ok(await page.$$eval('.ov-gap', (els) => els.length) >= 2, 'and on the overview');
  assert.ok(await page.isVisible('text=≫ skipped'));
  const t0 = await playhead(page);
  await page.click('#play');
  await page.waitForTimeout(4000);
  await page.click('#play');
  const days = ((await playhead(page)) - t0) / 86400e3;
  // At 1 day/s, 4 s would be 4 days; the weeks without events to the Camp Taji attack are skipped.
  assert.ok(days > 12, `${days.toFixed(1)} days in 4 s`);
  // With "Slow near events" off, time runs evenly and nothing is marked.
  await page.click('#slow');
  assert.equal(await page.$$eval('.tl-gap', (els) => els.length), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone and in the embed view, the story reads over the map with 44 px buttons', async () => {
  for (const url of ['/?chapter=5', '/?chapter=5&embed=1']) {
    const { page, context, problems } = await openPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await load(page, `${env.base}${url}`);
    await page.waitForTimeout(900);
    const { card, keys } = await layout(page);
    const map = await page.$eval('#map', (el) => { const r = el.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
    assert.ok(card.x >= map.x && card.x + card.w <= map.x + map.w && card.y >= map.y && card.y + card.h <= map.y + map.h, `${url}: card inside the map`);
    for (const k of keys) assert.ok(!overlaps(card, k), `${url}: the caption covers a key event`);
    for (const id of ['chapter-prev', 'chapter-next']) {
      const r = await page.$eval(`#${id}`, (el) => el.getBoundingClientRect().toJSON());
      assert.ok(r.height >= 44, `${id} is ${r.height} px tall`);
    }
    await page.tap('#chapter-next');
    await waitChapter(page, 6);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('with reduced motion the map jumps to a chapter and waits for Play', async () => {
  const { page, context, problems } = await openPage(env.browser, { reducedMotion: 'reduce' });
  await load(page, `${env.base}/?chapter=2`);
  await page.click('#chapter-next');
  await waitChapter(page, 3);
  await page.waitForTimeout(800);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  assert.equal(await playhead(page), ms('2020-01-02T21:30:00+03:00'));
  await waitView(page, { lat: 33.4, lng: 40.3, zoom: 6 });
  assert.deepEqual(problems, []);
  await context.close();
});

/** Width and height from a PNG's IHDR. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString(), 'PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

test('Picture says so when it cannot load its module', async () => {
  const { page, context } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore`);
  await page.route(/\/snapshot(-\w+)?\.js$/, (route) => route.abort()); // the module, or its bundle
  await page.click('#picture');
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await text(page, '#message'), /^Could not make the picture: .+ Reload the page and try again\.$/);
  await context.close();
});

test('Picture saves a PNG of the map, and Record a WebM video with its duration', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&t=2020-01-20T06:00:00Z&speed=6h&w=2020-01-20T00:00:00Z/2020-01-21T00:00:00Z`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#picture')]);
  assert.match(png.suggestedFilename(), /^events-2020-01-20T0600Z\.png$/);
  const buf = await readFile(await png.path());
  const map = await page.$eval('#map', (el) => el.getBoundingClientRect().toJSON());
  assert.deepEqual(pngSize(buf), { width: Math.round(map.width), height: Math.round(map.height) });
  assert.ok(buf.length > 20000, `${buf.length} bytes`);

  await page.click('#record');
  assert.equal(await page.isVisible('#rec-chapter-choice'), false, 'no chapter in explore mode');
  assert.match(await text(page, '#rec-window-label'), /20 Jan 2020 to 21 Jan 2020/);
  const [video] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#rec-start')]);
  const webm = await readFile(await video.path());
  assert.deepEqual([...webm.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'an EBML file');
  assert.ok(webm.length > 10000, `${webm.length} bytes`);
  assert.match(await text(page, '#rec-status'), /^Saved a \d+ s video/);
  // Chromium plays it and knows its length (on a blank page: the map's CSP rightly refuses blob: media).
  const blank = await context.newPage();
  const duration = await blank.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const v = document.createElement('video');
    v.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
    await new Promise((resolve, reject) => { v.onloadedmetadata = resolve; v.onerror = () => reject(new Error('not playable')); });
    return { duration: v.duration, width: v.videoWidth, height: v.videoHeight };
  }, webm.toString('base64'));
  assert.ok(Number.isFinite(duration.duration) && duration.duration > 2 && duration.duration < 20, JSON.stringify(duration));
  assert.equal(duration.width, Math.round(map.width * 1.5));
  assert.deepEqual(problems, []);
  await context.close();
});
