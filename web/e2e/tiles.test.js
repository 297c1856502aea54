// The layers over our basemap, in Chromium against the real binary: a
// --basemap MBTiles drawn at city zoom, OpenStreetMap as an overlay that
// says so when it cannot load, a --tiles server the CSP allows and no other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, load } from './helpers.js';
import { makeBasemap } from './basemap-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.resolve(here, '../test-results');
const PNG = readFileSync(path.resolve(here, '../static/vendor/leaflet/images/layers.png'));
const OSM = 'https://tile.openstreetmap.org/**';

let dir;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'chronomap-tiles-'));
  mkdirSync(RESULTS, { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Pixels the vector layer has painted (alpha above zero) on its canvases. */
function paintedPixels(page) {
  return page.$$eval('.leaflet-vectorTiles-pane canvas.leaflet-tile', (canvases) => {
    let n = 0;
    const colours = new Set();
    for (const c of canvases) {
      if (!c.width) continue;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] === 0) continue;
        n += 1;
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
    }
    return { pixels: n, colours: colours.size };
  });
}

test('--basemap: the MBTiles streets and land use are drawn at zoom 10, and the choice is kept in the URL', async () => {
  const env = await start(['--basemap', makeBasemap(dir)]);
  try {
    const { page, context, problems } = await openPage(env.browser);
    await load(page, `${env.base}/?map=33.84,35.56,10`);
    await page.waitForSelector('.leaflet-vectorTiles-pane canvas.leaflet-tile-loaded', { timeout: 15000 });
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-vectorTiles-pane canvas.leaflet-tile-loaded').length
      === document.querySelectorAll('.leaflet-vectorTiles-pane canvas.leaflet-tile').length);
    const drawn = await paintedPixels(page);
    await page.screenshot({ path: path.join(RESULTS, 'basemap-zoom10.png') });
    // The fixture's grid is about 175 by 105 pixels at zoom 10: land-use
    // blocks in several colours, streets in white between them.
    assert.ok(drawn.pixels > 10000, `vector pixels drawn: ${drawn.pixels}`);
    assert.ok(drawn.colours >= 4, `colours drawn: ${drawn.colours}`);
    assert.ok(await page.locator('path.land').count() > 0, 'our basemap still lies beneath');
    assert.match(await page.textContent('.leaflet-control-attribution'), /Natural Earth/);

    // Switched off in the layers control: the URL says so, and a reload keeps it off.
    await page.hover('.leaflet-control-layers');
    await page.getByLabel('Your basemap').uncheck();
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('layers') === '');
    await load(page, page.url());
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.leaflet-vectorTiles-pane canvas').count(), 0, 'off after the reload');
    assert.equal(await page.getByLabel('Your basemap').isChecked(), false);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await env.stop();
  }
});

