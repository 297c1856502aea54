// The map page in headless Chromium against the real binary.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, load, visibleIds, playhead } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = path.resolve(here, '../../docs/screenshot.png');
const RESULTS = path.resolve(here, '../test-results');

let env;
let events;
const ids = {};

before(async () => {
  env = await start();
  const fc = await (await fetch(`${env.base}/api/collections/events/items?limit=10000`)).json();
  events = fc.features.map((f) => ({ ...f.properties, geometry: f.geometry.type, ms: Date.parse(f.properties.start) }));
  // Look the key events up by what they are, not by id, so the dataset can evolve.
  const find = (pred, what) => {
    const ev = events.find(pred);
    assert.ok(ev, `the dataset has ${what}`);
    return ev.id;
  };
  const point = (e) => e.geometry === 'Point';
  ids.alAsad = find((e) => e.category === 'missile-attack' && point(e) && /Al Asad/.test(e.place), 'the Al Asad missile strike');
  ids.erbil = find((e) => e.category === 'missile-attack' && point(e) && /Erbil/.test(e.place), 'the Erbil missile strike');
  ids.crash = find((e) => e.category === 'aviation' && point(e) && /PS752/.test(e.title) && /crash/i.test(e.title), 'the PS752 crash');
  ids.flight = find((e) => e.category === 'aviation' && e.geometry === 'LineString' && /PS752/.test(e.title), 'the PS752 flight');
});

after(async () => {
  await env?.stop();
});

test('the page loads without console errors or failed requests', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  assert.ok(await page.locator('#event-list li').count() >= events.length);
  assert.match(await page.textContent('#readout'), /\d{4} \d\d:\d\d \(UTC[+-]\d\d:\d\d, .+\)/);
  assert.ok(await page.locator('.country-label').count() > 0, 'country names are drawn');
  assert.ok(await page.locator('.place-label:not(.label-hidden)').count() > 3, 'places are labelled');
  assert.equal(await page.isVisible('#dataset'), false, 'one collection: no Dataset menu');
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first requests start with the page (its Link header) and are made once', async () => {
  const { page, context, problems } = await openPage(env.browser);
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
  await load(page, `${env.base}/`);
  const count = (p) => asked.filter((u) => u === p).length;
  assert.equal(count('/api/collections'), 1, 'the collections: the preload taken, not fetched again');
  assert.equal(count('/api/collections/events/items?limit=2000&offset=0'), 1, 'the first page: the preload taken');
  // Both before any of the page's modules (bundled by the build), whose requests they no longer wait behind.
  const first = asked.findIndex((u) => /^\/(js|bundle)\//.test(u));
  assert.ok(first > 0, asked.join(' '));
  assert.ok(asked.indexOf('/api/collections') < first && asked.indexOf('/api/collections/events/items?limit=2000&offset=0') < first, asked.join(' '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('while the server cannot answer for now (503), the page says so and tries again', async () => {
  const { page, context, problems } = await openPage(env.browser);
  let refused = 0;
  await page.route(/\/items\?limit=2000&offset=0$/, (route) => {
    refused += 1;
    if (refused > 1) return route.continue();
    return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'Unavailable', description: 'the database is unavailable' }) });
  });
  await page.goto(`${env.base}/`);
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.textContent('#message'), /the database is unavailable\)\. Trying again in 2 s\.$/);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 15000 });
  assert.equal(await page.isHidden('#message'), true, 'the message goes once the events are in');
  assert.equal(refused, 2);
  assert.deepEqual(problems.filter((p) => !p.includes('503')), []);
  await context.close();
});

