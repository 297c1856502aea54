// A collection of 100,000 events (chronomap gen): every one reaches the
// page and is drawn on the GPU, the list and legend count them all, the
// last can be reached, playback advances, a click on a GPU point opens its
// panel, and the GPU layer draws the basemap unless tiles cover it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, start, openPage, playhead } from './helpers.js';

const N = 100000;
let env;
let dir;
let collection;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chronomap-scale-'));
  const file = path.join(dir, 'many.geojson');
  const gen = spawnSync(BIN, ['gen', '-n', String(N), '-seed', '1', '-o', file]);
  assert.equal(gen.status, 0, String(gen.stderr));
  env = await start(['--data', file], { gpu: true, timeoutMs: 60000 });
  collection = `${env.base}/api/collections/many`;
});

after(async () => {
  await env?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function ready(page, query = '') {
  await page.goto(`${env.base}/${query}`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
}

test('every event reaches the page: the list counts them all and the last is reachable', async () => {
  const { page, context, problems } = await openPage(env.browser);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await ready(page);
  assert.match(await page.textContent('#list-status'), /^100,000 events · times in /);
  assert.equal(await page.getAttribute('.vlist', 'aria-rowcount'), String(N));
  const counts = await page.$$eval('.legend-count', (els) => els.reduce((s, e) => s + Number(e.textContent.replace(/,/g, '')), 0));
  assert.equal(counts, N);
  assert.ok(!requests.some((u) => u.includes('items?limit=10000')), 'the page does not ask for a capped page of items');
  assert.ok(await page.locator('.vrow').count() < 60, 'only the rows in view are in the DOM');

  // The end: every event started, the list's last row is the last event.
  const last = (await (await fetch(`${collection}/items?offset=${N - 1}&limit=1`)).json()).features[0];
  await page.focus('#timeline');
  await page.keyboard.press('End');
  assert.match(await page.getAttribute('#export', 'title'), /Download the 100000 events shown/);
  await page.waitForSelector(`.vrow[aria-rowindex="${N}"] .ev-item[data-event-id="${last.id}"]`, { timeout: 10000 });
  await page.waitForSelector(`.vrow[aria-rowindex="${N}"] .ev-title:text("${last.properties.title}")`, { timeout: 10000 });
  assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 5000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('playback advances', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, '?speed=1d');
  const t0 = await playhead(page);
  await page.click('#play');
  await page.waitForFunction((t) => Number(document.getElementById('timeline').getAttribute('aria-valuenow')) > t + 3600e3, t0, { timeout: 10000 });
  await page.click('#play');
  // The list follows: the current row (the latest started) is in view.
  await page.waitForFunction(() => {
    const row = document.querySelector('.vrow.current');
    const box = document.querySelector('.sidebar-scroll').getBoundingClientRect();
    const r = row?.getBoundingClientRect();
    return Boolean(r) && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  }, null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

/** An event at a point from the middle of the collection, and where it is. */
async function middlePoint() {
  const features = (await (await fetch(`${collection}/items?offset=${N / 2}&limit=20`)).json()).features;
  const ev = features.find((f) => f.geometry.type === 'Point');
  const [lon, lat] = ev.geometry.coordinates;
  return { ev, lon, lat };
}

test('a click on a point drawn on the GPU opens its panel', async () => {
  const { ev, lon, lat } = await middlePoint();
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, `?t=${encodeURIComponent(ev.properties.start)}&map=${lat},${lon},12`);
  // The map is centred on the event, alone at zoom 12.
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#panel:not([hidden]) #panel-title', { timeout: 10000 });
  assert.equal(await page.textContent('#panel-title'), ev.properties.title);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The colour [r, g, b] the page shows at (x, y), from a screenshot: the GPU canvases keep no buffer to read. */
async function pixel(page, x, y) {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const ctx = new OffscreenCanvas(1, 1).getContext('2d');
    ctx.drawImage(await createImageBitmap(blob), 0, 0);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, png.toString('base64'));
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 8);

test('the GPU layer draws the events a search keeps, one typed while the points fill in too, and all again when it is cleared', async () => {
  const { ev, lon, lat } = await middlePoint();
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, `?map=${lat},${lon},12`);
  const box = await page.locator('#map').boundingBox();
  const at = () => pixel(page, Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
  const until = async (want, what) => {
    const end = Date.now() + 15000;
    for (let c = await at(); !want(c); c = await at()) {
      assert.ok(Date.now() < end, `${what}: the map's centre stays ${c}`);
      await page.waitForTimeout(100);
    }
  };
  const search = async (q, status) => {
    await page.fill('#search', q);
    await page.waitForFunction((re) => re.test(document.getElementById('list-status').textContent), status);
  };
  await page.focus('#timeline');
  await page.keyboard.press('End');
  // Nothing matches: the basemap alone.
  await search('no such event anywhere', /^0 of/);
  await page.waitForTimeout(500);
  const ground = await at();
  await search('', /^100,000 events · /);
  await until((c) => !near(c, ground), 'every event shown');
  const drawn = await at();

  // Back to the start and the end again: the points fill in over frames,
  // and a search typed meanwhile replaces them.
  await page.focus('#timeline');
  await page.keyboard.press('Home');
  await page.keyboard.press('End');
  await search('no such event anywhere', /^0 of/);
  await until((c) => near(c, ground), 'nothing matches');
  await search(ev.properties.title, /^[1-9][\d,]* of 100,000 events match · /);
  await until((c) => near(c, drawn), 'the event searched for');
  await search('', /^100,000 events · /);
  await until((c) => near(c, drawn), 'every event again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the back GPU canvas draws the basemap, opaque, and turns transparent under tiles shown over it', async () => {
  const png = readFileSync(path.resolve(import.meta.dirname, '../static/vendor/leaflet/images/layers.png'));
  const { page, context, problems } = await openPage(env.browser);
  await page.route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ contentType: 'image/png', body: png }));
  const opaque = () => page.evaluate(() => !document.querySelector('.leaflet-gpuBack-pane canvas').getContext('webgl2').getContextAttributes().alpha);
  await ready(page);
  assert.equal(await opaque(), true);
  assert.equal(await page.locator('.leaflet-gpuBack-pane canvas').count(), 1);

  await page.hover('.leaflet-control-layers');
  await page.getByLabel('OpenStreetMap (online)').check();
  await page.waitForSelector('.leaflet-rasterTiles-pane img.leaflet-tile-loaded');
  assert.equal(await opaque(), false);
  await page.getByLabel('OpenStreetMap (online)').uncheck();
  assert.equal(await opaque(), true);
  assert.equal(await page.locator('.leaflet-gpuBack-pane canvas').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the list drawer fills with rows when it opens', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await ready(page);
  await page.click('#drawer-toggle');
  await page.waitForFunction(() => document.querySelectorAll('.vrow').length > 12, null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});

/** The aria-rowindex of the list row holding the focus, or what holds it instead. */
const focusedRow = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return Number(el.closest('.vrow')?.getAttribute('aria-rowindex')) || `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
});

test('Tab walks the list\'s rows in their order, past the rows first drawn, and a focused row keeps the focus', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, '?t=2020-01-15T00:00:00Z');
  await page.locator('.legend-item').last().focus();
  await page.keyboard.press('Tab');
  const first = await focusedRow(page);
  assert.equal(typeof first, 'number', `Tab from the legend reaches a row, not ${first}`);
  const seen = [first];
  const inView = () => page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    const box = document.querySelector('.sidebar-scroll').getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focusedRow(page));
    assert.ok(await inView(), `row ${seen.at(-1)} is in view`);
  }
  assert.deepEqual(seen, seen.map((_, i) => first + i), 'one row after another');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedRow(page), first + 29);

  // Titles arriving, or the row scrolled away, do not drop the focus to
  // the page: it stays on the row, else moves to the list.
  await page.focus('#timeline');
  await page.keyboard.press('End');
  await page.focus('.vrow .ev-item');
  await page.waitForSelector('.vrow .ev-title:not(:text("…"))');
  await page.waitForTimeout(500);
  assert.equal(typeof await focusedRow(page), 'number', 'the focus stays on a row as titles arrive');
  const box = await page.locator('.sidebar-scroll').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -20000);
  await page.waitForTimeout(500);
  assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('.vlist'))), 'the focus stays in the list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wheel over the list moves its rows as far as it turns, though its scrollbar stands for them at a ratio', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, '?t=2020-03-15T00:00:00Z');
  await page.waitForSelector('.vrow');
  // At 100,000 rows of 58 px the scrollbar stands for the rows at about 1.45.
  const top = () => page.evaluate(() => {
    const box = document.querySelector('.sidebar-scroll').getBoundingClientRect();
    const list = document.querySelector('.vlist').getBoundingClientRect();
    const row = document.elementFromPoint(list.left + 20, Math.max(box.top, list.top) + 2)?.closest('.vrow');
    return { row: Number(row?.getAttribute('aria-rowindex')), offset: Math.max(box.top, list.top) - (row?.getBoundingClientRect().top ?? NaN) };
  });
  const box = await page.locator('.sidebar-scroll').boundingBox();
  await page.mouse.move(box.x + 40, box.y + box.height - 20);
  const before = await top();
  await page.mouse.wheel(0, 580);
  await page.waitForTimeout(300);
  const after = await top();
  const moved = (after.row - before.row) * 58 + after.offset - before.offset;
  assert.ok(Math.abs(moved - 580) <= 10, `the rows moved ${moved} px for a wheel of 580, not ${Math.round(580 * 1.45)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the list reads on the page\'s one clock: rows in time order, another zone\'s local time aside', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, '?t=2020-01-15T00:00:00Z');
  await page.waitForSelector('.vrow .ev-title:not(:text("…"))');
  const rows = () => page.$$eval('.vrow', (els) => els
    .sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex'))
    .map((e) => ({ time: e.querySelector('.ev-time').textContent, zone: e.querySelector('.ev-zone').textContent })));
  const clock = (r) => Date.parse(`${r.time.replace('~', '')} UTC`);
  const local = await rows();
  const times = local.filter((r) => /\d\d:\d\d$/.test(r.time)).map(clock);
  assert.ok(times.length > 10);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), `in order: ${local.map((r) => r.time).join(', ')}`);
  assert.ok(local.some((r) => / · local ~?\d\d:\d\d \(UTC[+-]\d\d:\d\d\)$/.test(r.zone)), 'another zone\'s rows give their local time');
  assert.match(await page.textContent('#list-status'), /^100,000 events · times in /);

  await page.click('#utc');
  await page.waitForFunction(() => document.getElementById('list-status').textContent.endsWith('times in UTC'));
  const utc = (await rows()).filter((r) => /\d\d:\d\d$/.test(r.time)).map(clock);
  assert.deepEqual(utc, [...utc].sort((a, b) => a - b), 'in order in UTC too');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the pointer resting on the selected event shows its tooltip once', async () => {
  const { ev, lon, lat } = await middlePoint();
  const { page, context, problems } = await openPage(env.browser);
  await ready(page, `?t=${encodeURIComponent(ev.properties.start)}&map=${lat},${lon},12&ev=${ev.id}`);
  await page.waitForSelector('#panel:not([hidden]) #panel-title');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.move(box.x + box.width / 2 - 20, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.waitForSelector('.ev-tooltip');
  await page.waitForTimeout(1000);
  assert.deepEqual(await page.$$eval('.ev-tooltip', (els, title) => els.map((e) => e.textContent.includes(title)), ev.properties.title), [true]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a search the server cannot answer says so, instead of claiming every event with the query still in the box', async () => {
  // The server searches at most 200 characters: 201 is a 400, as a
  // database that is down is a 503.
  const { page, context, problems } = await openPage(env.browser);
  await ready(page);
  await page.fill('#search', 'a'.repeat(201));
  await page.waitForFunction(() => /search could not be made/.test(document.getElementById('list-status').textContent), null, { timeout: 10000 });
  assert.match(await page.textContent('#list-status'), /parameter "q": is 201 characters long; at most 200/);
  assert.deepEqual(problems.filter((p) => !p.includes('400')), []);
  // The next search works again.
  await page.fill('#search', 'no such event anywhere');
  await page.waitForFunction(() => /^0 of 100,000 events match/.test(document.getElementById('list-status').textContent), null, { timeout: 10000 });
  await context.close();
});