test('--basemap: the map zooms past 12 to its streets, a link opens at its own zoom 15, and without the layer it stops at 12', async () => {
  const env = await start(['--basemap', makeBasemap(dir)]);
  try {
    const { page, context, problems } = await openPage(env.browser);
    const urlZoom = (z) => page.waitForFunction((want) => new URLSearchParams(window.location.search).get('map')?.split(',')[2] === want, String(z));
    await load(page, `${env.base}/?map=33.84,35.56,15`);
    await page.waitForSelector('.leaflet-vectorTiles-pane canvas.leaflet-tile-loaded', { timeout: 15000 });
    await page.locator('.leaflet-control-zoom-in').click();
    await urlZoom(15.5);
    assert.equal(await page.locator('.leaflet-control-zoom-in.leaflet-disabled').count(), 0, 'deeper still (to 17)');

    // Our own basemap alone is countries only: 12 at most.
    await page.hover('.leaflet-control-layers');
    await page.getByLabel('Your basemap').uncheck();
    await urlZoom(12);
    assert.equal(await page.locator('.leaflet-control-zoom-in.leaflet-disabled').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await env.stop();
  }
});

test('OpenStreetMap offline: the overlay says so on the map, once, with no uncaught error', async () => {
  const env = await start();
  try {
    const { page, context, problems } = await openPage(env.browser);
    const asked = [];
    await page.route(OSM, (route) => {
      asked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await load(page, `${env.base}/?map=33.3,44.4,6&layers=osm`);
    const notice = page.locator('.map-notice');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.textContent(), /OpenStreetMap cannot be reached, so its tiles are not shown; the offline map is/);
    assert.equal(await notice.getAttribute('role'), 'status');
    // A move within the pause asks nothing more of the server.
    await page.mouse.move(800, 300);
    await page.mouse.down();
    await page.mouse.move(700, 350, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(600);
    assert.equal(asked.length, 1, `tiles asked for: ${asked.join(' ')}`);
    assert.ok(await page.locator('path.land').count() > 0, 'the offline basemap shows');
    assert.equal(await page.getByLabel('OpenStreetMap (online)').isChecked(), true, 'still chosen');
    // What is left is the browser's own report of the one failed tile.
    const own = problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p));
    assert.deepEqual(own, []);
    assert.ok(problems.length <= 2, problems.join('\n'));

    // Switched off, the message goes.
    await page.hover('.leaflet-control-layers');
    await page.getByLabel('OpenStreetMap (online)').uncheck();
    assert.equal(await notice.isVisible(), false);
    await context.close();
  } finally {
    await env.stop();
  }
});

test('OpenStreetMap online: tiles lie over our basemap, and the choice survives a reload', async () => {
  const env = await start();
  try {
    const { page, context, problems } = await openPage(env.browser);
    await page.route(OSM, (route) => route.fulfill({ body: PNG, contentType: 'image/png' }));
    await load(page, `${env.base}/?map=33.3,44.4,6`);
    assert.equal(new URL(page.url()).searchParams.has('layers'), false, 'the default is off and not written');
    await page.hover('.leaflet-control-layers');
    await page.getByLabel('OpenStreetMap (online)').check();
    await page.waitForSelector('.leaflet-rasterTiles-pane img.leaflet-tile-loaded');
    assert.ok(await page.locator('path.land').count() > 0, 'our basemap lies beneath');
    assert.equal(await page.locator('.map-notice').isVisible(), false);
    assert.match(await page.textContent('.leaflet-control-attribution'), /© OpenStreetMap contributors/);
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('layers') === 'osm');
    await load(page, page.url());
    await page.waitForSelector('.leaflet-rasterTiles-pane img.leaflet-tile-loaded');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await env.stop();
  }
});

test('--tiles: the page loads tiles from that origin and from no other', async () => {
  const tiles = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(PNG);
  });
  await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const { port } = tiles.address();
  const env = await start(['--tiles', `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, '--tiles-attribution', 'Test <tiles> & co']);
  try {
    const res = await fetch(`${env.base}/`);
    assert.match(res.headers.get('content-security-policy'), new RegExp(`img-src 'self' data: https://tile\\.openstreetmap\\.org http://127\\.0\\.0\\.1:${port};`));
    const { page, context, problems } = await openPage(env.browser);
    await load(page, `${env.base}/?map=33.3,44.4,6`);
    await page.waitForSelector(`.leaflet-rasterTiles-pane img.leaflet-tile-loaded[src^="http://127.0.0.1:${port}/"]`);
    assert.match(await page.textContent('.leaflet-control-attribution'), /Test <tiles> & co/, 'the attribution, as text');
    // The same server under another name is another origin: refused.
    const other = await page.evaluate((url) => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = url;
    }), `http://localhost:${port}/0/0/0.png`);
    assert.equal(other, 'refused');
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /violates the following Content Security Policy directive: "img-src/);
    assert.match(problems[1], /request failed: http:\/\/localhost:\d+\/0\/0\/0\.png csp/);
    await context.close();
  } finally {
    await env.stop();
    tiles.close();
  }
});