test('play advances the time, pause stops it', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-02T12:00:00Z`);
  const t0 = await playhead(page);
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.waitForFunction((t) => Number(document.querySelector('#timeline').getAttribute('aria-valuenow')) > t + 3600e3, t0);
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  const t1 = await playhead(page);
  await page.waitForTimeout(200);
  assert.equal(await playhead(page), t1, 'paused');
  assert.deepEqual(problems, []);
  await context.close();
});

test('8 January: the missiles land before PS752 is shot down', async () => {
  const { page, context, problems } = await openPage(env.browser);
  // 02:30 in Tehran (UTC+03:30).
  await load(page, `${env.base}/?t=2020-01-07T23:00:00Z&map=34,46,5.5`);
  let shown = await visibleIds(page);
  assert.ok(shown.includes(ids.alAsad), `Al Asad shown: ${shown}`);
  assert.ok(shown.includes(ids.erbil), 'Erbil shown');
  assert.ok(!shown.includes(ids.crash) && !shown.includes(ids.flight), 'PS752 not yet');
  // One clock, the dataset's: Baghdad time, whichever event is nearest.
  assert.match(await page.textContent('#readout'), /^8 Jan 2020 02:00 \(UTC\+03:00, Baghdad time\)$/);
  assert.match(await page.textContent('#readout-alt'), /^7 Jan 2020 23:00 UTC$/);
  // 06:30 in Tehran.
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z&map=34,46,5.5`);
  shown = await visibleIds(page);
  for (const id of [ids.alAsad, ids.erbil, ids.crash, ids.flight]) assert.ok(shown.includes(id), `${id} shown`);
  assert.match(await page.textContent('#readout'), /^8 Jan 2020 06:00 \(UTC\+03:00, Baghdad time\)$/, 'still Baghdad time, not Tehran\'s');
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking an event opens its details with sources; Esc closes them', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z&map=34.5,47,5.5`);
  // At this zoom the crash lies in Tehran's stack: the first click fans it out.
  await page.click(`.leaflet-marker-pane [data-event-id="${ids.crash}"]`);
  if (await page.isHidden('#panel')) {
    await page.waitForSelector(`.leaflet-marker-pane [data-event-id="${ids.crash}"].fanned`);
    await page.click(`.leaflet-marker-pane [data-event-id="${ids.crash}"]`);
  }
  await page.waitForSelector('#panel:not([hidden])');
  const crash = events.find((e) => e.id === ids.crash);
  assert.equal(await page.textContent('#panel-title'), crash.title);
  assert.match(await page.textContent('#panel .when-primary'), /8 Jan 2020 06:18 \(UTC\+03:30\)/);
  const links = await page.$$eval('#panel .sources a', (as) => as.map((a) => ({ href: a.href, target: a.target, rel: a.rel })));
  assert.equal(links.length, crash.sources.length);
  assert.ok(links.every((l) => l.target === '_blank' && /noopener/.test(l.rel)));
  assert.deepEqual(links.map((l) => l.href), crash.sources.map((s) => new URL(s.url).href));
  assert.ok(await page.locator(`.leaflet-marker-pane [data-event-id="${ids.crash}"].selected`).count() === 1, 'selection highlighted on the map');
  assert.ok(await page.locator(`#timeline [data-event-id="${ids.crash}"].selected`).count() === 1, 'and on the timeline');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#panel', { state: 'hidden' });
  // From the list: the time moves to the event and the map shows it.
  await page.click(`#event-list [data-event-id="${ids.erbil}"]`);
  await page.waitForSelector('#panel:not([hidden])');
  assert.equal(await playhead(page), Date.parse(events.find((e) => e.id === ids.erbil).start));
  assert.ok((await visibleIds(page)).includes(ids.erbil));
  // From the timeline: a mark is a way to the event too.
  const strike = events.find((e) => e.category === 'strike' && /Soleimani/.test(e.title));
  await page.click(`#timeline [data-event-id="${strike.id}"] .tl-dot`, { force: true });
  await page.waitForFunction((title) => document.querySelector('#panel-title')?.textContent === title, strike.title);
  assert.equal(await playhead(page), strike.ms);
  assert.deepEqual(problems, []);
  await context.close();
});

