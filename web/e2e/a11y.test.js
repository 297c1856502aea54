// Keyboard and accessibility in headless Chromium: Tab order, ←/→ wherever
// focus is, links to an event, and axe-core in several states.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { start, openPage, load, playhead } from './helpers.js';

const require = createRequire(import.meta.url);
let env;
let axeSource;

before(async () => {
  env = await start();
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});

after(async () => {
  await env?.stop();
});

/**
 * axe-core's serious and critical violations on the page. The library goes
 * in through the DevTools protocol, which the page's CSP (script-src 'self')
 * does not govern, so the policy under test stays as served.
 */
async function axeViolations(page) {
  const cdp = await page.context().newCDPSession(page);
  const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: axeSource });
  assert.equal(exceptionDetails, undefined, 'axe-core loaded');
  await cdp.detach();
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Controls in view smaller than 44 × 44 px. */
function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll('button, a[href], select, input, [role="slider"]')]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => ({ el: el.id || el.textContent.trim().slice(0, 20), r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth)
    .filter(({ r }) => r.width < 43.5 || r.height < 43.5)
    .map(({ el, r }) => `${el} ${Math.round(r.width)}×${Math.round(r.height)}`));
}

test('axe-core: no serious or critical violation, by default, with the panel open, and on a phone', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  assert.deepEqual(await axeViolations(page), [], 'default');
  await page.click('#event-list li:nth-child(20) button');
  await page.waitForSelector('#panel:not([hidden])');
  assert.deepEqual(await axeViolations(page), [], 'panel open');
  await page.click('#utc');
  assert.deepEqual(await axeViolations(page), [], 'UTC');
  assert.deepEqual(problems, []);
  await context.close();

  const phone = await openPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await load(phone.page, `${env.base}/`);
  assert.deepEqual(await axeViolations(phone.page), [], 'phone');
  await phone.page.click('#drawer-toggle');
  assert.deepEqual(await axeViolations(phone.page), [], 'phone, list open');
  await phone.page.click('#drawer-toggle');
  await phone.page.click('#options-toggle');
  assert.deepEqual(await axeViolations(phone.page), [], 'phone, options open');
  assert.deepEqual(await smallTargets(phone.page), [], 'touch targets of 44 px, options open');
  await phone.page.click('#options-toggle');
  await phone.page.click('#drawer-toggle');
  assert.deepEqual(await smallTargets(phone.page), [], 'touch targets of 44 px, list open');
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});

test('axe-core: story mode, explore mode\'s caption while playing, and the recorder', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?chapter=5&t=2020-01-07T22:40:00Z`);
  await page.waitForSelector('#caption-now:not([hidden])');
  assert.deepEqual(await axeViolations(page), [], 'story mode, a key event named');
  await page.click('#record');
  assert.deepEqual(await axeViolations(page), [], 'recorder open');
  await page.click('#recorder-close');
  await page.click('#story-mode');
  await page.click('#play');
  await page.waitForSelector('#caption.explore #caption-now:not([hidden])');
  await page.click('#play');
  assert.deepEqual(await axeViolations(page), [], 'explore mode, caption');
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe-core: the close-up inset of a small movement, selected on a desktop and playing on a phone', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?mode=explore&ev=ps752-flight`);
  await page.waitForSelector('#inset:not([hidden]) #inset-map path.land', { state: 'attached' });
  assert.deepEqual(await axeViolations(page), [], 'inset, selected');
  assert.deepEqual(problems, []);
  await context.close();

  // At 10 min/s the six-minute flight plays for half a minute.
  const phone = await openPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await load(phone.page, `${env.base}/?mode=explore&t=2020-01-08T06:13:00%2B03:30&speed=10m`);
  await phone.page.click('#play');
  await phone.page.waitForSelector('#inset:not([hidden]) #inset-map path.land', { state: 'attached' });
  assert.deepEqual(await axeViolations(phone.page), [], 'inset, phone, playing');
  assert.deepEqual(await smallTargets(phone.page), [], 'touch targets of 44 px, inset');
  assert.equal(await phone.page.isVisible('#inset'), true, 'still shown after the audit');
  await phone.page.click('#play');
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});

