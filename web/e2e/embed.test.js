// Embedding, sharing and the first-visit hint in headless Chromium: the
// embed view, the --frame-ancestors option seen by a real parent page on
// another origin, and the Share box with and without a clipboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { start, startServer, openPage, load } from './helpers.js';

let env;
let parent;
let parentOrigin;
let refusing;

/** A page on another origin that frames src. */
function listen() {
  const srv = http.createServer((req, res) => {
    const src = new URL(req.url, 'http://x').searchParams.get('src');
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><title>Parent</title><iframe id="f" src="${src}" width="900" height="600"></iframe>`);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

before(async () => {
  parent = await listen();
  parentOrigin = `http://127.0.0.1:${parent.address().port}`;
  env = await start(['--frame-ancestors', `'self' ${parentOrigin}`]);
  refusing = await startServer();
});

after(async () => {
  await env?.stop();
  refusing?.stop();
  parent?.close();
});

test('?embed=1 shows the map, the timeline and the player only', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?embed=1&t=2020-01-08T03:00:00Z`);
  for (const sel of ['#map', '#timeline', '#play', '#readout', '#full-link']) assert.ok(await page.isVisible(sel), `${sel} shown`);
  for (const sel of ['#side', '#event-list', '#export', '#share', '#speed']) assert.equal(await page.isVisible(sel), false, `${sel} hidden`);
  // The view stays an embed as the URL follows the playhead; the way out opens the full page.
  await page.click('#next');
  await page.waitForFunction(() => /embed=1/.test(window.location.search) && /t=/.test(window.location.search));
  const [full] = await Promise.all([context.waitForEvent('page'), page.click('#full-link')]);
  await full.waitForLoadState();
  assert.ok(!/embed=/.test(full.url()) && /t=2020-01-08/.test(full.url()), full.url());
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the embed\'s way out sits beside the player, named in full', async () => {
  const { page, context, problems } = await openPage(env.browser, { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await load(page, `${env.base}/?embed=1&t=2020-01-08T03:00:00Z`);
  for (const [width, height] of [[360, 640], [390, 844]]) {
    await page.setViewportSize({ width, height });
    const [link, play] = await Promise.all(['#full-link', '#play'].map((sel) => page.locator(sel).boundingBox()));
    assert.ok(link.y < play.y + play.height && play.y < link.y + link.height, `${width} px: the link on Play's row`);
    assert.ok(link.x + link.width <= width, `${width} px: the link on the screen`);
    assert.equal(await page.getByRole('link', { name: 'Open the full map in a new tab' }).count(), 1);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('--frame-ancestors lets the named origin frame the map; by default none may', async () => {
  const csp = async (base) => (await fetch(`${base}/`)).headers.get('content-security-policy');
  assert.match(await csp(env.base), new RegExp(`frame-ancestors 'self' ${parentOrigin}$`));
  assert.match(await csp(refusing.base), /frame-ancestors 'none'$/);

  const { page, context } = await openPage(env.browser);
  await page.goto(`${parentOrigin}/?src=${encodeURIComponent(`${env.base}/?embed=1`)}`);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await frame.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  assert.ok(await frame.isVisible('#play'), 'the embedded player is there');
  await context.close();

  const blocked = await openPage(env.browser);
  await blocked.page.goto(`${parentOrigin}/?src=${encodeURIComponent(`${refusing.base}/?embed=1`)}`);
  const f2 = await (await blocked.page.waitForSelector('#f')).contentFrame();
  await blocked.page.waitForTimeout(1500);
  assert.equal(await f2.$('html[data-ready="true"]'), null, 'the default server is not framed');
  await blocked.context.close();
});

test('Share copies the link and offers the <iframe> code', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
  await load(page, `${env.base}/?t=2020-01-08T03:00:00Z`);
  await page.click('#share');
  await page.waitForFunction(() => /copied/.test(document.querySelector('.share-status').textContent));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?t=2020-01-08T03:00:00Z/);
  assert.equal(await page.inputValue('#share-link'), link);
  const code = await page.inputValue('#share-code');
  assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?t=2020-01-08T03:00:00Z[^"]*&amp;embed=1" title="[^"]+" width="100%" height="\d+"/);
  await page.click('text=Copy embed code');
  await page.waitForFunction(() => /Embed code copied/.test(document.querySelector('.share-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  assert.equal(await page.isVisible('.share-note'), false, 'this server allows framing');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#share-box'), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without a clipboard, Share leaves the link selected to copy by hand', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await load(page, `${refusing.base}/`);
  await page.click('#share');
  await page.waitForFunction(() => /Ctrl\+C/.test(document.querySelector('.share-status').textContent));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'share-link');
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return el.value.slice(el.selectionStart, el.selectionEnd);
  });
  assert.equal(selected, await page.inputValue('#share-link'));
  await page.waitForSelector('.share-note:not([hidden])');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a first visit is told to press Play, once', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  assert.ok(await page.isVisible('#hint'));
  await page.click('#play');
  assert.equal(await page.isVisible('#hint'), false, 'gone once playing');
  await page.click('#play');
  await load(page, `${env.base}/`);
  assert.equal(await page.isVisible('#hint'), false, 'not again');
  assert.deepEqual(problems, []);
  await context.close();
});