async function exportAndCompare(page) {
  const shown = await visibleIds(page);
  assert.ok(shown.length > 0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const fc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(fc.features.map((f) => f.id).sort(), shown);
  return shown;
}

test('export downloads exactly the events shown', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z&fade=1h`);
  const all = await exportAndCompare(page);
  assert.equal(all.length, events.filter((e) => e.ms <= Date.parse('2020-01-08T03:00:00Z')).length);
  // With filters: two categories and a search.
  await load(page, `${env.base}/?t=2020-01-11T00:00:00Z&cat=aviation,missile-attack&q=iran`);
  const some = await exportAndCompare(page);
  const expected = events.filter((e) => ['aviation', 'missile-attack'].includes(e.category)
    && `${e.title}\n${e.summary}\n${e.place}`.toLowerCase().includes('iran') && e.ms <= Date.parse('2020-01-11T00:00:00Z'));
  assert.deepEqual(some, expected.map((e) => e.id).sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test('export as KML: one Placemark per event shown, and the format is remembered', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z&fade=1h&cat=aviation,missile-attack,strike`);
  await page.selectOption('#export-format', 'kml');
  await page.waitForURL(/[?&]fmt=kml/);
  assert.match(await page.getAttribute('#export', 'title'), / as KML$/);
  const shown = await visibleIds(page);
  assert.ok(shown.length > 0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.match(download.suggestedFilename(), /\.kml$/);
  const kml = await readFile(await download.path(), 'utf8');
  assert.match(kml, /<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/);
  assert.equal(kml.match(/<Placemark[\s>]/g)?.length, shown.length);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.inputValue('#export-format'), 'kml');
  assert.match(await page.getAttribute('#export', 'href'), /format=kml/);
  assert.deepEqual(problems, []);
  await context.close();
});

// settledURL is the page's URL once the map has come to rest: on a busy
// machine the flight to a selected event can outlast a fixed wait, and
// the URL then changes after it was read. The page writes its URL at most
// every 400 ms: one unchanged for longer has no write pending.
async function settledURL(page) {
  let last = page.url();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(600);
    if (page.url() === last) return last;
    last = page.url();
  }
  return last;
}