test('Tab reaches the skip links, then Play and Export, before the list of events', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  const order = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      return el.id || (el.classList.contains('ev-item') ? 'event' : el.className) || el.tagName;
    });
    order.push(id);
    if (id === 'event') break;
  }
  assert.equal(order[0], 'skip-link', order.join(' '));
  const at = (id) => order.indexOf(id);
  for (const id of ['play', 'export', 'timeline', 'search']) assert.ok(at(id) > 0 && at(id) < at('event'), `${id} before the list: ${order.join(' ')}`);
  assert.ok(at('play') < 6, `Play is among the first stops: ${order.join(' ')}`);
  // The skip link takes focus to the list.
  await page.keyboard.press('Shift+Tab');
  await page.focus('.skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'event-list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('← and → step events after a click on the map, and do not pan it', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-07T23:00:00Z&map=33,47,5.5`);
  await page.mouse.click(900, 200);
  assert.ok(await page.evaluate(() => document.activeElement.closest('.leaflet-container') !== null), 'the map has focus');
  const url0 = new URL(page.url()).searchParams.get('map');
  const t0 = await playhead(page);
  await page.keyboard.press('ArrowRight');
  const t1 = await playhead(page);
  assert.ok(t1 > t0, 'time stepped forward');
  await page.keyboard.press('ArrowLeft');
  assert.ok(await playhead(page) < t1, 'and back');
  await page.waitForTimeout(500);
  assert.equal(new URL(page.url()).searchParams.get('map'), url0, 'the map did not pan');
  assert.deepEqual(problems, []);
  await context.close();
});

test('?ev=ID without t moves the time and the map to the event, the panel beside it', async () => {
  const fc = await (await fetch(`${env.base}/api/collections/events/items?limit=10000`)).json();
  const far = fc.features.find((f) => f.geometry.type === 'Point' && f.geometry.coordinates[0] < -30);
  assert.ok(far, 'an event in the Americas');
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const phone = viewport.width < 700;
    const { page, context, problems } = await openPage(env.browser, { viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    await load(page, `${env.base}/?ev=${far.properties.id}`);
    await page.waitForSelector('#panel:not([hidden])');
    assert.equal(await playhead(page), Date.parse(far.properties.start), 'time at the event');
    assert.equal(await page.getAttribute('#event-list [aria-current="true"]', 'data-event-id'), far.properties.id);
    const marker = page.locator(`.leaflet-marker-pane [data-event-id="${far.properties.id}"]`);
    await page.waitForFunction((id) => {
      const el = document.querySelector(`.leaflet-marker-pane [data-event-id="${id}"]`);
      const p = document.getElementById('panel').getBoundingClientRect();
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const inMap = r.left > 0 && r.right < innerWidth && r.top > 0 && r.bottom < innerHeight;
      const underPanel = r.right > p.left && r.left < p.right && r.bottom > p.top && r.top < p.bottom;
      return inMap && !underPanel;
    }, far.properties.id, { timeout: 5000 });
    assert.equal(await marker.count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a marker clicked under where the panel opens is moved clear of it', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/?t=2020-01-12T00:00:00Z&map=35.69,46.5,6`);
  const tehran = page.locator('.leaflet-marker-pane .ev-glyph').filter({ has: page.locator('svg') });
  const box = await page.evaluate(() => {
    const all = [...document.querySelectorAll('.leaflet-marker-pane .ev-glyph')].map((el) => ({ id: el.dataset.eventId, r: el.getBoundingClientRect() }));
    return all.sort((a, b) => b.r.right - a.r.right)[0];
  });
  assert.ok(box.r.left > 1280 - 392 - 24, `a marker where the panel opens: ${JSON.stringify(box)}`);
  await page.mouse.click(box.r.left + box.r.width / 2, box.r.top + box.r.height / 2);
  await page.waitForSelector('#panel:not([hidden])');
  await page.waitForFunction(() => {
    const sel = document.querySelector('.leaflet-marker-pane .ev-glyph.selected');
    const p = document.getElementById('panel').getBoundingClientRect();
    return sel && sel.getBoundingClientRect().right < p.left;
  }, null, { timeout: 5000 });
  assert.ok(await tehran.count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});
