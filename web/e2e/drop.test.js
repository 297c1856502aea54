// A file of one's own in the browser: picked with "Open a file" (a CSV with
// its sidecar) or dropped on the page; the server checks it and stores
// nothing, the page plays a good one and lists a bad one's problems.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, load } from './helpers.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
let env;

before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Drops files ({name, text}) on the page as a user's drag would. */
async function drop(page, files) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
}

test('a CSV and its sidecar, opened with the button, play as their own chronology; its export is made in the page', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open-file')]);
  await Promise.all([
    page.waitForURL(/[?&]local=1/),
    chooser.setFiles([path.join(examples, 'csv/beirut-port.csv'), path.join(examples, 'csv/beirut-port.meta.json')]),
  ]);
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.textContent('#dataset-title'), 'The 2020 Beirut port explosion');
  assert.match(await page.textContent('.brand-sub'), /beirut-port\.csv, opened in this browser \(not stored on the server\)/);
  assert.deepEqual(await page.$$eval('#legend .legend-label', (els) => els.map((e) => e.textContent)),
    ['Fire and explosion', 'Rescue and relief', 'Protests', 'Politics', 'Inquiry']);
  assert.equal(await page.locator('#event-list li').count(), 7);

  // A reload keeps it: it is held in this browser.
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.textContent('#dataset-title'), 'The 2020 Beirut port explosion');

  // Export: what is shown, as GeoJSON made in the page with the metadata.
  await page.focus('#timeline');
  await page.keyboard.press('End');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  assert.equal(download.suggestedFilename(), 'beirut-port.geojson');
  const fc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(fc.features.length, 7);
  assert.equal(fc.chronomap.timezone, 'Asia/Beirut');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dropped file: a bad one is refused with its problems listed, a good one plays', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  const good = await readFile(path.join(examples, 'beirut-port.geojson'), 'utf8');
  const bad = good.replace('"start": "2020-08-04T18:08:00+03:00"', '"start": "4 August 2020"').replace('"category": "inquiry"', '"category": "Inquiry!"');
  await drop(page, [{ name: 'mine.geojson', text: bad }]);
  await page.waitForSelector('#drop-report:not([hidden])');
  assert.equal(await page.textContent('#drop-report h2'), 'mine.geojson cannot be played');
  const listed = await page.$$eval('#drop-report li', (els) => els.map((e) => e.textContent));
  assert.equal(listed.length, 2);
  assert.match(listed[0], /^mine\.geojson: feature 1 \(id "port-explosion"\): start: "4 August 2020" is not an RFC 3339 time/);
  assert.match(listed[1], /^mine\.geojson: feature 6 \(id "sawan-charges"\): category: "Inquiry!" is not a slug/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'drop-report');
  assert.equal(new URL(page.url()).searchParams.has('local'), false, 'the page stays on the server\'s chronology');
  await page.click('#drop-report .drop-close');
  assert.equal(await page.isHidden('#drop-report'), true);

  await Promise.all([page.waitForURL(/[?&]local=1/), drop(page, [{ name: 'beirut.geojson', text: good }])]);
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.textContent('#dataset-title'), 'The 2020 Beirut port explosion');
  // The server's 422 for the bad file is the one HTTP error the page met.
  assert.deepEqual(problems.filter((p) => !/HTTP 422: .*\/api\/validate/.test(p) && !/status of 422/.test(p)), []);
  await context.close();
});

test('a file opened in this browser: Share says its link opens it only here, and elsewhere the link says so and leads to the server\'s map', async () => {
  const { page, context, problems } = await openPage(env.browser);
  await load(page, `${env.base}/`);
  const good = await readFile(path.join(examples, 'beirut-port.geojson'), 'utf8');
  await Promise.all([page.waitForURL(/[?&]local=1/), drop(page, [{ name: 'beirut.geojson', text: good }])]);
  await page.waitForSelector('html[data-ready="true"]');
  await page.click('#share');
  assert.match(await page.textContent('#share-box .share-local'), /opened in this browser: the link and the embed open it only here/);
  assert.equal(await page.isVisible('#share-box .share-local'), true);
  const link = await page.inputValue('#share-link');
  assert.deepEqual(problems, []);
  await context.close();

  // The link in another browser (a fresh context keeps no file).
  const other = await openPage(env.browser);
  await other.page.goto(link);
  await other.page.waitForSelector('#message:not([hidden])');
  const message = await other.page.textContent('#message');
  assert.match(message, /a file opened in a browser, and this browser does not keep it/);
  assert.doesNotMatch(message, /Reload to try again/);
  // Export, until the page set it the server's own collection, and Share give nothing.
  assert.equal(await other.page.getAttribute('#export', 'href'), null);
  assert.equal(await other.page.isDisabled('#share'), true);
  await Promise.all([other.page.waitForURL(`${env.base}/`), other.page.click('#message a')]);
  await other.page.waitForSelector('html[data-ready="true"]');
  await other.context.close();

  // The server's map does not warn.
  const own = await openPage(env.browser);
  await load(own.page, `${env.base}/`);
  await own.page.click('#share');
  assert.equal(await own.page.isVisible('#share-box .share-local'), false);
  await own.context.close();
});