test('the state survives a reload', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-05T00:00:00Z`);
  await page.click('#legend [data-category="diplomacy"]');
  await page.fill('#search', 'a');
  await page.selectOption('#speed', '6h');
  await page.selectOption('#fade', 'never');
  await page.click('#utc');
  await page.click('#timeline', { position: { x: 10, y: 60 } }); // focus it, and move the playhead
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await page.click(`#event-list li:not([hidden]) .ev-item >> nth=3`);
  await page.waitForSelector('#panel:not([hidden])');
  await page.mouse.move(800, 300);
  await page.mouse.wheel(0, -300);
  const before = {
    url: await settledURL(page),
    t: await playhead(page),
    title: await page.textContent('#panel-title'),
    readout: await page.textContent('#readout'),
    pressed: await page.getAttribute('#legend [data-category="diplomacy"]', 'aria-pressed'),
  };
  assert.match(before.url, /cat=/);
  assert.match(before.url, /map=/);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForTimeout(900);
  assert.equal(page.url(), before.url);
  assert.equal(await playhead(page), before.t);
  assert.equal(await page.textContent('#panel-title'), before.title);
  assert.equal(await page.textContent('#readout'), before.readout);
  assert.equal(await page.getAttribute('#legend [data-category="diplomacy"]', 'aria-pressed'), 'false');
  assert.equal(await page.inputValue('#search'), 'a');
  assert.equal(await page.inputValue('#speed'), '6h');
  assert.equal(await page.getAttribute('#utc', 'aria-pressed'), 'true');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: Space plays and pauses, → goes to the next event', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-07T23:00:00Z`);
  await page.focus('#timeline');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  const t = await playhead(page);
  await page.keyboard.press('ArrowRight');
  const next = events.filter((e) => e.ms > t).sort((a, b) => a.ms - b.ms)[0];
  assert.equal(await playhead(page), next.ms);
  assert.equal(await page.getAttribute('#event-list [aria-current="true"]', 'data-event-id'), next.id);
  // Typing in the search box does not drive the player.
  await page.focus('#search');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the panels collapse and the timeline works by touch', async () => {
  const { page, context, problems } = await openPage(env.browser, {
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
  });
  await load(page, `${env.base}/?t=2020-01-07T23:00:00Z`);
  assert.equal(await page.isVisible('#sidebar'), false, 'the list is a closed drawer');
  assert.equal(await page.isVisible('#drawer-toggle'), true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
  // The drawer opens the list; choosing an event closes it and shows a bottom sheet.
  await page.tap('#drawer-toggle');
  assert.equal(await page.isVisible('#event-list'), true);
  await page.tap(`#event-list [data-event-id="${ids.crash}"]`);
  await page.waitForSelector('#panel:not([hidden])');
  assert.equal(await page.isVisible('#sidebar'), false);
  const panel = await page.locator('#panel').boundingBox();
  const bar = await page.locator('.timebar').boundingBox();
  assert.ok(panel.width >= 389 && Math.abs(panel.y + panel.height - bar.y) < 2, 'a bottom sheet over the timeline');
  assert.ok(await page.locator('#panel .sources a').count() > 0);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, 'phone.png') });
  // Drag the playhead with a finger.
  const box = await page.locator('#timeline').boundingBox();
  const t0 = await playhead(page);
  const cdp = await context.newCDPSession(page);
  const touch = (type, x) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: box.y + box.height / 2 }],
  });
  await touch('touchStart', box.x + box.width * 0.3);
  await touch('touchMove', box.x + box.width * 0.5);
  await touch('touchMove', box.x + box.width * 0.7);
  await touch('touchEnd');
  assert.notEqual(await playhead(page), t0, 'the playhead moved');
  // Two fingers spreading zoom the timeline in.
  const span = async () => {
    await page.waitForTimeout(500);
    const [a, b] = new URL(page.url()).searchParams.get('w').split('/').map(Date.parse);
    return b - a;
  };
  const before = await span();
  const y = box.y + box.height / 2;
  const mid = box.x + box.width / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: mid - 30, y, id: 1 }, { x: mid + 30, y, id: 2 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: mid - 60, y, id: 1 }, { x: mid + 60, y, id: 2 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: mid - 90, y, id: 1 }, { x: mid + 90, y, id: 2 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const after = await span();
  assert.ok(after < before / 2, `pinching zoomed in: ${before} → ${after}`);
  // The export format is among the options behind the ⋯ button.
  assert.equal(await page.isVisible('#export-format'), false);
  await page.tap('#options-toggle');
  assert.equal(await page.isVisible('#export-format'), true);
  assert.equal(await page.isVisible('#export'), true);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.screenshot({ path: path.join(RESULTS, 'phone-options.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshot: story mode, the missiles on Al Asad and Erbil', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=5&t=2020-01-07T22:50:00Z`);
  await page.waitForSelector('#caption-now:not([hidden])');
  await page.waitForTimeout(800);
  await mkdir(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a path known only roughly is dotted, a surveyed one solid', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-08T02:20:00%2B03:00&map=33.5,44,6`);
  const dash = (id) => page.$eval(`.leaflet-map-pane path.ev-track[data-event-id="${id}"]`, (p) => getComputedStyle(p).strokeDasharray);
  const approximate = events.find((e) => e.geometry === 'LineString' && e.location_precision === 'approximate' && e.category === 'missile-attack');
  assert.ok(approximate, 'the dataset has an approximate missile track');
  assert.notEqual(await dash(approximate.id), 'none');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link naming a category or an event the chronology lacks says so and shows the rest', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?cat=strike,nope&ev=ps752-shootdown`);
  assert.equal(await page.getAttribute('#message', 'class'), 'message notice');
  assert.equal(await page.textContent('#message'),
    'The link\'s category "nope" is not in this chronology. The link\'s event "ps752-shootdown" is not in this chronology.');
  assert.match(await page.textContent('#list-status'), /^\d+ of \d+ events match/, 'the category it has still filters');
  assert.equal(await page.isVisible('#panel'), false);
  await page.click('#message');
  assert.equal(await page.isVisible('#message'), false, 'a click puts the notice away');
  assert.deepEqual(problems, []);
  await context.close();
});
